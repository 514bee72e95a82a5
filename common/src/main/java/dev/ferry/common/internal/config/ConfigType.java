package dev.ferry.common.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a key's value is, and how a property value (a string from a properties file or a typed object
 * from a map) becomes it, with kafka-clients' leniency: numbers as strings or numbers, surrounding
 * spaces ignored, booleans case-insensitive, lists as comma-separated strings or collections. A value
 * of the wrong form is a {@link ConfigException} in the table's one style.
 *
 * @param name  the type as the documentation names it
 * @param parse from a property value; throws {@link Invalid} with what is allowed
 * @param shown a rejected value as the message shows it; {@code ConfigException} still hides what
 *              {@code Redaction} would
 */
public record ConfigType<T>(String name, Function<Object, T> parse, Function<Object, Object> shown) {

    public static final ConfigType<Boolean> BOOLEAN = new ConfigType<>("boolean", ConfigType::toBoolean);
    public static final ConfigType<Integer> INT = new ConfigType<>("int", ConfigType::toInt);
    public static final ConfigType<Long> LONG = new ConfigType<>("long", value -> wholeNumber(value, "a whole number"));
    public static final ConfigType<String> STRING = new ConfigType<>("string", ConfigType::toText);
    public static final ConfigType<List<String>> LIST = new ConfigType<>("list", ConfigType::toList);

    /** A type whose rejected values are shown as {@link #shownByDefault(Object)} shows them. */
    public ConfigType(String name, Function<Object, T> parse) {
        this(name, parse, ConfigType::shownByDefault);
    }

    /** A value is not of the type or not allowed; the table turns it into a {@link ConfigException}. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param allowed what would have been accepted, e.g. "must be true or false" */
        public Invalid(String allowed) {
            super(allowed, null, false, false);
        }
    }

    /** Parses and wraps a failure into the one error style, naming key and value. */
    public T parse(String key, Object value) {
        try {
            return parse.apply(value);
        } catch (Invalid e) {
            throw new ConfigException(key, shown.apply(value), e.getMessage());
        }
    }

    /**
     * A rejected value as the message shows it: text quoted (hidden by {@code ConfigException} when
     * it may hold a secret), an object of another type by its type, since its {@code toString()} may
     * print fields that are secrets.
     */
    static Object shownByDefault(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value instanceof String text ? "'" + text + "'" : value;
        }
        if (value instanceof Duration || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof Path path) {
            return "'" + path + "'";
        }
        return "(a " + value.getClass().getSimpleName() + ")";
    }

    /** A valid value as a {@code toString()} shows it; {@link Redaction} hides what may be a secret. */
    static String text(String key, Object value) {
        return value instanceof Duration || value instanceof Enum<?>
                ? value.toString()
                : Redaction.value(key, value instanceof Path path ? path.toString() : value);
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
        }
        throw new Invalid("must be true or false");
    }

    private static int toInt(Object value) {
        long v = wholeNumber(value, "an int");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Invalid("must be an int");
        }
        return (int) v;
    }

    /**
     * A whole number from a number or its text (spaces ignored), for types that name it their own way.
     *
     * @throws Invalid "must be {@code what}" for anything else
     */
    public static long wholeNumber(Object value, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // not chained: the JDK's message quotes the raw value
                throw new Invalid("must be " + what);
            }
        }
        throw new Invalid("must be " + what);
    }

    private static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Collection<?> items && items.stream().allMatch(String.class::isInstance)) {
            return String.join(",", items.stream().map(String.class::cast).toList());
        }
        throw new Invalid("must be a string");
    }

    private static List<String> toList(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String s) {
            for (String item : s.split(",", -1)) {
                items.add(item.trim());
            }
        } else if (value instanceof Collection<?> c) {
            for (Object item : c) {
                if (!(item instanceof String s)) {
                    throw new Invalid("must be a comma-separated string or a list of strings");
                }
                items.add(s.trim());
            }
        } else {
            throw new Invalid("must be a comma-separated string or a list of strings");
        }
        return List.copyOf(items);
    }
}
