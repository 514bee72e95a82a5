package dev.ferry.common.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The one way Ferry turns a configured plugin (a serializer, partitioner, interceptor, metrics
 * reporter, subject name strategy, reader class) into a class or an instance: given as an instance,
 * a {@link Class} or a class name, which must exist, implement the expected type and have a public
 * no-argument constructor that succeeds. Every refusal is a {@link ConfigException} naming the key,
 * the class and what is allowed.
 *
 * <p>A value is shown only when it is a well-formed class name: anything else may be a secret put
 * in the wrong key. A refused class name's lookup failure is not chained, as the JDK's message is
 * the raw value.
 */
public final class Instantiator {
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private Instantiator() {}

    /**
     * The value if it already is a {@code type}, else a new instance of its class.
     *
     * @param value an instance, a {@link Class} or a class name (surrounding spaces ignored)
     * @throws ConfigException naming the key and the class: not found, not a {@code type}, no public
     *     no-argument constructor, or the constructor threw (chained)
     */
    public static <T> T create(String key, Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        Object shown = shown(value);
        return newInstance(key, shown, checked(key, value, shown, type));
    }

    /**
     * Checks, without creating one, that the value names a class {@link #create} can instantiate.
     *
     * @param listed every entry of the key's list when the value is one of them: the value is shown
     *     by itself only if that cannot show part of a password a comma split ({@link Redaction#entryOf})
     * @throws ConfigException as {@link #create} does, but for the constructor's outcome
     */
    public static <T> Class<? extends T> check(String key, String value, Collection<String> listed, Class<T> type) {
        String entry = Redaction.entryOf(value, listed);
        Object shown = entry.equals(value) ? shown(value) : entry;
        Class<? extends T> checked = checked(key, value, shown, type);
        constructor(key, shown, checked);
        return checked;
    }

    /**
     * The class a value names, not initialized yet.
     *
     * @param value a {@link Class} or a class name (surrounding spaces ignored)
     * @throws ConfigException naming the key: not a class or class name, or no such class
     */
    public static Class<?> load(String key, Object value) {
        return load(key, value, shown(value));
    }

    private static <T> Class<? extends T> checked(String key, Object value, Object shown, Class<T> type) {
        Class<?> loaded = load(key, value, shown);
        if (!type.isAssignableFrom(loaded)) {
            throw new ConfigException(key, shown, "must be a class implementing " + type.getName());
        }
        return loaded.asSubclass(type);
    }

    private static Class<?> load(String key, Object value, Object shown) {
        if (value instanceof Class<?> loaded) {
            return loaded;
        }
        if (!(value instanceof String name) || name.isBlank()) {
            throw new ConfigException(key, shown, "must be a class or a class name");
        }
        try {
            return Class.forName(name.trim(), false, classLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, shown, "must be a class on the class path");
        } catch (LinkageError e) {
            // a class found but missing what it needs: the missing class is worth naming unless the
            // value is hidden, as the JDK may quote it
            throw new ConfigException(
                    key, shown, "must be a class on the class path", shown.equals(Password.HIDDEN) ? null : e);
        }
    }

    private static <T> T newInstance(String key, Object shown, Class<? extends T> type) {
        Constructor<? extends T> constructor = constructor(key, shown, type);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw threw(key, shown, e.getCause());
        } catch (ExceptionInInitializerError e) {
            throw threw(key, shown, e.getCause() != null ? e.getCause() : e);
        } catch (InstantiationException | IllegalAccessException e) {
            throw noConstructor(key, shown, e);
        }
    }

    /** An abstract class has a public constructor too, but cannot be created. */
    private static <T> Constructor<? extends T> constructor(String key, Object shown, Class<? extends T> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw noConstructor(key, shown, null);
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw noConstructor(key, shown, e);
        }
    }

    private static ConfigException noConstructor(String key, Object shown, Exception cause) {
        return new ConfigException(key, shown, "must be a class with a public no-argument constructor", cause);
    }

    private static ConfigException threw(String key, Object shown, Throwable cause) {
        return new ConfigException(
                key,
                shown,
                "must be a class whose constructor succeeds (it threw "
                        + cause.getClass().getName() + ")",
                cause);
    }

    /** A class name quoted, a class by its name, a number as it is; anything else hidden or by its type. */
    private static Object shown(Object value) {
        if (value instanceof Class<?> type) {
            return "'" + type.getName() + "'";
        }
        if (value instanceof String text) {
            String name = text.trim();
            return CLASS_NAME.matcher(name).matches() ? "'" + name + "'" : Password.HIDDEN;
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return "(a " + value.getClass().getSimpleName() + ")";
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Instantiator.class.getClassLoader();
    }
}
