package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire side of the {@link TransactionManager}'s conversation: finds the transaction and group
 * coordinators, picks each request's version for the {@code transaction.version} the brokers
 * finalized, builds FindCoordinator, InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn,
 * TxnOffsetCommit and EndTxn, keeps one of them in flight at a time and the backoff between them.
 * What a response means for the transaction is the manager's: a success goes to the callback the
 * manager passed, and a coordinator's error to its {@code handleError}, which calls back
 * {@link #coordinatorMoved()} or {@link #coordinatorBusy()} for the errors that only delay the
 * request.
 *
 * <p>Threads: confined to the I/O thread, like the coordinator fields the manager kept before; it
 * takes no lock. The callbacks it runs are the manager's and take the manager's monitor themselves
 * where they touch state the user's calls share.
 */
final class TransactionRequests {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRequests.class);
    private static final short END_TXN_CAP_V1 = 4;
    private static final short TXN_OFFSET_COMMIT_CAP_V1 = 5;
    private static final short ADD_PARTITIONS_VERSION = 3;
    private static final long IDLE_POLL_MS = 10;

    /** Where a coordinator's error code goes: the request's API and name, and the coordinator's message if any. */
    interface ErrorHandler {
        void handle(ErrorCode error, ApiKey api, String request, String detail);
    }

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long retryBackoffMs;
    private final IdempotenceState idempotence;
    private final Function<String, UUID> topicIds;
    /** Monotonic milliseconds, the I/O thread's clock. */
    private final LongSupplier clock;

    private final ErrorHandler errors;

    private Integer coordinator;
    private Integer groupCoordinator;
    private boolean requestInFlight;
    private long nextAttemptMs;
    private int transactionVersion = 1;

    TransactionRequests(
            String transactionalId,
            int transactionTimeoutMs,
            long retryBackoffMs,
            IdempotenceState idempotence,
            Function<String, UUID> topicIds,
            LongSupplier clock,
            ErrorHandler errors) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.idempotence = idempotence;
        this.topicIds = topicIds;
        this.clock = clock;
        this.errors = errors;
    }

    /** The feature level the broker that answered the last FindCoordinator lookup finalized; 1 until then. */
    int transactionVersion() {
        return transactionVersion;
    }

    /** Whether a request may go out now: none is in flight and no backoff runs. */
    boolean maySend(long now) {
        return !requestInFlight && now >= nextAttemptMs;
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

    /** NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE: the transaction coordinator is found anew after a backoff. */
    void coordinatorMoved() {
        coordinator = null;
        nextAttemptMs = clock.getAsLong() + retryBackoffMs;
    }

    /** The coordinator is loading or finishing the previous transaction: the request is asked again shortly. */
    void coordinatorBusy() {
        nextAttemptMs = clock.getAsLong() + Math.min(retryBackoffMs, 20);
    }

    /** InitProducerId: a new producer id, or with {@code bump} a new epoch for the current id and epoch. */
    void initProducerId(TransactionIo io, boolean bump, Consumer<InitProducerId.Response> onSuccess) {
        withCoordinator(io, node -> {
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
                            errors.handle(error, ApiKey.INIT_PRODUCER_ID, "InitProducerId", null);
                            return;
                        }
                        onSuccess.accept(response);
                    });
        });
    }

    /**
     * AddPartitionsToTxn (transaction.version 1): {@code onDecided} runs when the coordinator decided
     * (see {@link #decided}), before an error is handled; {@code onSuccess} only when every partition
     * was added.
     */
    void addPartitions(TransactionIo io, Set<TopicPartition> partitions, Runnable onDecided, Runnable onSuccess) {
        withCoordinator(io, node -> {
            Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
            partitions.forEach(tp ->
                    byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            List<AddPartitionsToTxn.Topic> topics = new ArrayList<>();
            byTopic.forEach((topic, list) -> topics.add(new AddPartitionsToTxn.Topic(topic, list)));
            AddPartitionsToTxn.Request request = new AddPartitionsToTxn.Request(
                    transactionalId, idempotence.producerId(), idempotence.epoch(), topics);
            send(io, node, request, ADD_PARTITIONS_VERSION, response -> {
                for (AddPartitionsToTxn.TopicResult topic : response.results()) {
                    for (AddPartitionsToTxn.PartitionResult partition : topic.partitions()) {
                        ErrorCode error = ErrorCode.forCode(partition.errorCode());
                        if (error != ErrorCode.NONE && error != ErrorCode.OPERATION_NOT_ATTEMPTED) {
                            if (decided(error)) {
                                onDecided.run();
                            }
                            errors.handle(
                                    error,
                                    ApiKey.ADD_PARTITIONS_TO_TXN,
                                    "AddPartitionsToTxn for " + topic.name() + "-" + partition.partitionIndex(),
                                    null);
                            return;
                        }
                    }
                }
                onDecided.run();
                onSuccess.run();
            });
        });
    }

    /**
     * Whether an answer to an add says what the coordinator did: added, or refused for good. A
     * coordinator that moved, is loading or is busy did not look at the request, so an earlier one
     * whose answer was lost may still have added what it named.
     */
    private static boolean decided(ErrorCode error) {
        return error == ErrorCode.NONE || (!error.retriable() && error != ErrorCode.CONCURRENT_TRANSACTIONS);
    }

    /** AddOffsetsToTxn (transaction.version 1): the group's offsets topic joins the transaction; callbacks as {@link #addPartitions}'s. */
    void addOffsets(TransactionIo io, String groupId, Runnable onDecided, Runnable onSuccess) {
        withCoordinator(io, node -> {
            short version = io.versions(node).highestCommonVersion(ApiKey.ADD_OFFSETS_TO_TXN);
            send(
                    io,
                    node,
                    new AddOffsetsToTxn.Request(
                            transactionalId, idempotence.producerId(), idempotence.epoch(), groupId),
                    version,
                    response -> {
                        ErrorCode error = ErrorCode.forCode(response.errorCode());
                        if (decided(error)) {
                            onDecided.run();
                        }
                        if (error == ErrorCode.NONE) {
                            onSuccess.run();
                        } else {
                            errors.handle(
                                    error, ApiKey.ADD_OFFSETS_TO_TXN, "AddOffsetsToTxn for group " + groupId, null);
                        }
                    });
        });
    }

    /** TxnOffsetCommit to the group coordinator; {@code onSuccess} runs only when every partition was committed. */
    void commitOffsets(
            TransactionIo io,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group,
            Runnable onSuccess) {
        if (groupCoordinator == null) {
            findCoordinator(io, FindCoordinator.KEY_TYPE_GROUP, group.groupId(), node -> groupCoordinator = node);
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
        send(io, groupCoordinator, offsetCommit(offsets, group), version, response -> {
            for (TxnOffsetCommit.TopicResult topic : response.topics()) {
                for (TxnOffsetCommit.PartitionResult partition : topic.partitions()) {
                    ErrorCode error = ErrorCode.forCode(partition.errorCode());
                    if (error != ErrorCode.NONE) {
                        if (error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
                            groupCoordinator = null;
                        }
                        errors.handle(
                                error, ApiKey.TXN_OFFSET_COMMIT, "TxnOffsetCommit for group " + group.groupId(), null);
                        return;
                    }
                }
            }
            onSuccess.run();
        });
    }

    private TxnOffsetCommit.Request offsetCommit(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        Map<String, List<TxnOffsetCommit.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommit.Partition(
                        tp.partition(), offset.offset(), offset.leaderEpoch().orElse(-1), offset.metadata())));
        List<TxnOffsetCommit.Topic> topics = new ArrayList<>();
        byTopic.forEach(
                (topic, partitions) -> topics.add(new TxnOffsetCommit.Topic(topic, topicIds.apply(topic), partitions)));
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

    /** EndTxn, capped at v4 on transaction.version 1 (v5 and later return the new epoch). */
    void endTxn(TransactionIo io, boolean commit, Consumer<EndTxn.Response> onSuccess) {
        withCoordinator(io, node -> {
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
                            errors.handle(error, ApiKey.END_TXN, commit ? "EndTxn (commit)" : "EndTxn (abort)", null);
                            return;
                        }
                        onSuccess.accept(response);
                    });
        });
    }

    private void withCoordinator(TransactionIo io, IntConsumer action) {
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

    private void findCoordinator(TransactionIo io, byte keyType, String key, IntConsumer found) {
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
                errors.handle(error, ApiKey.FIND_COORDINATOR, "FindCoordinator for " + key, found0.errorMessage());
            }
        });
    }

    private <R> void send(TransactionIo io, int node, ApiRequest<R> request, short version, Consumer<R> onResponse) {
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
}
