package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.DrainGate;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import dev.ferry.producer.internal.record.SequenceNumbers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producer id, epoch and per-partition sequence numbers of an idempotent producer, and the rules
 * that keep every partition's log in send order, acknowledged or not.
 *
 * <p>With up to five batches in flight, order rests on the broker's sequence check: a partition
 * never has more than five unacknowledged batches (the broker remembers the last five per
 * producer), and a batch sent again goes out only when nothing older of its partition is in the
 * network.
 *
 * <p>When a stamped batch fails for good (it expired, in flight or waiting for a retry; the broker
 * refused it; UNKNOWN_PRODUCER_ID or OUT_OF_ORDER_SEQUENCE_NUMBER said its sequence chain is
 * broken) the partition needs a new epoch of the <em>same</em> producer id, as in kafka-clients
 * (KIP-360): the partition stops sending until none of its requests is in the network, then the
 * epoch goes up by one and its waiting batches are stamped again from sequence 0. A Produce
 * request of the old epoch that is still somewhere in the network — written before the client gave
 * up on it — is then refused by the broker (INVALID_PRODUCER_EPOCH) once a batch of the new epoch
 * is in the log, and lands before it otherwise: either way never after a later record. A waiting
 * batch one of whose attempts may be such a request is therefore not stamped again: its stale copy
 * landing first, it would be in the log twice (seed 458600); it fails, its records perhaps written,
 * and the OUT_OF_ORDER_SEQUENCE_NUMBER that led to the bump does not change that. A brand-new
 * producer id would not give that: the broker would append the stale request as another
 * producer's. Other partitions keep their epoch and order until their unacknowledged batches are
 * settled, then start over at sequence 0 under the current epoch.
 *
 * <p>A batch that failed while it may be in the log is not followed at once by a new epoch when
 * other batches of its epoch are unacknowledged and not failed: those may be in the log too, and
 * stamped again they would be appended twice. They go out with their own sequences first; an
 * acknowledgement proves everything before it is in the log, OUT_OF_ORDER_SEQUENCE_NUMBER at the
 * head proves nothing from the failed batch on is, and only then does the epoch go up. That holds
 * for an earlier batch waiting for a retry as for a later one.
 *
 * <p>Those proofs hold while the broker keeps the producer's state. A broker that forgot it
 * ({@code producer.id.expiration.ms}, or its records deleted) takes any batch as the producer's
 * first, so OUT_OF_ORDER_SEQUENCE_NUMBER never completes a batch as written: below an acknowledged
 * batch, or at the head while a later batch may be in the log, the batch fails instead
 * ({@link ProduceResponseHandler}), as kafka-clients fails it at delivery.timeout.ms.
 *
 * <p>A new producer id is taken only when the epoch is exhausted (32,767 bumps of one id), and
 * then only when no Produce request of this producer is in the network: the one case in which a
 * request abandoned on a closed connection could still land after later records, as with
 * kafka-clients. A transactional producer's epoch belongs to its coordinator: failures make the
 * transaction abortable and the {@link TransactionManager} bumps the epoch through InitProducerId
 * or EndTxn, which resets every partition here.
 *
 * <p>Without idempotence there is no sequence to keep order by. A user who wants it sets
 * {@code max.in.flight.requests.per.connection=1}, and then, as kafka-clients mutes a partition it
 * drained until the batch comes back ({@code guaranteeMessageOrder}), a partition is drained only
 * when none of its batches is in the network. The limit per connection alone does not give that once
 * a partition's leader moves: a later batch would go to the new leader while an earlier one, in
 * flight to the old leader, may still fail and be retried after it. A batch that expired in flight
 * holds its partition until its request returns, as in kafka-clients: the request may still land.
 *
 * <p>Confined to the I/O thread.
 */
final class IdempotenceState implements DrainGate {
    /** The broker deduplicates against the last five batches of each producer and partition. */
    static final int MAX_IN_FLIGHT_PER_PARTITION = 5;

    private static final Logger LOG = LoggerFactory.getLogger(IdempotenceState.class);

    private final boolean enabled;
    /** Idempotence is off and max.in.flight.requests.per.connection is 1: one batch of a partition in the network at a time. */
    private final boolean oneInNetworkPerPartition;

    private final boolean transactional;
    private final InjectedDefect defect;
    private final int firstSequence;
    private long producerId = RecordBatchLayout.NO_PRODUCER_ID;
    private short epoch = RecordBatchLayout.NO_PRODUCER_EPOCH;
    /** The epoch is exhausted: a new producer id is needed before anything is stamped again. */
    private boolean newIdPending;

