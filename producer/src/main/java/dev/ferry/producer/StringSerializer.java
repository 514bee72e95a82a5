package dev.ferry.producer;

import dev.ferry.common.Headers;
import dev.ferry.common.Serializer;
import java.nio.charset.StandardCharsets;

/**
 * Serializes strings as UTF-8, like kafka-clients' {@code StringSerializer} with its default
 * encoding.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class StringSerializer implements Serializer<String> {
    @Override
    public byte[] serialize(String topic, Headers headers, String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }
}
