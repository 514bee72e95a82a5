package dev.ferry.producer;

import java.io.Closeable;
import java.util.Map;

/**
 * Chooses the partition of a record that names none: the plug socket for routing by business
 * rules. The seed's region partitioner, for example:
 *
 * <pre>{@code
 * public final class RegionPartitioner implements Partitioner {
 *     public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
 *                          Cluster cluster) {
 *         int n = cluster.partitionCountForTopic(topic).orElseThrow();
 *         return switch (((UserEvent) value).userRegion()) {
 *             case "US" -> 0;
 *             case "EU" -> 1;
 *             case "ASIA" -> 2;
 *             default -> Partitioner.murmur2Partition(keyBytes, n);
 *         };
 *     }
 * }
 * }</pre>
 *
 * <p>Set it with {@code partitioner.class} (public no-argument constructor; {@link #configure}
 * receives the producer configuration) or pass an instance to the producer's builder. A record with
 * an explicit partition never reaches the partitioner. Without one, Ferry uses the built-in
 * strategy: murmur2 of the key bytes, or a sticky, load-aware partition for records without a key.
 *
 * <p>A partition outside the topic fails {@code send()} with an {@link IllegalArgumentException} at
 * once; kafka-clients refuses only a negative one and lets a record for a partition beyond the topic
 * wait until {@code delivery.timeout.ms}.
 *
 * <p>As in kafka-clients 4, there is no {@code onNewBatch} hook (kafka-clients 3 called it before each
 * new batch): a strategy of its own that sticks to a partition for a while keeps that state itself.
 *
 * <p>Thread safety: implementations must be thread-safe; {@code send()} may be called from many
 * threads at once.
 */
public interface Partitioner extends Closeable {

    /** Receives the producer's configuration once, before the first call. */
    default void configure(Map<String, ?> configs) {}

    /**
     * @param topic      the record's topic
     * @param key        the key object, may be null
     * @param keyBytes   the serialized key, may be null
     * @param value      the value object, may be null
     * @param valueBytes the serialized value, may be null
     * @param cluster    the current cluster metadata, which knows {@code topic}
     * @return a partition of {@code topic}, from 0 to its partition count - 1
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster);

    @Override
    default void close() {}

    /**
     * The partition kafka-clients' default partitioner picks for these key bytes:
     * {@code toPositive(murmur2(keyBytes)) % numPartitions}. Lets custom partitioners fall back to
     * the standard key hashing.
     */
    static int murmur2Partition(byte[] keyBytes, int numPartitions) {
        return dev.ferry.producer.internal.partition.Murmur2.partitionForKey(keyBytes, numPartitions);
    }
}
