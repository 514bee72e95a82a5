package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroSerializer;
import java.util.Map;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * serializes Avro data (specific, generic, reflect, primitives) in the Confluent wire format.
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.serializer", "dev.ferry.serdes.kafka.KafkaAvroSerializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>Or, with a registry client of your own (kafka-clients does not call {@code configure} on
 * instances): {@code new KafkaAvroSerializer(registry, Map.of(...))} for values. Failures, thread
 * safety and the rest are {@link KafkaSerializerAdapter}'s.
 *
 * @param <T> the type handled
 */
public final class KafkaAvroSerializer<T> extends KafkaSerializerAdapter<T> {

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaAvroSerializer() {
        super(configuring(AvroSerializer::new));
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaAvroSerializer(SchemaRegistryClient registry) {
        super(building(registry, AvroSerializer::<T>builder));
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaAvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }
}
