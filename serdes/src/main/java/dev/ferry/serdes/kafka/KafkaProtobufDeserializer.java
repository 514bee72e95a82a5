package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import java.util.Map;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * reads Protobuf messages in the Confluent wire format as {@code DynamicMessage}s, or as {@code specific.protobuf.value.type}.
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.deserializer", "dev.ferry.serdes.kafka.KafkaProtobufDeserializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>Or, with a registry client of your own (kafka-clients does not call {@code configure} on
 * instances): {@code new KafkaProtobufDeserializer(registry, Map.of(...))} for values. Failures, thread
 * safety and the rest are {@link KafkaDeserializerAdapter}'s.
 *
 * @param <T> the type handled
 */
public final class KafkaProtobufDeserializer<T extends com.google.protobuf.Message>
        extends KafkaDeserializerAdapter<T> {

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaProtobufDeserializer() {
        super(configuring(ProtobufDeserializer::new));
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaProtobufDeserializer(SchemaRegistryClient registry) {
        super(building(registry, ProtobufDeserializer::<T>builder));
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaProtobufDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }
}
