package dev.ferry.producer;

import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;

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
