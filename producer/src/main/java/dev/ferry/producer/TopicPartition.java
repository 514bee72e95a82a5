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

    // Written out rather than left to the record: the generated ones link through invokedynamic on
    // first use, which cost the first send() about 10 ms of method-handle spinning.
    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPartition that && partition == that.partition && topic.equals(that.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
