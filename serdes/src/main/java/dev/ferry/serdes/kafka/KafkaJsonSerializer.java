package dev.ferry.serdes.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.json.JsonSerializer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A drop-in for Confluent's class of the same name, for kafka-clients users: serializes objects as
 * plain JSON (Jackson), without a registry or a frame. Reads Confluent's {@code json.write.dates.iso8601}
 * and {@code json.indent.output}; without a mapper of yours, Ferry's is set up as Confluent's
 * ({@code java.time} and {@code Optional} values, dates as timestamps).
 *
 * <pre>{@code
 * props.put("value.serializer", "dev.ferry.serdes.kafka.KafkaJsonSerializer");
 * }</pre>
 *
 * <p>Ferry's failures surface as kafka-clients' {@link SerializationException}. Requires
 * kafka-clients on the class path (an optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type handled
 */
public final class KafkaJsonSerializer<T> implements org.apache.kafka.common.serialization.Serializer<T> {

    private final JsonSerializer<T> delegate;

    /** With Ferry's mapper, set up as Confluent's. */
    public KafkaJsonSerializer() {
        this(JsonMappers.forPlainJson());
    }

    /** With a configured mapper (modules, naming strategies); do not reconfigure it afterwards. */
    public KafkaJsonSerializer(ObjectMapper mapper) {
        this.delegate = new JsonSerializer<>(Objects.requireNonNull(mapper, "mapper"));
    }

    /**
     * Reads {@code json.write.dates.iso8601} and {@code json.indent.output}, and whether this serializes
     * keys, which errors then name.
     *
     * @throws dev.ferry.common.ConfigException naming a malformed key
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        try {
            return delegate.serialize(topic, NoHeaders.INSTANCE, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
