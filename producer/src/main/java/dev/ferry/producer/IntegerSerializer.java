package dev.ferry.producer;

import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;

/**
 * Serializes integers as 4 big-endian bytes, like kafka-clients' {@code IntegerSerializer}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class IntegerSerializer implements Serializer<Integer> {
    @Override
    public byte[] serialize(String topic, Headers headers, Integer data) {
        if (data == null) {
            return null;
        }
        int v = data;
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
