package dev.ferry.producer.internal.config;

import dev.ferry.common.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Converts raw property values (strings from a properties file, or typed objects from a map) into
 * typed values, with the same leniency as kafka-clients: numbers as strings or numbers, surrounding
 * spaces ignored, booleans case-insensitive, lists as comma-separated strings or collections.
 */
public final class ConfigValues {
    private ConfigValues() {}

    public static int toInt(String key, Object value) {
        long v = toLong(key, value, "an integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new ConfigException(
                    key, value, "must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    public static long toLong(String key, Object value) {
        return toLong(key, value, "a long integer");
    }

    private static long toLong(String key, Object value, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, quoted(value), "must be " + what);
            }
        }
        throw new ConfigException(key, describe(value), "must be " + what);
    }

    public static boolean toBoolean(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
        }
        throw new ConfigException(key, quoted(value), "must be true or false");
    }

    public static String toString(String key, Object value) {
        if (value instanceof String s) {
            return s.trim();
        }
        throw new ConfigException(key, describe(value), "must be a string");
    }

    /** A class name, or the name of a {@link Class} given directly, as kafka-clients accepts. */
    public static String toClassName(String key, Object value) {
        if (value instanceof Class<?> c) {
            return c.getName();
        }
        if (value instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        throw new ConfigException(key, quoted(value), "must be a class name or a Class");
    }

    public static List<String> toList(String key, Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String s) {
            for (String item : s.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        } else if (value instanceof Collection<?> c) {
            for (Object item : c) {
                items.add(toString(key, item));
            }
        } else {
            throw new ConfigException(key, describe(value), "must be a comma-separated string or a list");
        }
        return List.copyOf(items);
    }

    /** Class names as a comma-separated string or a list of names and {@link Class} objects, as kafka-clients accepts. */
    public static List<String> toClassNames(String key, Object value) {
        if (value instanceof Collection<?> c) {
            List<String> names = new ArrayList<>();
            for (Object item : c) {
                names.add(toClassName(key, item));
            }
            return List.copyOf(names);
        }
        return toList(key, value);
    }

    public static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key, value, "must be at least " + min);
        }
    }

    public static void between(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key, value, "must be between " + min + " and " + max);
        }
    }

    private static Object quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : value;
    }

    /** An object of the wrong type, by its type: its {@code toString()} may print fields that are secrets. */
    private static String describe(Object value) {
        return value == null ? null : "(a " + value.getClass().getSimpleName() + ")";
    }
}
