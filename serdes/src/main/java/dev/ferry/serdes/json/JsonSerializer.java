package dev.ferry.serdes.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.internal.PlainJsonKeys;
import dev.ferry.serdes.internal.WireFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Serializes objects as plain JSON with Jackson, without a registry or a frame: the bytes are the
 * UTF-8 JSON text. For JSON framed with a registered JSON Schema id use {@link JsonSchemaSerializer}.
 *
 * <pre>{@code
 * Serializer<OrderEvent> serializer = new JsonSerializer<>();
 * byte[] json = serializer.serialize("orders", headers, order);   // {"id":"o-1","amount":12}
 * }</pre>
 *
 * <p>Without a mapper of yours, Ferry's is set up as Confluent's {@code KafkaJsonSerializer}'s:
 * {@code java.time} and {@code Optional} values are written, dates as timestamps. Thread-safe
 * (Jackson's {@code ObjectMapper} is, once configured).
 *
 * @param <T> the type serialized
 */
public final class JsonSerializer<T> implements Serializer<T> {

    private final ObjectMapper mapper;
    private volatile ObjectWriter writer;
    private volatile boolean isKey;

    /** With Ferry's mapper, set up as Confluent's. */
    public JsonSerializer() {
        this(JsonMappers.forPlainJson());
    }

    /** With a configured mapper (modules, naming strategies); do not reconfigure it afterwards. */
    public JsonSerializer(ObjectMapper mapper) {
        this(mapper, false);
    }

    /** For keys when {@code isKey}: errors then name the key of the topic. */
    public JsonSerializer(ObjectMapper mapper, boolean isKey) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.writer = mapper.writer();
        this.isKey = isKey;
    }

    /**
     * Reads {@code json.write.dates.iso8601} and {@code json.indent.output}, as Confluent's
     * {@code KafkaJsonSerializer} does, and whether this serializes keys, which errors then name.
     *
     * @throws dev.ferry.common.ConfigException naming a malformed key
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.writer = JsonMappers.writer(mapper, PlainJsonKeys.read(configs));
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "Cannot serialize " + WireFormat.describe(topic, isKey) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
