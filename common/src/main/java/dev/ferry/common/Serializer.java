package dev.ferry.common;

import java.io.Closeable;
import java.util.Map;

/**
 * Turns a key or value into bytes; the plug socket Ferry's serdes (Avro, Protobuf, JSON with a
 * schema registry) implement, shaped like kafka-clients' {@code Serializer} for easy porting.
 *
 * <pre>{@code
 * public final class UpperCaseSerializer implements Serializer<String> {
 *     public byte[] serialize(String topic, Headers headers, String data) {
 *         return data == null ? null : data.toUpperCase().getBytes(StandardCharsets.UTF_8);
 *     }
 * }
 * }</pre>
 *
 * <p>A serializer named by class in {@code key.serializer} / {@code value.serializer} needs a public
 * no-argument constructor; the producer then calls {@link #configure} with its whole configuration.
 *
 * <p>Thread safety: implementations must be thread-safe; {@code send()} may be called from many
 * threads at once.
 *
 * @param <T> the type serialized
 */
public interface Serializer<T> extends Closeable {

    /** Receives the producer's configuration; {@code isKey} says whether this serializes keys. */
    default void configure(Map<String, ?> configs, boolean isKey) {}

    /**
     * @param topic   the topic the record goes to
     * @param headers the record's headers, which the serializer may add to (e.g. a schema id)
     * @param data    the object, may be null
     * @return the bytes, or null for a null key/value
     * @throws SerializationException if {@code data} cannot be serialized
     */
    byte[] serialize(String topic, Headers headers, T data);

    /** Releases resources; called once by the producer's {@code close()}. */
    @Override
    default void close() {}
}
