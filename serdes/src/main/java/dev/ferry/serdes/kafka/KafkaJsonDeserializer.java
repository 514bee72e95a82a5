package dev.ferry.serdes.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.internal.PlainJsonKeys;
import dev.ferry.serdes.json.JsonDeserializer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users: reads plain JSON (no
 * frame, no registry) with Jackson into {@code json.value.type} (or {@code json.key.type} for keys),
 * a class or a class name; as Confluent's, {@code Object} by default, which reads maps, lists,
 * strings, numbers and booleans. Without a mapper of yours, Ferry's is set up as Confluent's
 * ({@code java.time} and {@code Optional} values).
 *
 * <pre>{@code
 * props.put("value.deserializer", "dev.ferry.serdes.kafka.KafkaJsonDeserializer");
 * props.put("json.value.type", "com.acme.OrderEvent");
 * }</pre>
 *
 * <p>Unlike Confluent's, an empty payload is an error rather than {@code null}. Ferry's failures
 * surface as kafka-clients' {@link SerializationException}. Requires kafka-clients on the class path
 * (an optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type produced
 */
public final class KafkaJsonDeserializer<T> implements org.apache.kafka.common.serialization.Deserializer<T> {

    private final ObjectMapper mapper;
    private volatile JsonDeserializer<T> delegate;

    /** With Ferry's mapper, set up as Confluent's; {@link #configure} must follow. */
    public KafkaJsonDeserializer() {
        this(JsonMappers.forPlainJson());
    }

    /** With a configured mapper; {@link #configure} must follow. */
    public KafkaJsonDeserializer(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** With a configured mapper, reading values into {@code type} at once. */
    public KafkaJsonDeserializer(ObjectMapper mapper, Class<T> type) {
        this(mapper);
        this.delegate = new JsonDeserializer<>(mapper, Objects.requireNonNull(type, "type"), false);
    }

    /**
     * Reads {@code json.key.type} or {@code json.value.type}, and {@code json.fail.unknown.properties}
     * (false skips properties the class lacks).
     *
     * @throws IllegalArgumentException naming the key when the class is not on the class path
     */
    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        Class<?> type = PlainJsonKeys.read(configs).jsonType(isKey);
        JsonDeserializer<T> configured =
                new JsonDeserializer<>(mapper, (Class<T>) (type == null ? Object.class : type), isKey);
        configured.configure(configs, isKey);
        delegate = configured;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        JsonDeserializer<T> current = delegate;
        if (current == null) {
            throw new IllegalStateException("KafkaJsonDeserializer is not configured: call configure(Map, isKey)");
        }
        try {
            return current.deserialize(topic, NoHeaders.INSTANCE, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
