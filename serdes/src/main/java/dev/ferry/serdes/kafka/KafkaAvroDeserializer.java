package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users:
 * reads Avro data in the Confluent wire format (generic records, or generated classes with {@code specific.avro.reader}).
 * Configured through {@link #configure(Map, boolean)} with the same keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, ...: see {@link SerdeConfig}).
 *
 * <pre>{@code
 * props.put("value.deserializer", "dev.ferry.serdes.kafka.KafkaAvroDeserializer");
 * props.put("schema.registry.url", "http://registry:8081");
 * }</pre>
 *
 * <p>Or, with a registry client of your own (kafka-clients does not call {@code configure} on
 * instances): {@code new KafkaAvroDeserializer(registry, Map.of(...))} for values. Ferry's failures surface as
 * kafka-clients' {@link SerializationException}. Requires kafka-clients on the class path (an
 * optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type handled
 */
public final class KafkaAvroDeserializer<T> 
        implements org.apache.kafka.common.serialization.Deserializer<T> {

    private final SchemaRegistryClient registry;
    private volatile dev.ferry.common.Deserializer<T> delegate;
    private volatile boolean isKey;

    /** Creates the registry client from {@code schema.registry.url} in {@link #configure}. */
    public KafkaAvroDeserializer() {
        this.registry = null;
    }

    /** Uses this registry client (not closed by {@link #close()}); {@link #configure} must follow. */
    public KafkaAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
    }

    /** Uses this registry client, configured at once for values, as Confluent's constructor does. */
    public KafkaAvroDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            dev.ferry.common.Deserializer<T> configured = new AvroDeserializer<>();
            configured.configure(configs, isKey);
            delegate = configured;
        } else {
            delegate = AvroDeserializer.<T>builder(registry).config(SerdeConfig.fromProperties(configs)).forKeys(isKey).build();
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            return requireConfigured().deserialize(topic, NoHeaders.INSTANCE, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    /** Reads the schema id header ({@code __key_schema_id}/{@code __value_schema_id}) when the record has one. */
    @Override
    public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
        try {
            return KafkaHeaders.deserialize(requireConfigured(), isKey, topic, headers, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    private dev.ferry.common.Deserializer<T> requireConfigured() {
        dev.ferry.common.Deserializer<T> current = delegate;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not configured: call configure(Map, isKey)");
        }
        return current;
    }

    @Override
    public void close() {
        dev.ferry.common.Deserializer<T> current = delegate;
        if (current != null) {
            current.close();
        }
    }
}
