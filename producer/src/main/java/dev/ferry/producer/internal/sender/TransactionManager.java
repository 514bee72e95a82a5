package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.ProducerFencedException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * thread sends the requests ({@link #maybeSendRequest}) and completes the futures.
 */
public final class TransactionManager {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);
    private static final short PRODUCE_CAP_V1 = 11;
    private static final short END_TXN_CAP_V1 = 4;
    private static final short TXN_OFFSET_COMMIT_CAP_V1 = 5;
    private static final short ADD_PARTITIONS_VERSION = 3;
    private static final long IDLE_POLL_MS = 10;

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long retryBackoffMs;
    private final IdempotenceState idempotence;
    private final Function<String, UUID> topicIds;
    /** Monotonic milliseconds, the I/O thread's clock. */
    private final LongSupplier clock;

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

    // I/O thread only
    private Integer coordinator;
    private Integer groupCoordinator;
    /** Partitions the coordinator knows are in the transaction: added (version 1), or sent a batch (version 2). */
    private final Set<TopicPartition> partitionsInTransaction = new HashSet<>();
    /** Whether offsets joined the transaction (AddOffsetsToTxn, or TxnOffsetCommit with version 2). */
    private boolean offsetsInTransaction;

    private boolean requestInFlight;
    private long nextAttemptMs;
    private int transactionVersion = 1;

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
        this.clock = clock;
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.idempotence = idempotence;
        this.topicIds = topicIds;
    }

    // ---- user threads ----

    public synchronized CompletableFuture<Void> initTransactions() {
        if (state == TransactionState.INITIALIZING && pendingResult != null) {
            return pendingResult;
        }
        transitionTo(TransactionState.INITIALIZING, "initTransactions()");
        pendingResult = new CompletableFuture<>();
        return pendingResult;
    }

    public synchronized void beginTransaction() {
        transitionTo(TransactionState.IN_TRANSACTION, "beginTransaction()");
        newPartitions.clear();
    }

    /** Called by send() before appending: records may only be sent inside a transaction. */
    public synchronized void checkSendAllowed() {
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
        if (state != TransactionState.IN_TRANSACTION) {
            throw refusal("sendOffsetsToTransaction()", "sending offsets in");
        }
        if (pendingOffsets != null) {
            return pendingOffsets.result();
        }
        pendingOffsets = new PendingOffsets(Map.copyOf(offsets), group, new CompletableFuture<>(), new boolean[1]);
        return pendingOffsets.result();
    }

    public synchronized CompletableFuture<Void> beginCommit() {
        if (state == TransactionState.COMMITTING_TRANSACTION && pendingResult != null) {
            return pendingResult;
        }
        if (state == TransactionState.ABORTABLE_ERROR) {
            throw abortableFailure("committing");
        }
        transitionTo(TransactionState.COMMITTING_TRANSACTION, "commitTransaction()");
        pendingResult = new CompletableFuture<>();
        return pendingResult;
    }

    public synchronized CompletableFuture<Void> beginAbort() {
        if (state == TransactionState.ABORTING_TRANSACTION && pendingResult != null) {
            return pendingResult;
        }
        transitionTo(TransactionState.ABORTING_TRANSACTION, "abortTransaction()");
        pendingResult = new CompletableFuture<>();
        return pendingResult;
    }

    synchronized TransactionState state() {
        return state;
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
        return sending && (transactionVersion >= 2 || partitionsInTransaction.contains(partition));
    }

    String transactionalId() {
        return transactionalId;
    }

    short produceVersionCap() {
        return transactionVersion >= 2 ? Short.MAX_VALUE : PRODUCE_CAP_V1;
    }

    /**
     * A batch of the transaction goes out: with transaction.version 2 its Produce may add the
     * partition at the coordinator, so the transaction has something to end from now on.
     */
    void onBatchDrained(TopicPartition partition) {
        if (transactionVersion >= 2) {
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
        if (transactionVersion < 2 && epochBump == EpochBump.NONE) {
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

    /**
     * How long the I/O thread may wait before the next transactional request is due. The request
     * that could go out now went out in this round already; what is left waits for a response, a
     * connection, the user or a backoff, so the I/O thread sleeps at least {@code IDLE_POLL_MS}
     * instead of spinning (responses and user calls wake it earlier).
     */
    long timeToNextAttempt(long now) {
        return requestInFlight ? Long.MAX_VALUE : Math.max(IDLE_POLL_MS, nextAttemptMs - now);
    }

    /** Sends the next request the transaction needs, if any and none is in flight. */
    void maybeSendRequest(long now, TransactionIo io) {
        if (requestInFlight || now < nextAttemptMs) {
            return;
        }
        TransactionState current = state();
        switch (current) {
            case INITIALIZING -> withCoordinator(io, node -> initProducerId(io, node, false));
            case IN_TRANSACTION, COMMITTING_TRANSACTION -> maybeAdvanceTransaction(io, current);
            case ABORTING_TRANSACTION -> maybeAbort(io);
            default -> {}
        }
    }

    private void maybeAdvanceTransaction(TransactionIo io, TransactionState current) {
        Set<TopicPartition> toAdd = partitionsToAdd();
        if (transactionVersion < 2 && !toAdd.isEmpty()) {
            withCoordinator(io, node -> addPartitions(io, node, toAdd));
        } else if (offsets() != null) {
            sendOffsets(io, offsets());
        } else if (current == TransactionState.COMMITTING_TRANSACTION && !io.hasUnfinishedBatches()) {
            if (partitionsInTransaction.isEmpty() && !offsetsInTransaction) {
                // as kafka-clients: nothing reached the coordinator, so there is nothing to commit, and
                // Kafka answers EndTxn(commit) without an open transaction INVALID_TXN_STATE
                completeEnd();
            } else {
                withCoordinator(io, node -> endTransaction(io, node, true));
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
        // on the 3.x protocol a transaction that reached no partition is not open at the coordinator
        boolean nothingToEnd = partitionsInTransaction.isEmpty() && transactionVersion < 2;
        if (bump == EpochBump.INSTEAD_OF_END_TXN || (bump == EpochBump.AFTER_END_TXN && nothingToEnd)) {
            withCoordinator(io, node -> initProducerId(io, node, true));
        } else if (nothingToEnd) {
            completeEnd();
        } else {
            withCoordinator(io, node -> endTransaction(io, node, false));
        }
    }

    private synchronized Set<TopicPartition> partitionsToAdd() {
        Set<TopicPartition> toAdd = new LinkedHashSet<>(newPartitions);
        toAdd.removeAll(partitionsInTransaction);
        return toAdd;
    }

    private synchronized PendingOffsets offsets() {
        return pendingOffsets;
    }

    private void withCoordinator(TransactionIo io, java.util.function.IntConsumer action) {
        if (coordinator == null) {
            findCoordinator(io, FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId, node -> coordinator = node);
        } else if (io.isReady(coordinator)) {
            action.accept(coordinator);
        } else if (io.isUnreachable(coordinator)) {
            // the coordinator's broker went away between requests: its successor is found anew
            LOG.debug(
                    "{}: transaction coordinator {} is unreachable, finding the coordinator again",
                    transactionalId,
                    coordinator);
            coordinator = null;
            nextAttemptMs = clock.getAsLong() + retryBackoffMs;
        }
    }

    private void findCoordinator(TransactionIo io, byte keyType, String key, java.util.function.IntConsumer found) {
        Integer node = io.anyReadyNode();
        if (node == null) {
            return;
        }
        short version = io.versions(node).highestCommonVersion(ApiKey.FIND_COORDINATOR);
        transactionVersion =
                io.versions(node).finalizedLevel("transaction.version").orElse((short) 1);
        send(io, node, new FindCoordinator.Request(keyType, List.of(key)), version, response -> {
            FindCoordinator.Coordinator found0 = response.coordinators().get(0);
            ErrorCode error = ErrorCode.forCode(found0.errorCode());
            if (error == ErrorCode.NONE) {
                io.addAddress(found0.nodeId(), found0.host(), found0.port());
                found.accept(found0.nodeId());
            } else {
                handleError(error, "FindCoordinator for " + key, found0.errorMessage());
            }
        });
    }

    private void initProducerId(TransactionIo io, int node, boolean bump) {
        short version = io.versions(node).highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
        long producerId = bump ? idempotence.producerId() : -1L;
        short epoch = bump ? idempotence.epoch() : -1;
        send(
                io,
                node,
                new InitProducerId.Request(transactionalId, transactionTimeoutMs, producerId, epoch),
                version,
                response -> {
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error != ErrorCode.NONE) {
                        handleError(error, "InitProducerId", null);
                        return;
                    }
                    LOG.debug(
                            "transactional producer {}: producer id {} epoch {}",
                            transactionalId,
                            response.producerId(),
                            response.producerEpoch());
                    idempotence.setProducerId(response.producerId(), response.producerEpoch(), List.of());
                    partitionsInTransaction.clear();
                    offsetsInTransaction = false;
                    synchronized (this) {
                        epochBump = EpochBump.NONE;
                        state = TransactionState.READY;
                        complete();
                    }
                });
    }

    private void addPartitions(TransactionIo io, int node, Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp ->
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<AddPartitionsToTxn.Topic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new AddPartitionsToTxn.Topic(topic, list)));
        AddPartitionsToTxn.Request request =
                new AddPartitionsToTxn.Request(transactionalId, idempotence.producerId(), idempotence.epoch(), topics);
        send(io, node, request, ADD_PARTITIONS_VERSION, response -> {
            for (AddPartitionsToTxn.TopicResult topic : response.results()) {
                for (AddPartitionsToTxn.PartitionResult partition : topic.partitions()) {
                    ErrorCode error = ErrorCode.forCode(partition.errorCode());
                    if (error != ErrorCode.NONE && error != ErrorCode.OPERATION_NOT_ATTEMPTED) {
                        handleError(
                                error,
                                "AddPartitionsToTxn for " + topic.name() + "-" + partition.partitionIndex(),
                                null);
                        return;
                    }
                }
            }
            partitionsInTransaction.addAll(partitions);
        });
    }

    private void sendOffsets(TransactionIo io, PendingOffsets pending) {
        if (transactionVersion < 2 && !pending.addedToTransaction()[0]) {
            withCoordinator(io, node -> {
                short version = io.versions(node).highestCommonVersion(ApiKey.ADD_OFFSETS_TO_TXN);
                send(
                        io,
                        node,
                        new AddOffsetsToTxn.Request(
                                transactionalId,
                                idempotence.producerId(),
                                idempotence.epoch(),
                                pending.group().groupId()),
                        version,
                        response -> {
                            ErrorCode error = ErrorCode.forCode(response.errorCode());
                            if (error == ErrorCode.NONE) {
                                pending.addedToTransaction()[0] = true;
                                offsetsInTransaction = true;
                            } else {
                                handleError(
                                        error,
                                        "AddOffsetsToTxn for group "
                                                + pending.group().groupId(),
                                        null);
                            }
                        });
            });
            return;
        }
        if (groupCoordinator == null) {
            findCoordinator(
                    io, FindCoordinator.KEY_TYPE_GROUP, pending.group().groupId(), node -> groupCoordinator = node);
            return;
        }
        if (!io.isReady(groupCoordinator)) {
            if (io.isUnreachable(groupCoordinator)) {
                LOG.debug(
                        "{}: group coordinator {} is unreachable, finding it again", transactionalId, groupCoordinator);
                groupCoordinator = null;
                nextAttemptMs = clock.getAsLong() + retryBackoffMs;
            }
            return;
        }
        short version = transactionVersion >= 2
                ? io.versions(groupCoordinator).highestCommonVersion(ApiKey.TXN_OFFSET_COMMIT)
                : io.versions(groupCoordinator)
                        .highestCommonVersion(ApiKey.TXN_OFFSET_COMMIT, TXN_OFFSET_COMMIT_CAP_V1);
        send(io, groupCoordinator, offsetCommit(pending), version, response -> {
            for (TxnOffsetCommit.TopicResult topic : response.topics()) {
                for (TxnOffsetCommit.PartitionResult partition : topic.partitions()) {
                    ErrorCode error = ErrorCode.forCode(partition.errorCode());
                    if (error != ErrorCode.NONE) {
                        if (error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
                            groupCoordinator = null;
                        }
                        handleError(
                                error,
                                "TxnOffsetCommit for group " + pending.group().groupId(),
                                null);
                        return;
                    }
                }
            }
            offsetsInTransaction = true;
            synchronized (this) {
                pendingOffsets = null;
            }
            pending.result().complete(null);
        });
    }

    private TxnOffsetCommit.Request offsetCommit(PendingOffsets pending) {
        Map<String, List<TxnOffsetCommit.Partition>> byTopic = new LinkedHashMap<>();
        pending.offsets().forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommit.Partition(
                        tp.partition(), offset.offset(), offset.leaderEpoch().orElse(-1), offset.metadata())));
        List<TxnOffsetCommit.Topic> topics = new ArrayList<>();
        byTopic.forEach(
                (topic, partitions) -> topics.add(new TxnOffsetCommit.Topic(topic, topicIds.apply(topic), partitions)));
        ConsumerGroupMetadata group = pending.group();
        return new TxnOffsetCommit.Request(
                transactionalId,
                group.groupId(),
                idempotence.producerId(),
                idempotence.epoch(),
                group.generationId(),
                group.memberId(),
                group.groupInstanceId().orElse(null),
                topics);
    }

    private void endTransaction(TransactionIo io, int node, boolean commit) {
        short version = transactionVersion >= 2
                ? io.versions(node).highestCommonVersion(ApiKey.END_TXN)
                : io.versions(node).highestCommonVersion(ApiKey.END_TXN, END_TXN_CAP_V1);
        send(
                io,
                node,
                new EndTxn.Request(transactionalId, idempotence.producerId(), idempotence.epoch(), commit),
                version,
                response -> {
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error != ErrorCode.NONE) {
                        handleError(error, commit ? "EndTxn (commit)" : "EndTxn (abort)", null);
                        return;
                    }
                    if (transactionVersion >= 2 && response.producerId() >= 0) {
                        // KIP-890: every transaction ends with a new epoch, and sequences start over
                        idempotence.setProducerId(response.producerId(), response.producerEpoch(), List.of());
                    }
                    if (!commit && epochBumpPending()) {
                        // ended at the coordinator; the next round bumps the epoch before the abort completes
                        partitionsInTransaction.clear();
                        return;
                    }
                    completeEnd();
                });
    }

    private synchronized boolean epochBumpPending() {
        return epochBump != EpochBump.NONE;
    }

    private void completeEnd() {
        partitionsInTransaction.clear();
        offsetsInTransaction = false;
        synchronized (this) {
            newPartitions.clear();
            state = TransactionState.READY;
            complete();
        }
    }

    private void complete() {
        if (pendingResult != null) {
            pendingResult.complete(null);
            pendingResult = null;
        }
    }

    private <R> void send(
            TransactionIo io,
            int node,
            dev.ferry.producer.internal.protocol.ApiRequest<R> request,
            short version,
            java.util.function.Consumer<R> onResponse) {
        requestInFlight = true;
        LOG.debug("{}: {} v{} to node {}", transactionalId, request.apiKey(), version, node);
        io.send(
                node,
                request,
                version,
                response -> {
                    requestInFlight = false;
                    onResponse.accept(response);
                },
                failure -> {
                    requestInFlight = false;
                    retryLater(failure);
                });
    }

    private void retryLater(RequestFailure failure) {
        LOG.debug("transaction request of {} failed: {}", transactionalId, failure.describe());
        coordinator = null;
        groupCoordinator = null;
        nextAttemptMs = clock.getAsLong() + retryBackoffMs;
    }

    /** The one place that decides what a coordinator's error means for the transaction. */
    private void handleError(ErrorCode error, String request, String detail) {
        String context = request + " of transactional.id " + transactionalId
                + (detail == null || detail.isBlank() ? "" : ": " + detail);
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                coordinator = null;
                nextAttemptMs = clock.getAsLong() + retryBackoffMs;
            }
            // the coordinator is busy (loading, or finishing the previous transaction): ask again shortly
            case COORDINATOR_LOAD_IN_PROGRESS,
                    CONCURRENT_TRANSACTIONS,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    REQUEST_TIMED_OUT -> {
                LOG.debug("{}: {} answered {}", transactionalId, request, error);
                nextAttemptMs = clock.getAsLong() + Math.min(retryBackoffMs, 20);
            }
            case PRODUCER_FENCED,
                    TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    INVALID_TRANSACTION_TIMEOUT,
                    TRANSACTION_COORDINATOR_FENCED -> {
                synchronized (this) {
                    fatal(exception(error, context));
                }
            }
            case INVALID_PRODUCER_EPOCH -> {
                synchronized (this) {
                    if (state == TransactionState.ABORTING_TRANSACTION || state == TransactionState.INITIALIZING) {
                        fatal(new ProducerFencedException(error.name(), error.code(), context));
                    } else {
                        epochBump = EpochBump.INSTEAD_OF_END_TXN;
                        abortable(exception(error, context));
                    }
                }
            }
            default -> {
                synchronized (this) {
                    if (state == TransactionState.INITIALIZING || state == TransactionState.ABORTING_TRANSACTION) {
                        fatal(exception(error, context));
                    } else {
                        abortable(exception(error, context));
                    }
                }
            }
        }
    }

    private static FerryException exception(ErrorCode error, String context) {
        if (error == ErrorCode.PRODUCER_FENCED || error == ErrorCode.TRANSACTION_COORDINATOR_FENCED) {
            return new ProducerFencedException(error.name(), error.code(), context);
        }
        return new KafkaErrorException(error.name(), error.code(), context);
    }
}
