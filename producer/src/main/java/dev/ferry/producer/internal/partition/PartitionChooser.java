package dev.ferry.producer.internal.partition;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Partitioner;

/**
 * Decides a record's partition in kafka-clients' order: an explicit partition wins; then a custom
 * {@link Partitioner}; then the key's murmur2 hash (unless {@code partitioner.ignore.keys});
 * otherwise {@link #STICKY}, meaning the accumulator asks the topic's {@link StickyPartitioner}
 * (it needs the deque lock to pick and append atomically).
 *
 * <p>Thread safety: stateless apart from the custom partitioner, which must be thread-safe.
 */
public final class PartitionChooser {
    /** Returned when the built-in sticky partitioner must choose. */
    public static final int STICKY = -1;

    private final Partitioner custom;
    private final boolean ignoreKeys;

    /**
     * @param custom     the user's partitioner, or null for the built-in strategy
     * @param ignoreKeys {@code partitioner.ignore.keys}
     */
    public PartitionChooser(Partitioner custom, boolean ignoreKeys) {
        this.custom = custom;
        this.ignoreKeys = ignoreKeys;
    }

    /**
     * @param partition the record's explicit partition, or null
     * @return a partition of {@code topic}, or {@link #STICKY}
     * @throws IllegalArgumentException if the explicit or custom partition is outside the topic
     */
    public int choose(
            String topic,
            Integer partition,
            Object key,
            byte[] keyBytes,
            Object value,
            byte[] valueBytes,
            Cluster cluster) {
        // the list's size, not partitionCountForTopic: its Optional and this lambda were garbage per record
        int count = cluster.partitionsForTopic(topic).size();
        if (count == 0) {
            throw new IllegalStateException("no metadata for topic " + topic + " when choosing a partition");
        }
        if (partition != null) {
            return checkInRange(topic, partition, count, "explicit partition of the record");
        }
        if (custom != null) {
            int chosen = custom.partition(topic, key, keyBytes, value, valueBytes, cluster);
            return checkInRange(
                    topic,
                    chosen,
                    count,
                    "partition chosen by " + custom.getClass().getName());
        }
        if (keyBytes != null && !ignoreKeys) {
            return Murmur2.partitionForKey(keyBytes, count);
        }
        return STICKY;
    }

    private static int checkInRange(String topic, int partition, int count, String what) {
        if (partition < 0 || partition >= count) {
            throw new IllegalArgumentException(
                    "Invalid " + what + ": " + partition + " is not in the range [0.." + count + ") of topic " + topic);
        }
        return partition;
    }
}
