package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.ProducerFencedException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer's state machine and its conversation with the transaction
 * coordinator: FindCoordinator, InitProducerId (which fences older producers with the same
 * {@code transactional.id}), AddPartitionsToTxn and AddOffsetsToTxn on the 3.x protocol
 * (transaction.version 1), TxnOffsetCommit to the group coordinator, and EndTxn. With
 * transaction.version 2 (KIP-890) partitions and offsets join the transaction implicitly and every
 * EndTxn returns a new epoch.
 *
 * <p>User threads change the state (guarded by this object's monitor) and wait on futures; the I/O
 * thread sends the requests ({@link #maybeSendRequest}) and completes the futures. This class
 * decides which request the transaction needs next and what its outcome means;
 * {@link TransactionRequests} (I/O thread only) finds the coordinators and builds, versions and
 * sends the requests.
 */
public final class TransactionManager {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    private static final short PRODUCE_CAP_V1 = 11;

    private final String transactionalId;
    private final IdempotenceState idempotence;

    /** Guarded by this. */
    private TransactionState state = TransactionState.UNINITIALIZED;
    /** Guarded by this: why the state is ABORTABLE_ERROR or FATAL_ERROR. */
    private FerryException lastError;
    /** Guarded by this: the outcome of the user's current blocking call (init, commit, abort). */
    private CompletableFuture<Void> pendingResult;
    /** Guarded by this: partitions sent to in this transaction that the coordinator does not know yet (v1). */
    private final Set<TopicPartition> newPartitions = new LinkedHashSet<>();
    /** Guarded by this. */
    private PendingOffsets pendingOffsets;
    /** Guarded by this: whether and how the next abort bumps the epoch. */
    private EpochBump epochBump = EpochBump.NONE;
    /** Guarded by this: the user's last init, commit or abort. */
    private UserCall lastCall;
    /**
     * Guarded by this: an init, commit or abort whose caller stopped waiting (max.block.ms) before
     * it ended, until a caller sees its outcome. Calling it again answers with that outcome, even
     * when the call completed meanwhile, as kafka-clients' cached transactional results do.
     */
    private UserCall timedOutCall;

    // I/O thread only
    /** The coordinators, the request in flight, the backoff and the transaction.version. */
    private final TransactionRequests requests;
    /** Partitions the coordinator knows are in the transaction: added (version 1), or sent a batch (version 2). */
    private final Set<TopicPartition> partitionsInTransaction = new HashSet<>();
    /** Whether offsets joined the transaction (AddOffsetsToTxn, or TxnOffsetCommit with version 2). */
    private boolean offsetsInTransaction;
    /** Partitions whose AddPartitionsToTxn went out and was never answered: the coordinator may have added them. */
    private final Set<TopicPartition> partitionsInDoubt = new HashSet<>();
    /** The group whose AddOffsetsToTxn went out and was never answered, or null. */
    private String groupInDoubt;

    /**
     * How an abort moves the producer to a new epoch. On the 3.x protocol EndTxn keeps the epoch, so
     * after a failed batch the abort ends the transaction first and then bumps with InitProducerId
     * (current id and epoch), as kafka-clients does: InitProducerId while the transaction is still
     * open would have the coordinator abort it under a fenced epoch and refuse the retry with
     * PRODUCER_FENCED. When the coordinator itself called the epoch stale, EndTxn would be refused
     * too, and InitProducerId goes alone.
     */
    private enum EpochBump {
        NONE,
        AFTER_END_TXN,
        INSTEAD_OF_END_TXN
    }

    private record UserCall(TransactionState target, String call, CompletableFuture<Void> result) {}

    private record PendingOffsets(
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group,
            CompletableFuture<Void> result,
            boolean[] addedToTransaction) {}

    TransactionManager(
            String transactionalId,
            int transactionTimeoutMs,
            long retryBackoffMs,
            IdempotenceState idempotence,
            Function<String, UUID> topicIds,
            LongSupplier clock) {
        this.transactionalId = transactionalId;
        this.idempotence = idempotence;
        this.requests = new TransactionRequests(
                transactionalId, transactionTimeoutMs, retryBackoffMs, idempotence, topicIds, clock, this::handleError);
    }

    // ---- user threads ----

    public synchronized CompletableFuture<Void> initTransactions() {
        CompletableFuture<Void> repeated = repeatedCall(TransactionState.INITIALIZING, "initTransactions()");
        if (repeated != null) {
            return repeated;
        }
        transitionTo(TransactionState.INITIALIZING, "initTransactions()");
        return startCall(TransactionState.INITIALIZING, "initTransactions()");
    }

    public synchronized void beginTransaction() {
        refuseWhileUnseen("beginTransaction()");
        transitionTo(TransactionState.IN_TRANSACTION, "beginTransaction()");
        newPartitions.clear();
    }

    /** Called by send() before appending: records may only be sent inside a transaction. */
    public synchronized void checkSendAllowed() {
        refuseWhileUnseen("send()");
        if (state != TransactionState.IN_TRANSACTION) {
            throw refusal("send()", "sending a record in");
        }
    }

    /**
     * Called by send() after appending: the record's partition joins the transaction. When the
     * transaction failed since {@link #checkSendAllowed()}, the record stays queued and fails with
     * it on abort (or close), through its own future.
     */
    public synchronized void addPartition(TopicPartition partition) {
        if (state == TransactionState.IN_TRANSACTION) {
            newPartitions.add(partition);
        } else if (state != TransactionState.ABORTABLE_ERROR && state != TransactionState.FATAL_ERROR) {
            throw illegalCall("send()");
        }
    }

    public synchronized CompletableFuture<Void> sendOffsets(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        refuseWhileUnseen("sendOffsetsToTransaction()");
        if (state != TransactionState.IN_TRANSACTION) {
            throw refusal("sendOffsetsToTransaction()", "sending offsets in");
        }
        Map<TopicPartition, OffsetAndMetadata> ordered = inCallersOrder(offsets);
        if (pendingOffsets != null) {
            if (pendingOffsets.offsets().equals(ordered)
                    && pendingOffsets.group().equals(group)) {
                return pendingOffsets.result();
            }
            // answering the earlier call's future would drop these offsets without a word
            throw new IllegalStateException("Cannot call sendOffsetsToTransaction() for group " + group.groupId()
                    + " of transactional.id " + transactionalId + " while an earlier call with other offsets ("
                    + pendingOffsets.offsets() + " of group "
                    + pendingOffsets.group().groupId()
                    + ") is under way; call it again once that one has completed");
        }
        pendingOffsets = new PendingOffsets(ordered, group, new CompletableFuture<>(), new boolean[1]);
        return pendingOffsets.result();
    }

    public synchronized CompletableFuture<Void> beginCommit() {
        CompletableFuture<Void> repeated = repeatedCall(TransactionState.COMMITTING_TRANSACTION, "commitTransaction()");
        if (repeated != null) {
            return repeated;
        }
        if (state == TransactionState.ABORTABLE_ERROR) {
            throw abortableFailure("committing");
        }
        transitionTo(TransactionState.COMMITTING_TRANSACTION, "commitTransaction()");
        return startCall(TransactionState.COMMITTING_TRANSACTION, "commitTransaction()");
    }

    public synchronized CompletableFuture<Void> beginAbort() {
        CompletableFuture<Void> repeated = repeatedCall(TransactionState.ABORTING_TRANSACTION, "abortTransaction()");
        if (repeated != null) {
            return repeated;
        }
        transitionTo(TransactionState.ABORTING_TRANSACTION, "abortTransaction()");
        return startCall(TransactionState.ABORTING_TRANSACTION, "abortTransaction()");
    }

    /** The caller of init, commit or abort stopped waiting for {@code result} before it completed. */
    public synchronized void callTimedOut(CompletableFuture<Void> result) {
        if (lastCall != null && lastCall.result() == result) {
            timedOutCall = lastCall;
        }
    }

    /** A caller saw {@code result}'s outcome: the call that timed out is over. */
    public synchronized void outcomeSeen(CompletableFuture<Void> result) {
        if (timedOutCall != null && timedOutCall.result() == result) {
            timedOutCall = null;
        }
    }

    private CompletableFuture<Void> startCall(TransactionState target, String call) {
        pendingResult = new CompletableFuture<>();
        lastCall = new UserCall(target, call, pendingResult);
        return pendingResult;
    }

    /**
     * The outcome of the same call made before: one still under way, or one whose caller timed out;
     * null when this is a new call.
     */
    private CompletableFuture<Void> repeatedCall(TransactionState target, String call) {
        if (timedOutCall != null && timedOutCall.target() == target) {
            return timedOutCall.result();
        }
        refuseWhileUnseen(call);
        if (state == target && pendingResult != null) {
            return pendingResult;
        }
        return null;
    }

    /** A completed init, commit or abort whose caller timed out must be called again first, as in kafka-clients. */
    private void refuseWhileUnseen(String call) {
        if (timedOutCall != null && timedOutCall.result().isDone()) {
            throw new IllegalStateException("Cannot call " + call + " for transactional.id " + transactionalId
                    + ": the earlier " + timedOutCall.call() + " timed out and has completed since; call "
                    + timedOutCall.call() + " again to learn its outcome");
        }
    }

    synchronized TransactionState state() {
        return state;
    }

    /**
     * A transaction is begun and not ended (a commit or abort may be under way): a graceful close
     * lets it end, aborting it if the user did not end it ({@link #maybeAbortOnClose}), as
     * kafka-clients' close does.
     */
    synchronized boolean hasOpenTransaction() {
        return switch (state) {
            case IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTING_TRANSACTION, ABORTABLE_ERROR -> true;
            default -> false;
        };
    }

    /**
     * A graceful close found the user's transaction open: it is aborted now, instead of staying
     * open at the coordinator until transaction.timeout.ms. As in kafka-clients, what the
     * transaction sent settles first; one that can only be aborted is aborted at once, since its
     * queued records cannot go out any more.
     *
     * @param sent whether nothing of the producer is queued or in flight any more
     */
    synchronized void maybeAbortOnClose(boolean sent) {
        if (state == TransactionState.ABORTABLE_ERROR || (state == TransactionState.IN_TRANSACTION && sent)) {
            LOG.info("aborting the open transaction of {}: the producer is closing", transactionalId);
            // not beginAbort(): an outcome the user has not seen must not stop the close
            transitionTo(TransactionState.ABORTING_TRANSACTION, "close()");
            pendingResult = new CompletableFuture<>();
        }
    }

    /** The I/O thread has stopped: a call still waiting for it would otherwise wait until max.block.ms. */
    synchronized void onSenderStopped(FerryException cause) {
        failPending(cause);
    }

    private void transitionTo(TransactionState target, String call) {
        if (state == TransactionState.FATAL_ERROR) {
            throw lastError;
        }
        if (!state.isTransitionValid(target)) {
            throw illegalCall(call);
        }
        state = target;
    }

    /**
     * Why a call inside a transaction is refused: a failure of the transaction itself (abortable or
     * fatal) is an error to handle like a failed send, any other state is a programming error.
     */
    private RuntimeException refusal(String call, String doing) {
        return switch (state) {
            case ABORTABLE_ERROR -> abortableFailure(doing);
            case FATAL_ERROR -> lastError;
            default -> illegalCall(call);
        };
    }

    private KafkaErrorException abortableFailure(String doing) {
        return new KafkaErrorException(
                "TRANSACTION_ABORTABLE",
                ErrorCode.TRANSACTION_ABORTABLE.code(),
                doing + " the transaction of " + transactionalId + ": an earlier error made it abortable ("
                        + lastError.getMessage() + "); call abortTransaction()");
    }

    private IllegalStateException illegalCall(String call) {
        return new IllegalStateException(
                "Cannot call " + call + " in transaction state " + state + " of transactional.id "
                        + transactionalId + "; allowed now: " + String.join(", ", state.allowedCalls())
                        + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")"));
    }

    // ---- I/O thread ----

    /** Gate for the drain: partitions join a v1 transaction before their first batch; nothing is sent outside one. */
    synchronized boolean mayDrain(TopicPartition partition) {
        boolean sending = state == TransactionState.IN_TRANSACTION || state == TransactionState.COMMITTING_TRANSACTION;
        return sending && (requests.transactionVersion() >= 2 || partitionsInTransaction.contains(partition));
    }

    String transactionalId() {
        return transactionalId;
    }

    short produceVersionCap() {
        return requests.transactionVersion() >= 2 ? Short.MAX_VALUE : PRODUCE_CAP_V1;
    }

    /**
     * A batch of the transaction goes out: with transaction.version 2 its Produce may add the
     * partition at the coordinator, so the transaction has something to end from now on.
     */
    void onBatchDrained(TopicPartition partition) {
        if (requests.transactionVersion() >= 2) {
            partitionsInTransaction.add(partition);
        }
    }

    /** A batch of the transaction failed for good: the transaction can only be aborted now (or is fenced). */
    synchronized void onBatchFailed(FerryException error) {
        if (error instanceof ProducerFencedException) {
            fatal(error);
            return;
        }
        bumpEpochAfterEndTxn();
        abortable(error);
    }

    /**
     * The abort failed a batch that had been sent before (it was waiting to be retried): its earlier
     * request may still land, after the markers, and join the next transaction under the same epoch.
     */
    synchronized void onSentBatchAbandoned() {
        bumpEpochAfterEndTxn();
    }

    private void bumpEpochAfterEndTxn() {
        if (requests.transactionVersion() < 2 && epochBump == EpochBump.NONE) {
            // as kafka-clients does on the 3.x protocol: a request of a failed batch may still land, and
            // only a new epoch makes the partition leaders refuse it; with transaction.version 2 the
            // coordinator's EndTxn bumps the epoch of every transaction anyway
            epochBump = EpochBump.AFTER_END_TXN;
        }
    }

    /** A broker refused authentication: a pending transactional call fails with it and the producer cannot go on, as in kafka-clients. */
    synchronized void onAuthenticationFailed(FerryException error) {
        if (pendingResult != null || pendingOffsets != null) {
            fatal(error);
        }
    }

    private void abortable(FerryException error) {
        if (state.isTransitionValid(TransactionState.ABORTABLE_ERROR) && state != TransactionState.FATAL_ERROR) {
            LOG.warn("transaction of {} must be aborted: {}", transactionalId, error.getMessage());
            lastError = error;
            state = TransactionState.ABORTABLE_ERROR;
            failPending(error);
        }
    }

    private void fatal(FerryException error) {
        LOG.error("transactional producer {} cannot go on: {}", transactionalId, error.getMessage());
        lastError = error;
        state = TransactionState.FATAL_ERROR;
        failPending(error);
    }

    private void failPending(FerryException error) {
        if (pendingResult != null) {
            pendingResult.completeExceptionally(error);
            pendingResult = null;
        }
        if (pendingOffsets != null) {
            pendingOffsets.result().completeExceptionally(error);
            pendingOffsets = null;
        }
    }

    /** See {@link TransactionRequests#timeToNextAttempt}. */
    long timeToNextAttempt(long now) {
        return requests.timeToNextAttempt(now);
    }

    /** Sends the next request the transaction needs, if any and none is in flight. */
    void maybeSendRequest(long now, TransactionIo io) {
        FerryException failure = failure();
        if (failure != null) {
            // records queued in a transaction that can only be aborted (or is fenced) will never be sent:
            // they fail now with its error, as kafka-clients' sender aborts them, not at delivery.timeout.ms
            io.failQueuedBatches(failure);
        }
        if (!requests.maySend(now)) {
            return;
        }
        TransactionState current = state();
        switch (current) {
            case INITIALIZING -> requests.initProducerId(io, false, this::onProducerId);
            case IN_TRANSACTION, COMMITTING_TRANSACTION -> maybeAdvanceTransaction(io, current);
            case ABORTING_TRANSACTION -> maybeAbort(io);
            default -> {}
        }
    }

    private void maybeAdvanceTransaction(TransactionIo io, TransactionState current) {
        Set<TopicPartition> toAdd = partitionsToAdd();
        if (requests.transactionVersion() < 2 && !toAdd.isEmpty()) {
            addPartitions(io, toAdd);
        } else if (offsets() != null) {
            sendOffsets(io, offsets());
        } else if (current == TransactionState.COMMITTING_TRANSACTION && !io.hasUnfinishedBatches()) {
            if (partitionsInTransaction.isEmpty() && !offsetsInTransaction) {
                // as kafka-clients: nothing reached the coordinator, so there is nothing to commit, and
                // Kafka answers EndTxn(commit) without an open transaction INVALID_TXN_STATE
                completeEnd();
            } else {
                requests.endTxn(io, true, response -> onEndTxn(response, true));
            }
        }
    }

    private void maybeAbort(TransactionIo io) {
        io.failQueuedBatches(new KafkaErrorException(
                "TRANSACTION_ABORTED",
                (short) -1,
                "the transaction of " + transactionalId + " was aborted before this record was sent"));
        synchronized (this) {
            if (pendingOffsets != null) {
                pendingOffsets.result().completeExceptionally(new IllegalStateException("the transaction was aborted"));
                pendingOffsets = null;
            }
            newPartitions.clear();
        }
        if (io.hasUnfinishedBatches()) {
            return;
        }
        EpochBump bump;
        synchronized (this) {
            bump = epochBump;
        }
        if (bump != EpochBump.INSTEAD_OF_END_TXN && maybeSettleAddsInDoubt(io)) {
            return;
        }
        // on the 3.x protocol a transaction that reached neither a partition nor a group's offsets is not
        // open at the coordinator; one that holds offsets must be ended, or its next commit commits them
        boolean nothingToEnd =
                partitionsInTransaction.isEmpty() && !offsetsInTransaction && requests.transactionVersion() < 2;
        if (bump == EpochBump.INSTEAD_OF_END_TXN || (bump == EpochBump.AFTER_END_TXN && nothingToEnd)) {
            requests.initProducerId(io, true, this::onProducerId);
        } else if (nothingToEnd) {
            completeEnd();
        } else {
            requests.endTxn(io, false, response -> onEndTxn(response, false));
        }
    }

    private void addPartitions(TransactionIo io, Set<TopicPartition> partitions) {
        partitionsInDoubt.addAll(partitions);
        requests.addPartitions(
                io,
                partitions,
                () -> partitionsInDoubt.removeAll(partitions),
                () -> partitionsInTransaction.addAll(partitions));
    }

    /**
     * An AddPartitionsToTxn or AddOffsetsToTxn whose answer was lost (version 1) may have opened the
     * transaction at the coordinator, or not: before an abort decides whether there is anything to
     * end, it is sent again, as kafka-clients resends it. Otherwise the abort completed without
     * EndTxn and left the transaction open until transaction.timeout.ms (found by the simulator).
     */
    private boolean maybeSettleAddsInDoubt(TransactionIo io) {
        if (!partitionsInDoubt.isEmpty()) {
            // Not Set.copyOf: its order is salted per JVM, and a seed must replay the same requests.
            addPartitions(io, Collections.unmodifiableSet(new LinkedHashSet<>(partitionsInDoubt)));
            return true;
        }
        if (groupInDoubt != null) {
            addOffsets(io, groupInDoubt, () -> {});
            return true;
        }
        return false;
    }

    private void addOffsets(TransactionIo io, String groupId, Runnable onSuccess) {
        groupInDoubt = groupId;
        requests.addOffsets(io, groupId, () -> groupInDoubt = null, () -> {
            offsetsInTransaction = true;
            onSuccess.run();
        });
    }

    private void sendOffsets(TransactionIo io, PendingOffsets pending) {
        if (requests.transactionVersion() < 2 && !pending.addedToTransaction()[0]) {
            addOffsets(io, pending.group().groupId(), () -> pending.addedToTransaction()[0] = true);
            return;
        }
        requests.commitOffsets(io, pending.offsets(), pending.group(), () -> {
            offsetsInTransaction = true;
            synchronized (this) {
                pendingOffsets = null;
            }
            pending.result().complete(null);
        });
    }

    private synchronized Set<TopicPartition> partitionsToAdd() {
        Set<TopicPartition> toAdd = new LinkedHashSet<>(newPartitions);
        toAdd.removeAll(partitionsInTransaction);
        return toAdd;
    }

    private synchronized PendingOffsets offsets() {
        return pendingOffsets;
    }

    private void onProducerId(InitProducerId.Response response) {
        LOG.debug(
                "transactional producer {}: producer id {} epoch {}",
                transactionalId,
                response.producerId(),
                response.producerEpoch());
        idempotence.setProducerId(response.producerId(), response.producerEpoch(), List.of());
        forgetTransaction();
        synchronized (this) {
            epochBump = EpochBump.NONE;
            state = TransactionState.READY;
            complete();
        }
    }

    private void onEndTxn(EndTxn.Response response, boolean commit) {
        if (requests.transactionVersion() >= 2 && response.producerId() >= 0) {
            // KIP-890: every transaction ends with a new epoch, and sequences start over
            idempotence.setProducerId(response.producerId(), response.producerEpoch(), List.of());
        }
        if (!commit && epochBumpPending()) {
            // ended at the coordinator, its offsets too (or the next round sends EndTxn again); the next
            // round bumps the epoch before the abort completes
            forgetTransaction();
            return;
        }
        completeEnd();
    }

    private synchronized FerryException failure() {
        return state == TransactionState.ABORTABLE_ERROR || state == TransactionState.FATAL_ERROR ? lastError : null;
    }

    private synchronized boolean epochBumpPending() {
        return epochBump != EpochBump.NONE;
    }

    private void completeEnd() {
        forgetTransaction();
        synchronized (this) {
            newPartitions.clear();
            state = TransactionState.READY;
            complete();
        }
    }

    /** What the coordinator knew of the ended transaction. */
    private void forgetTransaction() {
        partitionsInTransaction.clear();
        offsetsInTransaction = false;
        partitionsInDoubt.clear();
        groupInDoubt = null;
    }

    private void complete() {
        if (pendingResult != null) {
            pendingResult.complete(null);
            pendingResult = null;
        }
    }

    /** The one place that decides what a coordinator's error means for the transaction. */
    private void handleError(ErrorCode error, ApiKey api, String request, String detail) {
        String context = request + " of transactional.id " + transactionalId
                + (detail == null || detail.isBlank() ? "" : ": " + detail);
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> requests.coordinatorMoved();
            // the coordinator is busy (loading, or finishing the previous transaction): ask again shortly
            case COORDINATOR_LOAD_IN_PROGRESS,
                    CONCURRENT_TRANSACTIONS,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    REQUEST_TIMED_OUT -> {
                LOG.debug("{}: {} answered {}", transactionalId, request, error);
                requests.coordinatorBusy();
            }
            case PRODUCER_FENCED,
                    TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    INVALID_TRANSACTION_TIMEOUT,
                    TRANSACTION_COORDINATOR_FENCED,
                    INVALID_TXN_STATE -> {
                synchronized (this) {
                    fatal(exception(error, context));
                }
            }
            case INVALID_PRODUCER_EPOCH -> {
                synchronized (this) {
                    if (state == TransactionState.ABORTING_TRANSACTION
                            || state == TransactionState.INITIALIZING
                            || api == ApiKey.TXN_OFFSET_COMMIT) {
                        // the group coordinator saw a newer epoch: another producer took the transactional.id
                        fatal(new ProducerFencedException(error.name(), error.code(), context));
                    } else {
                        epochBump = EpochBump.INSTEAD_OF_END_TXN;
                        abortable(exception(error, context));
                    }
                }
            }
            case INVALID_PRODUCER_ID_MAPPING, UNKNOWN_PRODUCER_ID -> {
                synchronized (this) {
                    if (state == TransactionState.INITIALIZING || api == ApiKey.INIT_PRODUCER_ID) {
                        fatal(exception(error, context));
                    } else {
                        // the coordinator no longer maps the id (the transactional.id expired): it would refuse
                        // EndTxn, so the abort takes a producer id with InitProducerId instead, as kafka-clients' does
                        epochBump = EpochBump.INSTEAD_OF_END_TXN;
                        if (state != TransactionState.ABORTING_TRANSACTION) {
                            abortable(exception(error, context));
                        }
                    }
                }
            }
            default -> {
                synchronized (this) {
                    if (state == TransactionState.INITIALIZING
                            || (state == TransactionState.ABORTING_TRANSACTION && endsTransaction(api))) {
                        fatal(exception(error, context));
                    } else if (state == TransactionState.ABORTING_TRANSACTION) {
                        // a request of the transaction being aborted failed: the abort goes on, as in kafka-clients
                        LOG.info("{} during the abort of {}'s transaction: {}", error, transactionalId, context);
                    } else {
                        abortable(exception(error, context));
                    }
                }
            }
        }
    }

    private static boolean endsTransaction(ApiKey api) {
        return api == ApiKey.END_TXN || api == ApiKey.INIT_PRODUCER_ID;
    }

    /**
     * The offsets in the order the caller's map gives them: {@code Map.copyOf}'s order is salted per
     * JVM, so the same simulation seed sent its TxnOffsetCommit in another order in another JVM.
     */
    private static Map<TopicPartition, OffsetAndMetadata> inCallersOrder(
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> copy = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> copy.put(
                Objects.requireNonNull(partition, "sendOffsetsToTransaction(): a partition is null"),
                Objects.requireNonNull(
                        offset, () -> "sendOffsetsToTransaction(): the offset of " + partition + " is null")));
        return Collections.unmodifiableMap(copy);
    }

    private static FerryException exception(ErrorCode error, String context) {
        if (error == ErrorCode.PRODUCER_FENCED || error == ErrorCode.TRANSACTION_COORDINATOR_FENCED) {
            return new ProducerFencedException(error.name(), error.code(), context);
        }
        return new KafkaErrorException(error.name(), error.code(), context);
    }
}
