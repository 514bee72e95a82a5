package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.protocol.Errors;

/**
 * The transaction coordinator of a {@link ModelCluster}, after Kafka's {@code TransactionCoordinator}:
 * per transactional id one producer id, its epoch and the transaction's state and partitions.
 * InitProducerId takes a new id or bumps the epoch, fencing the old one; an open transaction is
 * aborted first (its epoch bumped, abort markers written) and the caller is told
 * CONCURRENT_TRANSACTIONS, to ask again. AddPartitionsToTxn (transaction.version 1) or the first
 * transactional Produce v12+ on a partition (version 2, implicit) adds partitions; EndTxn logs
 * PREPARE_COMMIT or PREPARE_ABORT, answers, and with EndTxn v5+ (version 2) bumps the epoch. The
 * markers follow: with {@link #markersInFlight} they wait for whoever runs the brokers to
 * {@link #writeMarker write} them one partition at a time, as Kafka's marker channel does, and
 * until the last is written the transaction is in its Prepare state, where InitProducerId,
 * AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, the next transaction's first Produce and
 * any EndTxn at a valid epoch are answered CONCURRENT_TRANSACTIONS (as Kafka 4.4 does,
 * {@link ModelTransactionTimingConformanceIT}); without it they are written at once. A
 * transaction open longer than the transaction.timeout.ms its InitProducerId asked for is aborted
 * by {@link #abortTimedOut}, Kafka's periodic check
 * (transaction.abort.timed.out.transaction.cleanup.interval.ms): the epoch is bumped, fencing the
 * producer's, and the abort markers follow. Which protocol a transaction speaks is the request
 * version's, as in Kafka 4.x.
 *
 * <p>What each answer is was measured against Kafka 4.4 by {@link ModelConformanceIT}; see
 * {@link ModelCluster}'s comment for the list.
 */
final class ModelCoordinator {
    /** Kafka's TransactionState, without Dead and PrepareEpochFence (the model fences and prepares the abort in one step). */
    enum State {
        EMPTY,
        ONGOING,
        PREPARE_COMMIT,
        PREPARE_ABORT,
        COMPLETE_COMMIT,
        COMPLETE_ABORT;

        boolean preparing() {
            return this == PREPARE_COMMIT || this == PREPARE_ABORT;
        }
    }

    /** What a transaction ended as, for the simulation's trace and its fencing invariant. */
    record Ending(String transactionalId, long producerId, short epoch, boolean committed, boolean byClient) {}

    private static final class Transaction {
        final long producerId;
        short epoch = -1;
        /** The epoch before the last bump, so that a retried EndTxn (transaction.version 2) is recognised. */
        short lastEpoch = -1;
        /** Whether EndTxn made the last bump: only then is an EndTxn at the epoch before a retry of it. */
        boolean endBumped;

        State state = State.EMPTY;
        final Set<TopicPartition> partitions = new LinkedHashSet<>();
        /** transaction.timeout.ms of the last InitProducerId, and when the open transaction began (the brokers' clock). */
        int timeoutMs = Integer.MAX_VALUE;

        long startedMs;
        /** The partitions of the prepared transaction whose marker is not written yet, and its epoch. */
        final Set<TopicPartition> unwritten = new LinkedHashSet<>();

        short markerEpoch;

        Transaction(long producerId) {
            this.producerId = producerId;
        }
    }

    /** Where markers go: the partitions' logs. */
    interface Markers {
        void write(TopicPartition partition, long producerId, short epoch, boolean commit);
    }

    private final Map<String, Transaction> transactions = new HashMap<>();
    private final Markers markers;
    private final ModelGroupCoordinator groups;
    private final LongSupplier newProducerId;
    private final List<Ending> endings = new ArrayList<>();
    private int node;
    /** An injected coordinator bug: abort markers that say commit (proves the read_committed checks can fail). */
    private boolean abortWritesCommitMarkers;
    /** Whether markers wait for {@link #writeMarker}; otherwise EndTxn writes them before it answers. */
    private boolean markersInFlight;
    /** The brokers' clock, which times transactions out. */
    private LongSupplier clock = System::currentTimeMillis;

