package dev.ferry.producer.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Serializer;
import dev.ferry.common.internal.config.Instantiator;
import dev.ferry.producer.ByteArraySerializer;
import dev.ferry.producer.IntegerSerializer;
import dev.ferry.producer.LongSerializer;
import dev.ferry.producer.MetricsReporter;
import dev.ferry.producer.Partitioner;
import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.StringSerializer;
import java.util.List;
import java.util.Map;

/**
 * Creates the serializers, partitioner, interceptors and metrics reporters named by class in a
 * configuration, through common's {@link Instantiator}. kafka-clients' built-in serializer names map
 * to Ferry's equivalents, so a kafka-clients properties file works unchanged without kafka-clients on
 * the class path.
 */
public final class Plugins {
    private static final String KAFKA_SERIALIZERS = "org.apache.kafka.common.serialization.";
    private static final Map<String, Class<?>> KAFKA_BUILT_INS = Map.of(
            KAFKA_SERIALIZERS + "StringSerializer", StringSerializer.class,
            KAFKA_SERIALIZERS + "ByteArraySerializer", ByteArraySerializer.class,
            KAFKA_SERIALIZERS + "LongSerializer", LongSerializer.class,
            KAFKA_SERIALIZERS + "IntegerSerializer", IntegerSerializer.class);

    private Plugins() {}

    /**
     * A new, configured serializer of the named class.
     *
     * @param key       {@code key.serializer} or {@code value.serializer}, for messages and {@code isKey}
     * @param className the class name from the configuration
     * @param configs   passed to {@link Serializer#configure}
     * @throws ConfigException if the class is missing, not a {@link Serializer}, or cannot be created
     *     (a constructor's exception chained)
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
        Instantiator.check(key, className, listed, type);
    }

    private static <T> T instantiate(String key, String className, Class<T> type) {
        if (type != Serializer.class) {
            return Instantiator.create(key, className, type);
        }
        Class<?> builtIn = KAFKA_BUILT_INS.get(className);
        if (builtIn != null) {
            return Instantiator.create(key, builtIn, type);
        }
        // whether or not kafka-clients is on the class path, its other serializers are no Ferry ones
        if (className.startsWith(KAFKA_SERIALIZERS)) {
            throw new ConfigException(
                    key,
                    "'" + className + "'",
                    "must be a class implementing " + Serializer.class.getName()
                            + " (only kafka-clients' String, ByteArray, Long and Integer serializers are "
                            + "understood; use a Ferry serializer)");
        }
        return Instantiator.create(key, className, type);
    }
}
