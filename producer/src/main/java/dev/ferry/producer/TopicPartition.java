package dev.ferry.producer;

import java.util.Objects;

/**
 * A partition of a topic, e.g. {@code new TopicPartition("orders", 2)}; printed as {@code orders-2}
 * like kafka-clients.
 *
 * @param topic     the topic name, not null
 * @param partition the partition number, at least 0
 */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition of topic " + topic + " must be >= 0, was " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