    ModelCoordinator(int node, Markers markers, LongSupplier newProducerId) {
        this.node = node;
        this.markers = markers;
        this.newProducerId = newProducerId;
        this.groups = new ModelGroupCoordinator(node);
    }

    /** The group coordinator whose offsets partition transactions add (AddOffsetsToTxn, or TxnOffsetCommit v5+). */
    ModelGroupCoordinator groups() {
        return groups;
    }

    int node() {
        return node;
    }

    /**
     * The coordinator moves to another broker; the state moves with it (it is a replicated log in
     * Kafka). The group coordinator moves along: the model keeps the transactions' and the groups'
     * state partitions on the same broker.
     */
    void moveTo(int newNode) {
        node = newNode;
        groups.moveTo(newNode);
    }

    void injectAbortWritingCommitMarkers() {
        abortWritesCommitMarkers = true;
    }

    void clock(LongSupplier brokers) {
        clock = brokers;
    }

    /**
     * The coordinator's periodic check: each transaction open for its transaction.timeout.ms or
     * longer is aborted under a bumped epoch. At the brokers' transaction.version 1 that fences the
     * producer: each of its requests at the old epoch is PRODUCER_FENCED (INVALID_PRODUCER_EPOCH on
     * Produce). At version 2 the bump is taken as an EndTxn's: the old epoch's EndTxn(abort) is
     * answered as a repeat of this abort, with the new epoch, its EndTxn(commit) is
     * INVALID_TXN_STATE, its InitProducerId a repeat of the bump. Measured against Kafka 4.4 by
     * {@link ModelTransactionTimingConformanceIT}. Returns the endings.
     */
    List<Ending> abortTimedOut(boolean version2) {
        long now = clock.getAsLong();
        List<Ending> aborted = new ArrayList<>();
        for (var entry : transactions.entrySet()) {
            Transaction txn = entry.getValue();
            if (txn.state == State.ONGOING && now - txn.startedMs >= txn.timeoutMs) {
                bump(txn);
                if (version2) {
                    txn.endBumped = true;
                } else {
                    txn.lastEpoch = -1;
                }
                end(entry.getKey(), txn, false, false);
                aborted.add(endings.get(endings.size() - 1));
            }
        }
        return aborted;
    }

    /** From now on an ended transaction's markers wait for {@link #writeMarker}. */
    void markersInFlight() {
        markersInFlight = true;
    }

    /** The partitions whose marker the transactional id's prepared transaction has not written yet. */
    List<TopicPartition> unwrittenMarkers(String transactionalId) {
        Transaction txn = transactions.get(transactionalId);
        return txn == null ? List.of() : List.copyOf(txn.unwritten);
    }

    /** The marker channel writes the prepared transaction's marker to one partition; the last one completes it. */
    void writeMarker(String transactionalId, TopicPartition partition) {
        Transaction txn = transactions.get(transactionalId);
        if (txn == null || !txn.unwritten.remove(partition)) {
            throw new IllegalStateException(transactionalId + " has no marker to write to " + partition);
        }
        boolean commit = txn.state == State.PREPARE_COMMIT;
        if (partition.equals(ModelGroupCoordinator.OFFSETS_PARTITION)) {
            groups.writeMarker(txn.producerId, commit || abortWritesCommitMarkers);
        } else {
            markers.write(partition, txn.producerId, txn.markerEpoch, commit || abortWritesCommitMarkers);
        }
        if (txn.unwritten.isEmpty()) {
            txn.state = commit ? State.COMPLETE_COMMIT : State.COMPLETE_ABORT;
        }
    }

    /** Every marker still unwritten, as the brokers do once nothing keeps them from it. */
    void writeAllMarkers() {
        for (var entry : transactions.entrySet()) {
            for (TopicPartition partition : List.copyOf(entry.getValue().unwritten)) {
                writeMarker(entry.getKey(), partition);
            }
        }
    }

    List<Ending> endings() {
        return endings;
    }

