package dev.ferry.producer;

import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;

/**
 * Serializes longs as 8 big-endian bytes, like kafka-clients' {@code LongSerializer}.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class LongSerializer implements Serializer<Long> {
    @Override
    public byte[] serialize(String topic, Headers headers, Long data) {
        if (data == null) {
            return null;
        }
        long v = data;
        byte[] bytes = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            bytes[i] = (byte) v;
            v >>>= 8;
        }
        return bytes;
    }
}
