package dev.ferry.producer.internal.partition;

import dev.ferry.producer.TopicPartition;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared {@link TopicPartition} per partition sent to, so {@code send()} does not allocate one
 * per record.
 *
 * <p>Thread-safe: two threads may both create a missing entry; either instance is equal, and a
 * TopicPartition is immutable, so reading the array without a lock is safe.
 */
public final class TopicPartitions {
    private final Map<String, TopicPartition[]> byTopic = new ConcurrentHashMap<>();

    public TopicPartition of(String topic, int partition) {
        TopicPartition[] partitions = byTopic.get(topic);
        if (partitions == null || partition >= partitions.length) {
            partitions = grow(topic, partition + 1);
        }
        TopicPartition cached = partitions[partition];
        if (cached == null) {
            cached = new TopicPartition(topic, partition);
            partitions[partition] = cached;
        }
        return cached;
    }

    private TopicPartition[] grow(String topic, int length) {
        return byTopic.compute(
                topic,
                (t, old) -> old == null
                        ? new TopicPartition[length]
                        : old.length >= length ? old : Arrays.copyOf(old, length));
    }
}