    /** Whether the transactional id has a transaction begun and not ended. */
    boolean isOpen(String transactionalId) {
        Transaction txn = transactions.get(transactionalId);
        return txn != null && txn.state == State.ONGOING;
    }

    /** InitProducerId's answer: error, producer id, epoch. */
    record Init(Errors error, long producerId, short epoch) {}

    Init initProducerId(String transactionalId, long producerId, short epoch) {
        return initProducerId(transactionalId, producerId, epoch, Integer.MAX_VALUE);
    }

    /** InitProducerId asking for transactions of at most {@code timeoutMs} (transaction.timeout.ms). */
    Init initProducerId(String transactionalId, long producerId, short epoch, int timeoutMs) {
        Transaction txn =
                transactions.computeIfAbsent(transactionalId, id -> new Transaction(newProducerId.getAsLong()));
        if (txn.state.preparing() && (producerId < 0 || producerId == txn.producerId)) {
            // Kafka checks the epoch only once the markers are written
            return new Init(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
        }
        if (producerId >= 0 && !(producerId == txn.producerId && (epoch == txn.epoch || epoch == txn.lastEpoch))) {
            return new Init(Errors.PRODUCER_FENCED, -1, (short) -1);
        }
        if (producerId >= 0 && epoch == txn.lastEpoch && epoch != txn.epoch && txn.state != State.ONGOING) {
            // a retry of the bump that was done: the epoch it gave, and the coordinator is Empty again,
            // so an EndTxn at the epoch before is no repeat of an end any more
            txn.state = State.EMPTY;
            txn.endBumped = false;
            return new Init(Errors.NONE, txn.producerId, txn.epoch);
        }
        if (txn.state == State.ONGOING) {
            bump(txn);
            end(transactionalId, txn, false, false);
            return new Init(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
        }
        bump(txn);
        txn.timeoutMs = timeoutMs;
        if (producerId < 0) {
            // a new instance fences every older epoch: none may take this one as a retry of its own bump
            txn.lastEpoch = -1;
        }
        txn.state = State.EMPTY;
        txn.partitions.clear();
        return new Init(Errors.NONE, txn.producerId, txn.epoch);
    }

    /** AddPartitionsToTxn (transaction.version 1): the error for each partition is the same. */
    Errors addPartitions(String transactionalId, long producerId, short epoch, Set<TopicPartition> partitions) {
        Transaction txn = transactions.get(transactionalId);
        Errors check = check(txn, producerId, epoch);
        if (check != Errors.NONE) {
            return check;
        }
        if (txn.state.preparing()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        if (txn.state != State.ONGOING) {
            txn.startedMs = clock.getAsLong();
        }
        txn.state = State.ONGOING;
        txn.partitions.addAll(partitions);
        return Errors.NONE;
    }

    /** AddOffsetsToTxn (transaction.version 1): the group's offsets partition joins the transaction. */
    Errors addOffsets(String transactionalId, long producerId, short epoch, String group) {
        return addPartitions(transactionalId, producerId, epoch, Set.of(ModelGroupCoordinator.OFFSETS_PARTITION));
    }

    /**
     * TxnOffsetCommit at the group coordinator: admitted as a batch to the offsets partition is
     * (v5+ adds the partition, below that it must be in the open transaction), then held as the
     * transaction's pending offsets. A fenced epoch is INVALID_PRODUCER_EPOCH here, as Kafka's
     * broker-side AddPartitionsToTxnManager answers data requests for older clients.
     */
    Errors txnOffsetCommit(
            String transactionalId,
            long producerId,
            short epoch,
            String group,
            Map<TopicPartition, Long> offsets,
            boolean implicitAdd) {
        Errors admitted =
                admit(transactionalId, producerId, epoch, ModelGroupCoordinator.OFFSETS_PARTITION, implicitAdd);
        if (admitted == Errors.NONE) {
            groups.commitPending(producerId, group, offsets);
        }
        return admitted == Errors.PRODUCER_FENCED ? Errors.INVALID_PRODUCER_EPOCH : admitted;
    }

    /**
     * What the leader learns before appending a transactional batch: with transaction.version 2
     * (Produce v12+) the partition joins the transaction; with version 1 the coordinator only
     * verifies that it is in the open transaction of this producer id and epoch (KIP-890 part 1).
     */
    Errors admit(String transactionalId, long producerId, short epoch, TopicPartition partition, boolean implicitAdd) {
        Transaction txn = transactions.get(transactionalId);
        if (implicitAdd) {
            return addPartitions(transactionalId, producerId, epoch, Set.of(partition));
        }
        Errors check = check(txn, producerId, epoch);
        if (check != Errors.NONE) {
            return check;
        }
        if (txn.state.preparing()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return txn.state == State.ONGOING && txn.partitions.contains(partition)
                ? Errors.NONE
                : Errors.TRANSACTION_ABORTABLE;
    }

    private static Errors check(Transaction txn, long producerId, short epoch) {
        if (txn == null || txn.producerId != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (epoch != txn.epoch) {
            return Errors.PRODUCER_FENCED;
        }
        return Errors.NONE;
    }

    /** EndTxn's answer: error, and under transaction.version 2 the producer id and epoch to go on with. */
    record End(Errors error, long producerId, short epoch) {}

    End endTxn(String transactionalId, long producerId, short epoch, boolean commit, boolean version2) {
        Transaction txn = transactions.get(transactionalId);
        if (txn == null || txn.producerId != producerId) {
            return new End(Errors.INVALID_PRODUCER_ID_MAPPING, -1, (short) -1);
        }
        boolean retry = version2 && txn.endBumped && epoch == txn.lastEpoch && epoch != txn.epoch;
        if (epoch != txn.epoch && !retry) {
            return new End(Errors.PRODUCER_FENCED, -1, (short) -1);
        }
        State done = commit ? State.COMPLETE_COMMIT : State.COMPLETE_ABORT;
        if (txn.state.preparing()) {
            // whichever end it asks for, and on version 2 at the new epoch too: Kafka 4.4 answers only
            // once the markers are written
            return new End(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
        }
        if (txn.state == State.ONGOING && !retry) {
            if (version2) {
                bump(txn);
                txn.endBumped = true;
            }
            end(transactionalId, txn, commit, true);
            return answer(txn, version2);
        }
        if (txn.state == done && (retry || !version2)) {
            // the end repeated, as after a lost answer (on version 1 also a new EndTxn that finds nothing open)
            return answer(txn, version2);
        }
        if (version2 && !retry && !commit) {
            // version 2 aborts a transaction that reached no partition too, with a new epoch; it commits none
            bump(txn);
            txn.endBumped = true;
            end(transactionalId, txn, false, true);
            return answer(txn, version2);
        }
        return new End(Errors.INVALID_TXN_STATE, -1, (short) -1);
    }

    private static End answer(Transaction txn, boolean version2) {
        return version2 ? new End(Errors.NONE, txn.producerId, txn.epoch) : new End(Errors.NONE, -1, (short) -1);
    }

    private static void bump(Transaction txn) {
        txn.endBumped = false;
        txn.lastEpoch = txn.epoch;
        txn.epoch++;
    }

    /** Logs PREPARE_COMMIT or PREPARE_ABORT; the markers follow, at once unless {@link #markersInFlight}. */
    private void end(String transactionalId, Transaction txn, boolean commit, boolean byClient) {
        txn.unwritten.addAll(txn.partitions);
        txn.markerEpoch = txn.epoch;
        txn.partitions.clear();
        txn.state = commit ? State.PREPARE_COMMIT : State.PREPARE_ABORT;
        endings.add(new Ending(transactionalId, txn.producerId, txn.epoch, commit, byClient));
        if (txn.unwritten.isEmpty()) {
            txn.state = commit ? State.COMPLETE_COMMIT : State.COMPLETE_ABORT;
        } else if (!markersInFlight) {
            for (TopicPartition partition : List.copyOf(txn.unwritten)) {
                writeMarker(transactionalId, partition);
            }
        }
    }
}
