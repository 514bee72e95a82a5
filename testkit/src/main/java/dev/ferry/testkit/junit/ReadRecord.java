package dev.ferry.testkit.junit;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import java.nio.charset.StandardCharsets;

/**
 * One record read back by {@link EmbeddedKafka#readRecords}: where it was, its key, its value
 * deserialized by Ferry, its headers.
 *
 * <pre>{@code
 * ReadRecord<OrderEvent> first = kafka.readRecords("orders", OrderEvent.class, 1, Duration.ofSeconds(10)).get(0);
 * assertThat(first.key()).isEqualTo(first.value().getOrderId());
 * assertThat(first.header("trace-id")).isEqualTo("abc");
 * }</pre>
 *
 * @param keyBytes the key as written, or {@code null}
 * @param headers  read-only
 */
public record ReadRecord<V>(
        String topic, int partition, long offset, long timestamp, byte[] keyBytes, V value, Headers headers) {

    /** The key decoded as UTF-8 (what Ferry's {@code StringSerializer} writes), or {@code null}. */
    public String key() {
        return keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
    }

    /** The last header with this key decoded as UTF-8, or {@code null} when there is none. */
    public String header(String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset + " key=" + key() + " value=" + value + " headers=" + headers;
    }
}
