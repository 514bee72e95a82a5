package dev.ferry.producer;

import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;

/**
 * Passes byte arrays through unchanged (the array is not copied: do not change it after sending).
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class ByteArraySerializer implements Serializer<byte[]> {
    @Override
    public byte[] serialize(String topic, Headers headers, byte[] data) {
        return data;
    }
}