    private final Map<TopicPartition, PartitionSequences> partitions = new HashMap<>();
    /** Partitions whose sequence chain broke, in the order they broke: each waits for a new epoch. */
    private final Set<TopicPartition> awaitingEpochBump = new LinkedHashSet<>();

    /**
     * The sequence bookkeeping of one partition, under the producer id and epoch it was started with.
     * Positions are counted from the epoch's first sequence without wrapping, so that "before" and
     * "after" keep their meaning when the sequence on the wire wraps from {@code Integer.MAX_VALUE}
     * to 0; {@link #positionOf} turns a stamped batch's wire sequence back into its position.
     */
    private static final class PartitionSequences {
        long producerId;
        short epoch;
        /** The wire sequence of position 0: 0, except where a test starts a producer id near the wrap. */
        int origin;
        /** The position the next stamped batch starts at. */
        long next;
        /** Stamped batches not yet acknowledged or failed for good, in sequence order: in the network or waiting to be resent. */
        final Deque<ProducerBatch> unacknowledged = new ArrayDeque<>();
        /** The broker acknowledged a batch of this id and epoch here: it enforces sequences from then on. */
        boolean acknowledgedOnce;
        /**
         * Produce requests with a batch of this partition in the network; the one count kept without
         * idempotence, where it holds the partition back ({@code oneInNetworkPerPartition}).
         */
        int inNetwork;
        /**
         * Positions of batches of this epoch that failed while they may be in the log, with
         * later batches of the epoch still unacknowledged. Those go out again with their own
         * sequences and their answers tell: an acknowledged (or duplicate) batch proves every
         * sequence before it is in the log; OUT_OF_ORDER_SEQUENCE_NUMBER at the head proves the
         * failed batch is not, nor anything after it, and the new epoch stamps them again.
         * Stamping them again before knowing would append a second copy of records the broker
         * holds already; kafka-clients avoids that with its unresolved sequences too.
         */
        final TreeSet<Long> unknown = new TreeSet<>();
        /** The position of the last record of this epoch the broker acknowledged; every one up to it is in the log. */
        long lastAcknowledged = -1;
        /**
         * Unacknowledged batches an attempt of which, under this epoch, may have been appended: it
         * got no answer, or an error the broker gives after appending. The others were refused at
         * every attempt.
         */
        final Set<ProducerBatch> mayBeAppended = Collections.newSetFromMap(new IdentityHashMap<>());

        PartitionSequences(long producerId, short epoch, int origin) {
            this.producerId = producerId;
            this.epoch = epoch;
            this.origin = origin;
        }

        /** A new epoch of a producer id the broker knows here starts at sequence 0, as the broker requires. */
        void startOver(long producerId, short epoch) {
            this.producerId = producerId;
            this.epoch = epoch;
            this.origin = 0;
            this.next = 0;
            this.acknowledgedOnce = false;
            this.unknown.clear();
            this.lastAcknowledged = -1;
            this.mayBeAppended.clear();
        }

        boolean ofThisEpoch(ProducerBatch batch) {
            return batch.producerId() == producerId && batch.producerEpoch() == epoch;
        }

        int advance(int records) {
            long first = next;
            next += records;
            return SequenceNumbers.wrap(origin + first);
        }

        /**
         * The position of a batch of this epoch stamped and not yet settled: it lies behind
         * {@link #next} by fewer records than the partition has unacknowledged, far less than 2^31.
         */
        long positionOf(ProducerBatch batch) {
            return next - SequenceNumbers.distance(batch.baseSequence(), SequenceNumbers.wrap(origin + next));
        }

        long lastPositionOf(ProducerBatch batch) {
            return positionOf(batch) + batch.recordCount() - 1;
        }
    }

    IdempotenceState(boolean enabled, boolean transactional) {
        this(enabled, transactional, MAX_IN_FLIGHT_PER_PARTITION, InjectedDefect.NONE, 0);
    }

