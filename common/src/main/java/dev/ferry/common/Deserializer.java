package dev.ferry.common;

import java.io.Closeable;
import java.util.Map;

/**
 * Turns bytes back into a key or value: the counterpart of {@link Serializer}, implemented by
 * Ferry's serdes for consumers and tests.
 *
 * <pre>{@code
 * Deserializer<String> d = new StringDeserializer();
 * String s = d.deserialize("orders", new Headers(), bytes);
 * }</pre>
 *
 * <p>Thread safety: implementations must be thread-safe.
 *
 * @param <T> the type produced
 */
public interface Deserializer<T> extends Closeable {

    /** Receives the configuration; {@code isKey} says whether this deserializes keys. */
    default void configure(Map<String, ?> configs, boolean isKey) {}

    /**
     * @param topic   the topic the bytes came from
     * @param headers the record's headers
     * @param data    the bytes, may be null
     * @return the object, or null for null bytes
     * @throws SerializationException if the bytes cannot be read
     */
    T deserialize(String topic, Headers headers, byte[] data);

    @Override
    default void close() {}
}
