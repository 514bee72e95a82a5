package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SchemaIdWriting;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * serializes objects as JSON framed with a JSON Schema id; the schema is derived from each value's class
 * ({@code json.schema.spec.version}, {@code json.fail.unknown.properties}), or the registry's with
 * {@code use.latest.version=true} or {@code use.schema.id}.
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
 * instances): {@code new KafkaJsonSchemaSerializer(registry, Map.of(...))} for values. Ferry's failures surface as
 * kafka-clients' {@link SerializationException}. Requires kafka-clients on the class path (an
 * optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type handled
 */
public final class KafkaJsonSchemaSerializer<T> 
        implements org.apache.kafka.common.serialization.Serializer<T> {

    private final SchemaRegistryClient registry;
    private volatile dev.ferry.common.Serializer<T> delegate;
    private volatile boolean writesHeader;

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaJsonSchemaSerializer() {
        this.registry = null;
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaJsonSchemaSerializer(SchemaRegistryClient registry) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaJsonSchemaSerializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        writesHeader = SerdeConfig.fromProperties(configs).schemaIdWriting(isKey) == SchemaIdWriting.HEADER;
        if (registry == null) {
            dev.ferry.common.Serializer<T> configured = new JsonSchemaSerializer<>();
            configured.configure(configs, isKey);
            delegate = configured;
        } else {
            delegate = JsonSchemaSerializer.<T>builder(registry).config(SerdeConfig.fromProperties(configs)).forKeys(isKey).build();
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        try {
            return KafkaHeaders.serialize(requireConfigured(), writesHeader, topic, null, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    /** With {@code *.schema.id.serializer=HeaderSchemaIdSerializer}, adds the schema id header to the record's. */
    @Override
    public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, T data) {
        try {
            return KafkaHeaders.serialize(requireConfigured(), writesHeader, topic, headers, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    private dev.ferry.common.Serializer<T> requireConfigured() {
        dev.ferry.common.Serializer<T> current = delegate;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not configured: call configure(Map, isKey)");
        }
        return current;
    }

    @Override
    public void close() {
        dev.ferry.common.Serializer<T> current = delegate;
        if (current != null) {
            current.close();
        }
    }
}