    /**
     * @param maxInFlight   {@code max.in.flight.requests.per.connection}: at 1 without idempotence a
     *                      partition has one batch in the network at a time
     * @param firstSequence where the sequences of a producer id start on a partition that has no
     *                      state for it: 0 in production; the simulation and the tests start near
     *                      {@code Integer.MAX_VALUE} to cross the wrap, which a broker without state
     *                      for the producer accepts as it accepts any first sequence
     */
    IdempotenceState(
            boolean enabled, boolean transactional, int maxInFlight, InjectedDefect defect, int firstSequence) {
        this.enabled = enabled;
        this.oneInNetworkPerPartition = !enabled && maxInFlight == 1;
        this.transactional = transactional;
        this.defect = defect;
        this.firstSequence = firstSequence;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether batches may be stamped: idempotence is off, or a producer id is held and no new one is awaited. */
    boolean hasProducerId() {
        return !enabled || (producerId != RecordBatchLayout.NO_PRODUCER_ID && !newIdPending);
    }

    /**
     * A new producer id and epoch from the broker: every partition starts over at sequence 0, and
     * batches waiting to be resent are stamped again in their order.
     */
    void setProducerId(long producerId, short epoch, List<ProducerBatch> queuedWithSequence) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.newIdPending = false;
        partitions.clear();
        awaitingEpochBump.clear();
        for (ProducerBatch batch : queuedWithSequence) {
            PartitionSequences sequences = sequences(batch.partition());
            batch.restamp(producerId, epoch, sequences.advance(batch.recordCount()));
            sequences.unacknowledged.addLast(batch);
        }
    }

    /**
     * A stamped batch of the partition failed for good or the broker lost track of the partition's
     * sequence: the partition needs a new epoch before it sends again. A transactional producer
     * leaves it to the transaction's abort, which bumps the epoch at the coordinator.
     */
    void requestEpochBump(TopicPartition partition) {
        if (enabled && !transactional && awaitingEpochBump.add(partition)) {
            LOG.debug(
                    "{}: the sequence of producer id {} epoch {} is broken; bumping the epoch once nothing of it is in the network",
                    partition,
                    producerId,
                    epoch);
        }
    }

    boolean epochBumpPending(TopicPartition partition) {
        return awaitingEpochBump.contains(partition);
    }

    /**
     * Bumps the epoch for the waiting partitions none of whose requests is in the network any more,
     * and stamps their waiting batches again from sequence 0 — except a batch an attempt of which,
     * under the old epoch, may have been appended: that attempt may also still be on its way, and
     * land before the first batch of the new epoch does (the broker fences the old epoch only from
     * then on); stamped again, the records would be written twice, the second copy after later
     * records. Such a batch leaves the bookkeeping and goes to {@code notStampedAgain}, to be failed.
     * Returns whether the epoch changed. When the epoch cannot go higher, asks for a new producer
     * id instead.
     */
    boolean maybeBumpEpoch(Consumer<ProducerBatch> notStampedAgain) {
        if (awaitingEpochBump.isEmpty() || !hasProducerId()) {
            return false;
        }
        List<TopicPartition> quiet = awaitingEpochBump.stream()
                .filter(tp -> sequences(tp).inNetwork == 0)
                .toList();
        if (quiet.isEmpty()) {
            return false;
        }
        if (epoch == Short.MAX_VALUE) {
            LOG.info(
                    "producer id {} has used every epoch; taking a new producer id once nothing is in the network",
                    producerId);
            newIdPending = true;
            return false;
        }
        epoch++;
        LOG.debug("producer id {}: epoch bumped to {} for {}", producerId, epoch, quiet);
        for (TopicPartition partition : quiet) {
            awaitingEpochBump.remove(partition);
            PartitionSequences sequences = sequences(partition);
            List<ProducerBatch> withdrawn = new ArrayList<>();
            if (defect != InjectedDefect.RESTAMP_MAYBE_APPENDED && defect != InjectedDefect.EAGER_EPOCH_BUMP) {
                sequences.unacknowledged.removeIf(
                        batch -> sequences.mayBeAppended.contains(batch) && withdrawn.add(batch));
            }
            sequences.startOver(producerId, epoch);
            for (ProducerBatch batch : sequences.unacknowledged) {
                batch.restamp(producerId, epoch, sequences.advance(batch.recordCount()));
            }
            withdrawn.forEach(notStampedAgain);
        }
        return true;
    }

    boolean newProducerIdPending() {
        return newIdPending;
    }

    /** Batches sent and not yet returned, over all partitions. */
    int inNetwork() {
        return partitions.values().stream()
                .mapToInt(sequences -> sequences.inNetwork)
                .sum();
    }

    boolean nothingInNetwork() {
        return partitions.values().stream().allMatch(sequences -> sequences.inNetwork == 0);
    }

