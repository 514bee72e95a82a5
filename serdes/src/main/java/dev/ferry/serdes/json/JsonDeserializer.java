package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.producer.Deserializer;
import dev.ferry.producer.Headers;
import dev.ferry.producer.SerializationException;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads plain JSON (no frame) with Jackson, into a class or a {@link JsonNode} tree.
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

    /** Reads {@link JsonNode} trees. */
    @SuppressWarnings("unchecked")
    public JsonDeserializer() {
        this((Class<T>) JsonNode.class);
    }

    public JsonDeserializer(Class<T> type) {
        this(new ObjectMapper(), type);
    }

    public JsonDeserializer(ObjectMapper mapper, Class<T> type) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("Cannot deserialize value of topic '" + topic + "' as JSON "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
