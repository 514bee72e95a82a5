package dev.ferry.producer.internal.partition;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TopicPartition;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The partition for records without a key (or all records with {@code partitioner.ignore.keys}) of
 * one topic, as kafka-clients' built-in partitioner picks it: it sticks to one partition until
 * {@code batch.size} bytes were appended to it, counted as the batches grew (each record's size in
 * its batch, headers included, plus the batch header for the record that starts a batch), so
 * batches fill up (KIP-480); then it picks the next one at random among the partitions with a
 * leader, weighted by queue depth when {@link PartitionLoadStats} are known (KIP-794), so a slow
 * broker gets less. The cluster of the switch is used, so partitions added to the topic are
 * candidates from the first switch after the producer learns of them.
 *
 * <p>The accumulator uses it in three steps under the chosen partition's lock, as kafka-clients'
 * does with its built-in partitioner:
 * <pre>{@code
 * Sticky sticky = partitioner.current(cluster);      // choose
 * ... lock the deque of sticky.partition(); if (partitioner.isChanged(sticky)) retry; append ...
 * partitioner.onAppend(sticky, appendedBytes, cluster, allBatchesFull);
 * }</pre>
 * Switching is only allowed once the partition's batches are full ({@code enableSwitch}), unless
 * twice {@code batch.size} was appended, so no half-empty batch is left behind in the normal case;
 * a switch held back is made at the next append that finds the batches full (or sent).
 *
 * <p>Thread safety: safe for concurrent senders; choosing is lock-free, counting relies on the
 * caller holding the partition queue's monitor (as the accumulator does); the load stats are
 * replaced atomically by the I/O thread.
 */
public final class StickyPartitioner {
    private final String topic;
    private final int stickyBatchSize;
    private final IntSupplier random;
    private final AtomicReference<Sticky> current = new AtomicReference<>();
    private volatile PartitionLoadStats loadStats;

    /**
     * @param topic           the topic
     * @param stickyBatchSize bytes to append before switching: {@code batch.size}, at least 1
     * @param random          non-negative random numbers (injected so tests are deterministic)
     */
    public StickyPartitioner(String topic, int stickyBatchSize, IntSupplier random) {
        this.topic = topic;
        this.stickyBatchSize = Math.max(1, stickyBatchSize);
        this.random = random;
    }

    /** The partition to append to now, choosing one if none is chosen yet. */
    public Sticky current(Cluster cluster) {
        Sticky sticky = current.get();
        if (sticky != null) {
            return sticky;
        }
        Sticky chosen = new Sticky(new TopicPartition(topic, nextPartition(cluster)));
        return current.compareAndSet(null, chosen) ? chosen : current.get();
    }

    /** Whether another thread switched partition since {@code sticky} was handed out. */
    public boolean isChanged(Sticky sticky) {
        return current.get() != sticky;
    }

    /**
     * Counts bytes appended to {@code sticky}'s partition and switches partition once enough were.
     * The caller holds the monitor of the partition's queue, which guards the count.
     *
     * @param enableSwitch whether every batch of the partition is full, i.e. switching now leaves
     *                     no partly filled batch behind
     */
    public void onAppend(Sticky sticky, int appendedBytes, Cluster cluster, boolean enableSwitch) {
        int produced = sticky.producedBytes += appendedBytes;
        // one comparison for both rules, so that the rare one (twice batch.size without a full batch)
        // takes the branch every switch takes, not one the JIT compiled as a trap
        long switchAt = enableSwitch ? stickyBatchSize : stickyBatchSize * 2L;
        if (produced >= switchAt) {
            current.compareAndSet(sticky, new Sticky(new TopicPartition(topic, nextPartition(cluster))));
        }
    }

    String topic() {
        return topic;
    }

    PartitionLoadStats loadStats() {
        return loadStats;
    }

    /** Replaces the load stats; {@code null} means no information: pick uniformly. */
    public void updateLoadStats(PartitionLoadStats stats) {
        this.loadStats = stats;
    }

    private int nextPartition(Cluster cluster) {
        int r = random.getAsInt() & Integer.MAX_VALUE;
        PartitionLoadStats stats = loadStats;
        if (stats != null) {
            return stats.pick(r);
        }
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        if (!available.isEmpty()) {
            return available.get(r % available.size()).partition();
        }
        int count = cluster.partitionCountForTopic(topic)
                .orElseThrow(() ->
                        new IllegalStateException("no metadata for topic " + topic + " when choosing a partition"));
        return r % count;
    }

    /** A partition handed out by {@link #current}, with the bytes appended to it since. */
    public static final class Sticky {
        private final TopicPartition topicPartition;
        /**
         * Guarded by the monitor of the partition's queue: every append to the partition counts under it,
         * so a plain field does what an atomic did at a locked instruction per record.
         */
        private int producedBytes;

        private Sticky(TopicPartition topicPartition) {
            this.topicPartition = topicPartition;
        }

        public int partition() {
            return topicPartition.partition();
        }

        /** The partition with its topic, made once per switch rather than once per record. */
        public TopicPartition topicPartition() {
            return topicPartition;
        }

        @Override
        public String toString() {
            return "Sticky(partition=" + topicPartition.partition() + ", producedBytes=" + producedBytes + ")";
        }
    }
}