    @Override
    public boolean mayDrain(ProducerBatch head) {
        if (!enabled) {
            return !oneInNetworkPerPartition || nothingInNetwork(head.partition());
        }
        if (!hasProducerId() || awaitingEpochBump.contains(head.partition())) {
            return false;
        }
        PartitionSequences sequences = partitions.get(head.partition());
        if (sequences == null) {
            return true;
        }
        if (head.hasSequence()) {
            // a resend goes out only once everything older has come back, so it cannot be overtaken
            return sequences.inNetwork == 0;
        }
        if (!sequences.unknown.isEmpty()) {
            // nothing new is stamped until the partition's sequence is known again
            return false;
        }
        if (sequences.producerId != producerId || sequences.epoch != epoch) {
            // the partition's batches of an older epoch are settled first; the new epoch then starts at sequence 0
            return sequences.unacknowledged.isEmpty();
        }
        // a broker without state for this producer accepts any first sequence, so a later batch could
        // land before an earlier one that is being retried: one batch at a time until the first is in.
        // One comparison, not an isEmpty test first: the queue empties only when the load drops, and
        // that branch's first use would throw the compiled request path away.
        int mayBeInFlight = sequences.acknowledgedOnce ? MAX_IN_FLIGHT_PER_PARTITION : 1;
        return sequences.unacknowledged.size() < mayBeInFlight;
    }

    /**
     * The producer id, epoch, base sequence and transactional bit for a batch's first send, in
     * drain order; from here on the batch counts among its partition's unacknowledged ones.
     */
    BatchStamp stamp(ProducerBatch batch) {
        if (!enabled) {
            return BatchStamp.NON_IDEMPOTENT;
        }
        PartitionSequences sequences = sequences(batch.partition());
        // the epoch first: it differs only after a bump, while an empty queue comes and goes with the load,
        // and a branch first taken late costs the compiled request path
        if ((sequences.producerId != producerId || sequences.epoch != epoch) && sequences.unacknowledged.isEmpty()) {
            sequences.startOver(producerId, epoch);
        }
        BatchStamp stamp = new BatchStamp(producerId, epoch, sequences.advance(batch.recordCount()), transactional);
        sequences.unacknowledged.addLast(batch);
        return stamp;
    }

