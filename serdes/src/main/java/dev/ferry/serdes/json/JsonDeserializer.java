package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.internal.PlainJsonKeys;
import dev.ferry.serdes.internal.WireFormat;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Reads plain JSON (no frame) with Jackson, into a class or a {@link JsonNode} tree. An empty
 * payload is an error, not a missing value. Without a mapper of yours, Ferry's is set up as
 * Confluent's {@code KafkaJsonDeserializer}'s: {@code java.time} and {@code Optional} values are read.
 *
 * <pre>{@code
 * Deserializer<OrderEvent> deserializer = new JsonDeserializer<>(OrderEvent.class);
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the type produced
 */
public final class JsonDeserializer<T> implements Deserializer<T> {

    private final ObjectMapper mapper;
    private final Class<T> type;
    private volatile ObjectReader reader;
    private volatile boolean isKey;

    /** Reads {@link JsonNode} trees. */
    @SuppressWarnings("unchecked")
    public JsonDeserializer() {
        this((Class<T>) JsonNode.class);
    }

    /** Reads {@code type} with Ferry's mapper, set up as Confluent's. */
    public JsonDeserializer(Class<T> type) {
        this(JsonMappers.forPlainJson(), type);
    }

    public JsonDeserializer(ObjectMapper mapper, Class<T> type) {
        this(mapper, type, false);
    }

    /** For keys when {@code isKey}: errors then name the key of the topic. */
    public JsonDeserializer(ObjectMapper mapper, Class<T> type, boolean isKey) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
        this.reader = mapper.readerFor(type);
        this.isKey = isKey;
    }

    /**
     * Reads {@code json.fail.unknown.properties}, as Confluent's {@code KafkaJsonDeserializer} does
     * (false skips properties the class lacks), and whether this deserializes keys, which errors then name.
     *
     * @throws dev.ferry.common.ConfigException naming a malformed key
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.reader = JsonMappers.reader(mapper, PlainJsonKeys.read(configs)).forType(type);
        this.isKey = isKey;
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerializationException("Cannot deserialize " + WireFormat.describe(topic, isKey) + " as JSON "
                    + type.getSimpleName() + ": empty payload, no JSON value at byte 0");
        }
        try {
            return reader.readValue(data);
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot deserialize " + WireFormat.describe(topic, isKey) + " as JSON " + type.getSimpleName()
                            + ": " + e.getMessage(),
                    e);
        }
    }
}
