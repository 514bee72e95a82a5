package dev.ferry.producer.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Serializer;
import dev.ferry.common.internal.Redaction;
import dev.ferry.producer.ByteArraySerializer;
import dev.ferry.producer.IntegerSerializer;
import dev.ferry.producer.LongSerializer;
import dev.ferry.producer.MetricsReporter;
import dev.ferry.producer.Partitioner;
import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.StringSerializer;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

/**
 * Creates the serializers and partitioner named by class in a configuration. kafka-clients' built-in
 * serializer names map to Ferry's equivalents, so a kafka-clients properties file works unchanged
 * without kafka-clients on the class path.
 */
public final class Plugins {
    private static final Map<String, Class<?>> KAFKA_BUILT_INS = Map.of(
            "org.apache.kafka.common.serialization.StringSerializer", StringSerializer.class,
            "org.apache.kafka.common.serialization.ByteArraySerializer", ByteArraySerializer.class,
            "org.apache.kafka.common.serialization.LongSerializer", LongSerializer.class,
            "org.apache.kafka.common.serialization.IntegerSerializer", IntegerSerializer.class);

    private Plugins() {}

    /**
     * A new, configured serializer of the named class.
     *
     * @param key       {@code key.serializer} or {@code value.serializer}, for messages and {@code isKey}
     * @param className the class name from the configuration
     * @param configs   passed to {@link Serializer#configure}
     * @throws ConfigException if the class is missing, not a {@link Serializer}, or cannot be created
     */
    public static <T> Serializer<T> serializer(String key, String className, Map<String, ?> configs) {
        @SuppressWarnings("unchecked")
        Serializer<T> serializer = instantiate(key, className, Serializer.class);
        serializer.configure(configs, key.startsWith("key."));
        return serializer;
    }

    /** A new, configured partitioner of the named class ({@code partitioner.class}). */
    public static Partitioner partitioner(String key, String className, Map<String, ?> configs) {
        Partitioner partitioner = instantiate(key, className, Partitioner.class);
        partitioner.configure(configs);
        return partitioner;
    }

    /** A new, configured interceptor of the named class (an entry of {@code interceptor.classes}). */
    public static ProducerInterceptor<?, ?> interceptor(String key, String className, Map<String, ?> configs) {
        ProducerInterceptor<?, ?> interceptor = instantiate(key, className, ProducerInterceptor.class);
        interceptor.configure(configs);
        return interceptor;
    }

    /** A new, configured metrics reporter of the named class (an entry of {@code metric.reporters}). */
    public static MetricsReporter metricsReporter(String key, String className, Map<String, ?> configs) {
        MetricsReporter reporter = instantiate(key, className, MetricsReporter.class);
        reporter.configure(configs);
        return reporter;
    }

    /**
     * Checks, without creating one, that the named class can be created as a {@code type}: it
     * exists, implements it, and has a public no-argument constructor.
     *
     * @param listed every entry of the key's list, so a message shows the entry only if that hides
     *               what a comma-split password left in it ({@code Redaction.entryOf})
     * @throws ConfigException naming the key and the class otherwise
     */
    public static void checkPluginClass(String key, String className, List<String> listed, Class<?> type) {
        Class<?> cls = pluginClass(key, className, Redaction.entryOf(className, listed), type);
        try {
            cls.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(
                    key, Redaction.entryOf(className, listed), "must have a public no-argument constructor");
        }
    }

    private static Class<?> pluginClass(String key, String className, String shown, Class<?> type) {
        Class<?> cls = KAFKA_BUILT_INS.get(className);
        if (cls == null) {
            try {
                cls = Class.forName(className, false, classLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, shown, "class not found");
            }
        }
        if (!type.isAssignableFrom(cls)) {
            throw new ConfigException(
                    key,
                    shown,
                    "must implement " + type.getName()
                            + (type == Serializer.class && className.startsWith("org.apache.kafka.")
                                    ? " (only kafka-clients' String, ByteArray, Long and "
                                            + "Integer serializers are understood; use a Ferry serializer)"
                                    : ""));
        }
        return cls;
    }

    private static <T> T instantiate(String key, String className, Class<T> type) {
        Class<?> cls = pluginClass(key, className, className, type);
        try {
            return type.cast(cls.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new ConfigException(key, className, "must have a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(
                    "Could not create " + className + " for configuration " + key + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("Could not create " + className + " for configuration " + key + ": " + e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Plugins.class.getClassLoader();
    }
}
