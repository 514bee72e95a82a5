package dev.ferry.producer;

import dev.ferry.common.Headers;
import java.util.Objects;

/**
 * A record to send: the topic, optionally a partition and a timestamp, a key, a value and headers.
 *
 * <pre>{@code
 * new ProducerRecord<>("orders", orderId, order);             // partition by key
 * new ProducerRecord<>("orders", order);                      // no key: sticky partition
 * new ProducerRecord<>("orders", 2, null, orderId, order, headers); // explicit partition
 * }</pre>
 *
 * <p>If {@code partition} is null, the partitioner chooses; if {@code timestamp} is null, the
 * producer stamps the send time. The headers are owned by the record and become read-only when
 * it is sent.
 *
 * <p>Thread safety: immutable apart from {@link Headers}, which must not change once sent.
 *
 * @param topic     the topic, not null
 * @param partition the partition, or null to let the partitioner choose
 * @param timestamp the record timestamp in ms since the epoch, or null for the send time
 * @param key       the key, may be null
 * @param value     the value, may be null (a tombstone on compacted topics)
 * @param headers   the headers, never null (an empty list if none given)
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value, Headers headers) {
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException(
                    "partition of a record for topic " + topic + " must be >= 0, was " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException(
                    "timestamp of a record for topic " + topic + " must be >= 0, was " + timestamp);
        }
        headers = headers == null ? new Headers() : headers;
    }

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value, Headers headers) {
        this(topic, partition, null, key, value, headers);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }
}
