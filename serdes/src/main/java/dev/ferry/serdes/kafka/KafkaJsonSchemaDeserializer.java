package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import java.util.Map;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * reads JSON framed with a JSON Schema id into {@code json.value.type} or a Jackson tree.
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.deserializer", "dev.ferry.serdes.kafka.KafkaJsonSchemaDeserializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>Or, with a registry client of your own (kafka-clients does not call {@code configure} on
 * instances): {@code new KafkaJsonSchemaDeserializer(registry, Map.of(...))} for values. Failures, thread
 * safety and the rest are {@link KafkaDeserializerAdapter}'s.
 *
 * @param <T> the type handled
 */
public final class KafkaJsonSchemaDeserializer<T> extends KafkaDeserializerAdapter<T> {

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaJsonSchemaDeserializer() {
        super(configuring(JsonSchemaDeserializer::new));
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaJsonSchemaDeserializer(SchemaRegistryClient registry) {
        super(building(registry, JsonSchemaDeserializer::<T>builder));
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaJsonSchemaDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }
}
