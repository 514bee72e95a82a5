package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import java.util.HashMap;
import java.util.Map;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * reads JSON framed with a JSON Schema id into {@code json.value.type} (or {@code json.key.type}).
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.deserializer", "dev.ferry.serdes.kafka.KafkaJsonSchemaDeserializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>As Confluent's, {@link #configure} (kafka-clients' way) takes {@code java.lang.Object} when the
 * type key is unset: a value is read into the class the writer's schema names in
 * {@code type.property} (default {@code javaType}), else into maps, lists, strings, numbers and
 * booleans, not into a Jackson tree. The constructor that takes properties reads a tree then, as
 * Confluent's constructor does.
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
        super(readingObjectsByDefault(configuring(JsonSchemaDeserializer::new)));
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaJsonSchemaDeserializer(SchemaRegistryClient registry) {
        super(readingObjectsByDefault(building(registry, JsonSchemaDeserializer::<T>builder)));
    }

    /**
     * Uses this registry client, configured at once for values, as Confluent's constructor does: without
     * {@code json.value.type} values are read as Jackson trees. Unlike Confluent's constructor, which
     * ignores it, {@code json.value.type} is read.
     */
    public KafkaJsonSchemaDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        super(building(registry, JsonSchemaDeserializer::<T>builder));
        configure(configs, false);
    }

    /** Confluent's {@code configure} defaults {@code json.key.type} and {@code json.value.type} to {@code Object}. */
    private static <T> Factory<T> readingObjectsByDefault(Factory<T> factory) {
        return (configs, isKey) -> {
            String key = isKey ? SerdeConfig.JSON_KEY_TYPE : SerdeConfig.JSON_VALUE_TYPE;
            if (configs.get(key) != null) {
                return factory.create(configs, isKey);
            }
            Map<String, Object> withObject = new HashMap<>(configs);
            withObject.put(key, Object.class.getName());
            return factory.create(withObject, isKey);
        };
    }
}
