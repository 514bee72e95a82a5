package dev.ferry.producer;

/**
 * Returns the bytes unchanged.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ByteArrayDeserializer implements Deserializer<byte[]> {
    @Override
    public byte[] deserialize(String topic, Headers headers, byte[] data) {
        return data;
    }
}
