package dev.ferry.producer.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.config.ConfigType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The value types of the producer's keys, with kafka-clients' leniency: numbers as strings or
 * numbers, surrounding spaces ignored, booleans case-insensitive, lists as comma-separated strings or
 * collections (an empty entry refused, as kafka-clients 4.4 refuses it), class names or {@link Class} objects.
 */
public final class ProducerTypes {
    public static final ConfigType<Integer> INT = new ConfigType<>("int", ProducerTypes::toInt);
    public static final ConfigType<Long> LONG =
            new ConfigType<>("long", value -> ConfigType.wholeNumber(value, "a long integer"));
    public static final ConfigType<Boolean> BOOLEAN = ConfigType.BOOLEAN;
    public static final ConfigType<String> STRING = new ConfigType<>("string", ProducerTypes::toText);
    public static final ConfigType<List<String>> LIST = new ConfigType<>("list", ProducerTypes::toList);
    public static final ConfigType<String> CLASS_NAME = new ConfigType<>("class", ProducerTypes::toClassName);
    public static final ConfigType<List<String>> CLASS_NAMES = new ConfigType<>("list", ProducerTypes::toClassNames);
    /** A secret or PEM text: a string (trimmed, as kafka-clients does) or a {@link Password}; never shown. */
    public static final ConfigType<Password> PASSWORD =
            new ConfigType<>("password", ProducerTypes::toPassword, ProducerTypes::hidden);

    private ProducerTypes() {}

    /**
     * One of {@code choices}, case-insensitive as kafka-clients' enum-valued keys
     * ({@code MetadataRecoveryStrategy.forName}, {@code ClientDnsLookup.forConfig}), held in lower case.
     */
    static ConfigType<String> choiceOf(String key, List<String> choices) {
        return new ConfigType<>("string", value -> {
            String choice = toText(value).toLowerCase(Locale.ROOT);
            if (!choices.contains(choice)) {
                throw new ConfigException(key, value, "must be one of " + String.join(", ", choices));
            }
            return choice;
        });
    }

    private static int toInt(Object value) {
        long v = ConfigType.wholeNumber(value, "an integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigType.Invalid(
                    "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static String toText(Object value) {
        if (value instanceof String s) {
            return s.trim();
        }
        throw new ConfigType.Invalid("must be a string");
    }

    private static String toClassName(Object value) {
        if (value instanceof Class<?> c) {
            return c.getName();
        }
        if (value instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        throw new ConfigType.Invalid("must be a class or a class name");
    }

    private static List<String> toList(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String s && !s.isBlank()) {
            // as kafka-clients 4.4: a doubled or trailing comma is a mistake to name, not to skip
            for (String item : s.split(",", -1)) {
                if (item.isBlank()) {
                    throw new ConfigType.Invalid("must not have an empty entry (a doubled or trailing comma)");
                }
                items.add(item.trim());
            }
        } else if (value instanceof String) {
            return List.of();
        } else if (value instanceof Collection<?> c) {
            for (Object item : c) {
                items.add(toText(item));
            }
        } else {
            throw new ConfigType.Invalid("must be a comma-separated string or a list");
        }
        return List.copyOf(items);
    }

    private static List<String> toClassNames(Object value) {
        if (value instanceof Collection<?> c) {
            List<String> names = new ArrayList<>();
            for (Object item : c) {
                names.add(toClassName(item));
            }
            return List.copyOf(names);
        }
        return toList(value);
    }

    private static Password toPassword(Object value) {
        if (value instanceof Password password) {
            return password;
        }
        if (value instanceof String s) {
            return new Password(s.trim());
        }
        throw new ConfigType.Invalid("must be a string");
    }

    private static Object hidden(Object value) {
        return value == null ? null : Password.HIDDEN + " (" + value.getClass().getSimpleName() + ")";
    }
}
