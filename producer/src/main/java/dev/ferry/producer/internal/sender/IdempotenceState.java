package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.DrainGate;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Producer id, epoch and per-partition sequence numbers of an idempotent producer, and the rules
 * that keep order with up to five batches in flight: a partition never has more than five
 * unacknowledged batches (the broker remembers the last five per producer), and a batch sent again
 * goes out only when nothing older of its partition is still in flight.
 *
 * <p>Confined to the I/O thread.
 */
final class IdempotenceState implements DrainGate {
    /** The broker deduplicates against the last five batches of each producer and partition. */
    static final int MAX_IN_FLIGHT_PER_PARTITION = 5;

    private final boolean enabled;
    private final boolean transactional;
    private long producerId = RecordBatchLayout.NO_PRODUCER_ID;
    private short epoch = RecordBatchLayout.NO_PRODUCER_EPOCH;
    private boolean resetPending;
    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();
    /** Stamped batches not yet acknowledged or failed for good, oldest first: in the network or waiting to be resent. */
    private final Map<TopicPartition, Deque<ProducerBatch>> unacknowledged = new HashMap<>();
    /** Partitions where the broker acknowledged a batch of the current producer id: it enforces sequences from then on. */
    private final Set<TopicPartition> acknowledgedOnce = new HashSet<>();
    /** Produce requests in the network per partition. */
    private final Map<TopicPartition, Integer> inNetwork = new HashMap<>();

    IdempotenceState(boolean enabled, boolean transactional) {
        this.enabled = enabled;
        this.transactional = transactional;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether batches may be stamped: idempotence is off, or a producer id is held and no reset waits. */
    boolean hasProducerId() {
        return !enabled || (producerId != RecordBatchLayout.NO_PRODUCER_ID && !resetPending);
    }

    /** A new producer id and epoch: sequences start over, and queued batches are stamped again. */
    void setProducerId(long producerId, short epoch, List<ProducerBatch> queuedWithSequence) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.resetPending = false;
        nextSequence.clear();
        unacknowledged.clear();
        acknowledgedOnce.clear();
        for (ProducerBatch batch : queuedWithSequence) {
            batch.restamp(producerId, epoch, advance(batch.partition(), batch.recordCount()));
            unacknowledged.computeIfAbsent(batch.partition(), tp -> new ArrayDeque<>()).addLast(batch);
        }
    }

    /**
     * After a batch's fate became unknown (it expired in flight) or the broker forgot this producer:
     * stop stamping until every in-flight batch is settled, then take a new producer id.
     */
    void requestReset() {
        if (enabled) {
            resetPending = true;
        }
    }

    boolean resetPending() {
        return resetPending;
    }

    boolean nothingInNetwork() {
        return inNetwork.values().stream().allMatch(count -> count == 0);
    }

    @Override
    public boolean mayDrain(ProducerBatch head) {
        if (!enabled) {
            return true;
        }
        if (!hasProducerId()) {
            return false;
        }
        if (head.hasSequence()) {
            // a resend goes out only once everything older has come back, so it cannot be overtaken
            return inNetwork.getOrDefault(head.partition(), 0) == 0;
        }
        Deque<ProducerBatch> pending = unacknowledged.get(head.partition());
        if (pending == null || pending.isEmpty()) {
            return true;
        }
        // a broker without state for this producer accepts any first sequence, so a later batch could
        // land before an earlier one that is being retried: one batch at a time until the first is in
        return acknowledgedOnce.contains(head.partition()) && pending.size() < MAX_IN_FLIGHT_PER_PARTITION;
    }

    @Override
    public void stamp(ProducerBatch batch) {
        if (!enabled) {
            batch.close(RecordBatchLayout.NO_PRODUCER_ID, RecordBatchLayout.NO_PRODUCER_EPOCH, RecordBatchLayout.NO_SEQUENCE, false);
            return;
        }
        batch.close(producerId, epoch, advance(batch.partition(), batch.recordCount()), transactional);
        unacknowledged.computeIfAbsent(batch.partition(), tp -> new ArrayDeque<>()).addLast(batch);
    }

    private int advance(TopicPartition partition, int records) {
        int sequence = nextSequence.getOrDefault(partition, 0);
        // sequences wrap at Integer.MAX_VALUE, as the broker expects
        long next = (long) sequence + records;
        nextSequence.put(partition, (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next));
        return sequence;
    }

    void sent(ProducerBatch batch) {
        if (enabled) {
            inNetwork.merge(batch.partition(), 1, Integer::sum);
        }
    }

    /** The response (or failure) of a sent batch arrived; it may still be resent. */
    void returned(ProducerBatch batch) {
        if (enabled) {
            inNetwork.merge(batch.partition(), -1, Integer::sum);
        }
    }

    /** The broker acknowledged the batch. */
    void acknowledged(ProducerBatch batch) {
        if (enabled) {
            acknowledgedOnce.add(batch.partition());
        }
        settled(batch);
    }

    /** The batch succeeded or failed for good. */
    void settled(ProducerBatch batch) {
        Deque<ProducerBatch> pending = unacknowledged.get(batch.partition());
        if (pending != null) {
            pending.remove(batch);
        }
    }

    /** The parts of a split batch take its place among the unacknowledged, in order. */
    void replaceBySplit(ProducerBatch original, List<ProducerBatch> parts) {
        Deque<ProducerBatch> pending = unacknowledged.get(original.partition());
        if (pending == null || !pending.contains(original)) {
            return;
        }
        Deque<ProducerBatch> rebuilt = new ArrayDeque<>();
        for (ProducerBatch batch : pending) {
            if (batch == original) {
                rebuilt.addAll(parts);
            } else {
                rebuilt.add(batch);
            }
        }
        unacknowledged.put(original.partition(), rebuilt);
    }

    /** Whether an older batch of the partition is unacknowledged: then an out-of-order error is only a gap it will fill. */
    boolean hasOlderUnacknowledged(ProducerBatch batch) {
        Deque<ProducerBatch> pending = unacknowledged.get(batch.partition());
        return pending != null && !pending.isEmpty() && pending.peekFirst() != batch;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }
}
