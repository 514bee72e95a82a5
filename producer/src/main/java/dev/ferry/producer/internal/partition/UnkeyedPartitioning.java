package dev.ferry.producer.internal.partition;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TopicPartition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * The sticky partitioners of all topics that get records without a key, and the adaptive part of
 * KIP-794: after each readiness check the I/O thread feeds queue depths and broker availability
 * in, so a slow or unreachable broker's partitions are picked less, or not at all.
 *
 * <p>Thread-safe: senders look partitioners up concurrently; only the I/O thread refreshes.
 */
public final class UnkeyedPartitioning {
    private final int batchSize;
    private final boolean adaptive;
    private final BrokerAvailability availability;
    private final Map<String, StickyPartitioner> partitioners = new ConcurrentHashMap<>();

    /**
     * @param batchSize             {@code batch.size}: bytes to stick to one partition
     * @param adaptive              {@code partitioner.adaptive.partitioning.enable}
     * @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}
     */
    public UnkeyedPartitioning(int batchSize, boolean adaptive, long availabilityTimeoutMs) {
        this.batchSize = batchSize;
        this.adaptive = adaptive;
        this.availability = new BrokerAvailability(availabilityTimeoutMs);
    }

    public StickyPartitioner forTopic(String topic) {
        // get first: computeIfAbsent's lambda captures this, and would be allocated on every send
        StickyPartitioner existing = partitioners.get(topic);
        if (existing != null) {
            return existing;
        }
        return partitioners.computeIfAbsent(topic,
                t -> new StickyPartitioner(t, batchSize, () -> ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
    }

    /** Records whether a broker with data waiting could take it now. */
    public void recordReadyCheck(int nodeId, long nowMs, boolean canDrain) {
        if (adaptive) {
            availability.recordReadyCheck(nodeId, nowMs, canDrain);
        }
    }

    /** Recomputes each topic's load stats from the queued batches per partition. */
    public void refresh(Cluster cluster, ToIntFunction<TopicPartition> queuedBatches) {
        if (!adaptive) {
            return;
        }
        partitioners.forEach((topic, partitioner) -> {
            int count = cluster.partitionCountForTopic(topic).orElse(0);
            if (count == 0) {
                return;
            }
            PartitionLoadStats.Builder stats = PartitionLoadStats.builder(count);
            for (PartitionInfo partition : cluster.partitionsForTopic(topic)) {
                if (partition.hasLeader() && availability.isAvailable(partition.leader().id())) {
                    stats.add(partition.partition(), queuedBatches.applyAsInt(partition.topicPartition()));
                }
            }
            partitioner.updateLoadStats(stats.build());
        });
    }
}