    private PartitionSequences sequences(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, tp -> new PartitionSequences(producerId, epoch, firstSequence));
    }

    private boolean nothingInNetwork(TopicPartition partition) {
        PartitionSequences sequences = partitions.get(partition);
        return sequences == null || sequences.inNetwork == 0;
    }

    void sent(ProducerBatch batch) {
        if (enabled || oneInNetworkPerPartition) {
            sequences(batch.partition()).inNetwork++;
        }
    }

    /** The response (or failure) of a sent batch arrived; it may still be resent. */
    void returned(ProducerBatch batch) {
        if (enabled || oneInNetworkPerPartition) {
            sequences(batch.partition()).inNetwork--;
        }
    }

    /** The broker acknowledged the batch. */
    void acknowledged(ProducerBatch batch) {
        if (enabled) {
            PartitionSequences sequences = sequences(batch.partition());
            if (sequences.ofThisEpoch(batch)) {
                sequences.acknowledgedOnce = true;
                // the broker appends in sequence order: everything before this batch is in the log
                sequences.unknown.headSet(sequences.positionOf(batch)).clear();
                sequences.lastAcknowledged = Math.max(sequences.lastAcknowledged, sequences.lastPositionOf(batch));
            }
        }
        settled(batch);
    }

    /** The batch succeeded or failed for good. */
    void settled(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        if (sequences != null) {
            sequences.unacknowledged.remove(batch);
            sequences.mayBeAppended.remove(batch);
            checkResolvable(batch.partition(), sequences);
        }
    }

    /**
     * Unknown sequences are settled by a new epoch once no batch of their epoch is left to go out
     * again: a later one answers for them, and an earlier one, being retried, may be in the log
     * already and would be appended a second time if the new epoch stamped it again. A batch failed
     * in flight is not sent again; the bump waits for its request anyway.
     */
    private void checkResolvable(TopicPartition partition, PartitionSequences sequences) {
        if (sequences.unknown.isEmpty()) {
            return;
        }
        for (ProducerBatch other : sequences.unacknowledged) {
            if (sequences.ofThisEpoch(other) && !other.isDone()) {
                return;
            }
        }
        sequences.unknown.clear();
        requestEpochBump(partition);
    }

    /**
     * A stamped batch failed for good: it is settled, and unless the broker is known to have
     * refused it with nothing after it, its partition's sequence chain has a gap or an unknown
     * member, so the partition needs a new epoch.
     */
    void failed(ProducerBatch batch) {
        settled(batch);
        if (batch.hasSequence()) {
            unknownOutcome(batch);
        }
    }

    /**
     * A stamped batch failed while it may be in the log (it may still be in the network). The
     * partition goes on under a new epoch, unless later batches of its epoch are unacknowledged:
     * those are resent as they are first, and their answers decide (see {@code PartitionSequences.unknown}).
     */
    void unknownOutcome(ProducerBatch batch) {
        if (laterAcknowledged(batch)) {
            // the broker's sequence goes on from the later batch, whether this one is in the log or not
            return;
        }
        PartitionSequences sequences = partitions.get(batch.partition());
        if (!enabled
                || transactional
                || sequences == null
                || !sequences.ofThisEpoch(batch)
                || defect == InjectedDefect.EAGER_EPOCH_BUMP) {
            requestEpochBump(batch.partition());
            return;
        }
        sequences.unknown.add(sequences.positionOf(batch));
        checkResolvable(batch.partition(), sequences);
        if (!sequences.unknown.isEmpty()) {
            LOG.debug(
                    "{}: {} failed with its fate unknown; the batches after it go out again with their sequences to tell",
                    batch.partition(),
                    batch);
        }
    }

    /**
     * An attempt of the stamped batch ended without a definite refusal: no answer came, or the
     * broker's error comes after it appended (REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND).
     */
    void attemptMayBeAppended(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        if (enabled && batch.hasSequence() && sequences != null && sequences.ofThisEpoch(batch)) {
            sequences.mayBeAppended.add(batch);
        }
    }

    /**
     * Whether the batch is its partition's oldest unacknowledged one and a later batch of its epoch
     * may have been appended. OUT_OF_ORDER_SEQUENCE_NUMBER for it then does not prove the later
     * batch is not in the log: a broker that had forgotten the producer may have taken it as its
     * first. A new epoch would stamp that batch again and append it a second time, after this one.
     */
    boolean laterMayBeAppended(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        if (!enabled
                || !batch.hasSequence()
                || sequences == null
                || !sequences.ofThisEpoch(batch)
                || sequences.unacknowledged.peekFirst() != batch) {
            return false;
        }
        return sequences.unacknowledged.stream()
                .anyMatch(other ->
                        other != batch && sequences.ofThisEpoch(other) && sequences.mayBeAppended.contains(other));
    }

    /** Whether an attempt of the batch under its current epoch may have been appended. */
    boolean mayBeAppended(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        return sequences != null && sequences.mayBeAppended.contains(batch);
    }

    /**
     * Whether the broker acknowledged a later batch of this one's epoch: its sequence goes on from
     * there. That does not prove this batch is in the log: a broker that no longer has state for the
     * producer (producer.id.expiration.ms, or its records deleted) takes any batch as its first.
     */
    boolean laterAcknowledged(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        return enabled
                && batch.hasSequence()
                && sequences != null
                && sequences.ofThisEpoch(batch)
                && sequences.lastAcknowledged >= sequences.lastPositionOf(batch)
                && defect != InjectedDefect.EAGER_EPOCH_BUMP;
    }

    /** The parts of a split batch take its place among the unacknowledged, in order. */
    void replaceBySplit(ProducerBatch original, List<ProducerBatch> parts) {
        PartitionSequences sequences = partitions.get(original.partition());
        if (sequences == null || !sequences.unacknowledged.contains(original)) {
            return;
        }
        Deque<ProducerBatch> rebuilt = new ArrayDeque<>();
        for (ProducerBatch batch : sequences.unacknowledged) {
            if (batch == original) {
                rebuilt.addAll(parts);
            } else {
                rebuilt.add(batch);
            }
        }
        sequences.unacknowledged.clear();
        sequences.unacknowledged.addAll(rebuilt);
    }

    /** Whether an older batch of the partition is unacknowledged: then an out-of-order error is only a gap it will fill. */
    boolean hasOlderUnacknowledged(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.partition());
        return sequences != null
                && !sequences.unacknowledged.isEmpty()
                && sequences.unacknowledged.peekFirst() != batch;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }
}
