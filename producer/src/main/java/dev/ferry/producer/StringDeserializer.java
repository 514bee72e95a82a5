package dev.ferry.producer;

import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 strings, like kafka-clients' {@code StringDeserializer} with its default encoding.
 *
 * <p>Thread safety: stateless, thread-safe.
 */
public final class StringDeserializer implements Deserializer<String> {
    @Override
    public String deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
