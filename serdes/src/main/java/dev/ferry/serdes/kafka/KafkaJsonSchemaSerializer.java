package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import java.util.Map;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * serializes objects as JSON framed with a JSON Schema id; the schema is derived from each value's class
 * ({@code json.schema.spec.version}, {@code json.fail.unknown.properties}), or the registry's with
 * {@code use.latest.version=true} or {@code use.schema.id}; a {@code JsonNode} envelope
 * ({@code {"schema": ..., "payload": ...}}) gives its own schema and is written as its payload.
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.serializer", "dev.ferry.serdes.kafka.KafkaJsonSchemaSerializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>Or, with a registry client of your own (kafka-clients does not call {@code configure} on
 * instances): {@code new KafkaJsonSchemaSerializer(registry, Map.of(...))} for values. Failures, thread
 * safety and the rest are {@link KafkaSerializerAdapter}'s.
 *
 * @param <T> the type handled
 */
public final class KafkaJsonSchemaSerializer<T> extends KafkaSerializerAdapter<T> {

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaJsonSchemaSerializer() {
        super(configuring(JsonSchemaSerializer::new));
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaJsonSchemaSerializer(SchemaRegistryClient registry) {
        super(building(registry, JsonSchemaSerializer::<T>builder));
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaJsonSchemaSerializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }
}
