package dev.ferry.producer.internal.partition;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.PartitionInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

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
    private final IntSupplier random;
    private final Map<String, StickyPartitioner> partitioners = new ConcurrentHashMap<>();
    /** The same partitioners, for {@link #refresh} to iterate without allocating; only grows. Replaced under this. */
    private volatile StickyPartitioner[] all = new StickyPartitioner[0];
    /**
     * The partitioner created last: most producers send unkeyed records to one topic, whose
     * partitioner this is, so {@link #forTopic} finds it without the map. Written only when a topic
     * is added, never per record, so threads sending to several topics do not contend on it. Not
     * volatile: a thread that reads a stale one or none uses the map, and a partitioner is safe to
     * read through a race, since the fields it is found by are final.
     */
    private StickyPartitioner lastAdded;
    /** Used by {@link #refresh} only, on the I/O thread. */
    private final PartitionLoadStats.Builder stats = PartitionLoadStats.builder(0);

    /** How many batches wait for a partition, or -1 for a partition never appended to. */
    @FunctionalInterface
    public interface QueueDepths {
        int queuedBatches(String topic, int partition);
    }

    /**
     * @param batchSize             {@code batch.size}: bytes to stick to one partition
     * @param adaptive              {@code partitioner.adaptive.partitioning.enable}
     * @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}
     */
    public UnkeyedPartitioning(int batchSize, boolean adaptive, long availabilityTimeoutMs) {
        this(batchSize, adaptive, availabilityTimeoutMs, () -> ThreadLocalRandom.current()
                .nextInt(Integer.MAX_VALUE));
    }

    /** As above, with the non-negative random numbers that pick partitions given (a seeded source replays the picks). */
    public UnkeyedPartitioning(int batchSize, boolean adaptive, long availabilityTimeoutMs, IntSupplier random) {
        this.batchSize = batchSize;
        this.adaptive = adaptive;
        this.availability = new BrokerAvailability(availabilityTimeoutMs);
        this.random = random;
    }

    public StickyPartitioner forTopic(String topic) {
        StickyPartitioner last = lastAdded;
        if (last != null && last.topic().equals(topic)) {
            return last;
        }
        // get first: computeIfAbsent's lambda captures this, and would be allocated on every send
        StickyPartitioner existing = partitioners.get(topic);
        return existing != null ? existing : add(topic);
    }

    private synchronized StickyPartitioner add(String topic) {
        StickyPartitioner existing = partitioners.get(topic);
        if (existing != null) {
            return existing;
        }
        StickyPartitioner created = new StickyPartitioner(topic, batchSize, random);
        StickyPartitioner[] grown = Arrays.copyOf(all, all.length + 1);
        grown[grown.length - 1] = created;
        all = grown;
        partitioners.put(topic, created);
        lastAdded = created;
        return created;
    }

    /** Records whether a broker with data waiting could take it now. */
    public void recordReadyCheck(int nodeId, long nowMs, boolean canDrain) {
        if (adaptive) {
            availability.recordReadyCheck(nodeId, nowMs, canDrain);
        }
    }

    /**
     * Recomputes each topic's load stats from the queued batches per partition, as kafka-clients'
     * accumulator does in its readiness check.
     *
     * @param queuedBatches batches waiting per partition
     */
    public void refresh(Cluster cluster, QueueDepths queuedBatches) {
        if (!adaptive) {
            return;
        }
        for (StickyPartitioner partitioner : all) {
            partitioner.updateLoadStats(loadStats(partitioner, cluster, queuedBatches));
        }
    }

    private PartitionLoadStats loadStats(StickyPartitioner partitioner, Cluster cluster, QueueDepths queuedBatches) {
        String topic = partitioner.topic();
        List<PartitionInfo> partitions = cluster.partitionsForTopic(topic);
        stats.reset(partitions.size());
        for (int i = 0; i < partitions.size(); i++) {
            PartitionInfo partition = partitions.get(i);
            int queued = queuedBatches.queuedBatches(topic, partition.partition());
            if (queued < 0) {
                // Until every partition has had a batch the pick stays uniform, as in kafka-clients:
                // it sees queues only of partitions appended to, so it would never weigh in the rest
                // (partitions just added to the topic, say).
                return null;
            }
            // A broker's availability only counts when data waits for it; an empty queue stays a candidate.
            // One test of both (not queued == 0 first): queues empty out only when the load drops, and
            // that branch's first use would discard the compiled I/O round.
            if (partition.hasLeader()
                    && (availability.isAvailable(partition.leader().id()) ? 0 : queued) == 0) {
                stats.add(partition.partition(), queued);
            }
        }
        return stats.build(partitioner.loadStats());
    }
}
