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
 * transactional Produce v12+ on a partition (version 2, implicit) adds partitions; EndTxn writes
 * the commit or abort markers into every partition of the transaction, at once (so the model never
 * answers CONCURRENT_TRANSACTIONS for markers in flight), and with EndTxn v5+ (version 2) bumps the
 * epoch. Which protocol a transaction speaks is the request version's, as in Kafka 4.x.
 *
 * <p>What each answer is was measured against Kafka 4.4 by {@link ModelConformanceIT}; see
 * {@link ModelCluster}'s comment for the list.
 */
final class ModelCoordinator {
    /** Kafka's TransactionState, without the states a synchronous marker write never shows (Prepare*, Dead). */
    enum State {
        EMPTY,
        ONGOING,
        COMPLETE_COMMIT,
        COMPLETE_ABORT
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
        Transaction txn =
                transactions.computeIfAbsent(transactionalId, id -> new Transaction(newProducerId.getAsLong()));
        if (producerId >= 0 && !(producerId == txn.producerId && (epoch == txn.epoch || epoch == txn.lastEpoch))) {
            return new Init(Errors.PRODUCER_FENCED, -1, (short) -1);
        }
        if (producerId >= 0 && epoch == txn.lastEpoch && epoch != txn.epoch && txn.state != State.ONGOING) {
            // a retry of the bump that was done: the epoch it gave
            return new Init(Errors.NONE, txn.producerId, txn.epoch);
        }
        if (txn.state == State.ONGOING) {
            bump(txn);
            end(transactionalId, txn, false, false);
            return new Init(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
        }
        bump(txn);
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

    private void end(String transactionalId, Transaction txn, boolean commit, boolean byClient) {
        for (TopicPartition partition : txn.partitions) {
            if (partition.equals(ModelGroupCoordinator.OFFSETS_PARTITION)) {
                groups.writeMarker(txn.producerId, commit || abortWritesCommitMarkers);
            } else {
                markers.write(partition, txn.producerId, txn.epoch, commit || abortWritesCommitMarkers);
            }
        }
        txn.partitions.clear();
        txn.state = commit ? State.COMPLETE_COMMIT : State.COMPLETE_ABORT;
        endings.add(new Ending(transactionalId, txn.producerId, txn.epoch, commit, byClient));
    }
}
