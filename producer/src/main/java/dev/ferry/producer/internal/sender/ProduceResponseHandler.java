package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.NetworkException;
import dev.ferry.producer.ProducerFencedException;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.RecordTooLargeException;
import dev.ferry.producer.RetriableKafkaErrorException;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.Produce;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the outcome of a Produce request into completed records, retries or failures. The one
 * place that decides what a broker error means for a batch.
 */
final class ProduceResponseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceResponseHandler.class);

    private final RecordAccumulator accumulator;
    private final IdempotenceState idempotence;
    private final ProducerMetadata metadata;
    private final int retries;
    private final ProducerMetrics metrics;
    private final ProducerListener listener;
    private final BatchFailures failures;
    private final boolean transactional;
    private final InjectedDefect defect;

    /** Puts a batch back for another attempt after the backoff. */
    interface Retry {
        void retry(ProducerBatch batch, long nowMs);
    }

    ProduceResponseHandler(
            RecordAccumulator accumulator,
            IdempotenceState idempotence,
            ProducerMetadata metadata,
            int retries,
            ProducerMetrics metrics,
            ProducerListener listener,
            BatchFailures failures,
            boolean transactional,
            InjectedDefect defect) {
        this.defect = defect;
        this.failures = failures;
        this.transactional = transactional;
        this.retries = retries;
        this.metrics = metrics;
        this.listener = listener;
        this.accumulator = accumulator;
        this.idempotence = idempotence;
        this.metadata = metadata;
    }

    /**
     * A response arrived; {@code response} is null for acks=0, where writing it was all there was.
     *
     * @param sent the request's topics, with the topic ids it named them by (Produce v13)
     */
    void handleResponse(
            List<ProducerBatch> batches,
            List<Produce.TopicData> sent,
            Produce.Response response,
            long now,
            Retry retry) {
        batches.forEach(idempotence::returned);
        if (response == null) {
            batches.forEach(batch -> complete(batch, -1L, -1L));
            return;
        }
        // keyed like the batches, so each is found without building a name for it
        Map<TopicPartition, Produce.PartitionResponse> byPartition = new HashMap<>();
        for (Produce.TopicResponse topic : response.responses()) {
            String name = topic.name() != null ? topic.name() : topicName(sent, topic);
            for (Produce.PartitionResponse partition : topic.partitions()) {
                if (partition.index() >= 0) {
                    byPartition.put(new TopicPartition(name, partition.index()), partition);
                }
            }
        }
        for (ProducerBatch batch : batches) {
            Produce.PartitionResponse partition = byPartition.get(batch.partition());
            if (partition == null) {
                handleError(
                        batch,
                        ErrorCode.UNKNOWN_SERVER_ERROR,
                        "the broker's response did not mention " + batch.partition(),
                        List.of(),
                        now,
                        retry);
            } else {
                ErrorCode error = ErrorCode.forCode(partition.errorCode());
                if (error == ErrorCode.NONE) {
                    complete(batch, partition.baseOffset(), partition.logAppendTimeMs());
                } else {
                    handleError(batch, error, partition.errorMessage(), partition.recordErrors(), now, retry);
                }
            }
        }
    }

    /**
     * Produce v13 answers with topic ids only: the name is the one the request gave that id, as
     * kafka-clients keeps its send-time map. The metadata's id may have changed since (the topic
     * recreated, or dropped from a Metadata answer): looked up there, an UNKNOWN_TOPIC_ID answer
     * found no batch and its records failed for good instead of being retried.
     */
    private static String topicName(List<Produce.TopicData> sent, Produce.TopicResponse topic) {
        for (Produce.TopicData data : sent) {
            if (topic.topicId() != null && topic.topicId().equals(data.topicId())) {
                return data.name();
            }
        }
        return String.valueOf(topic.topicId());
    }

    /** No response will come: the connection broke or the request timed out. */
    void handleFailure(List<ProducerBatch> batches, RequestFailure failure, long now, Retry retry) {
        ErrorCode error = failure.kind() == RequestFailure.Kind.TIMED_OUT
                ? ErrorCode.REQUEST_TIMED_OUT
                : ErrorCode.NETWORK_EXCEPTION;
        metadata.requestUpdate();
        batches.forEach(idempotence::returned);
        for (ProducerBatch batch : batches) {
            idempotence.attemptMayBeAppended(batch);
            handleError(batch, error, failure.describe(), List.of(), now, retry);
        }
    }

    /** @param recordErrors the records of the batch the broker named as the cause (INVALID_RECORD), if any */
    private void handleError(
            ProducerBatch batch,
            ErrorCode error,
            String message,
            List<Produce.RecordError> recordErrors,
            long now,
            Retry retry) {
        if (batch.isDone()) {
            // it expired while in flight: its futures have failed already (and its partition awaits a new epoch)
            if (defect == InjectedDefect.LEAK_EXPIRED_IN_FLIGHT) {
                idempotence.settled(batch);
                return;
            }
            settle(batch);
            return;
        }
        if (error == ErrorCode.REQUEST_TIMED_OUT || error == ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND) {
            idempotence.attemptMayBeAppended(batch);
        }
        if (error == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
            // in the log already: the broker says so
            complete(batch, -1L, -1L);
            return;
        }
        if (error == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && idempotence.laterAcknowledged(batch)) {
            // the later acknowledgement does not prove this batch is in the log (a broker without state
            // for the producer takes any batch as its first), and written now it would land after that
            // batch: kafka-clients retries it until delivery.timeout.ms and fails it; it fails at once here
            failures.fail(batch, exceptionFor(error, batch, unacknowledgedBelowAcknowledged(batch)));
            return;
        }
        if (error == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && idempotence.laterMayBeAppended(batch)) {
            // failed, the later batches go out again with their own sequences and tell whether they are in
            // the log before the partition moves to a new epoch (IdempotenceState.unknownOutcome)
            failures.fail(
                    batch,
                    exceptionFor(
                            error,
                            batch,
                            "the broker's sequence for this producer went past these records: it had forgotten the"
                                    + " producer (producer.id.expiration.ms) and took later records, which may be in"
                                    + " the log, as its first. Not written again, as they would land after those"));
            return;
        }
        if (error == ErrorCode.MESSAGE_TOO_LARGE && batch.recordCount() > 1 && now < batch.deliveryDeadlineMs()) {
            LOG.debug("splitting {} rejected as too large", batch);
            metrics.recordBatchSplit();
            idempotence.replaceBySplit(batch, accumulator.splitAndReenqueue(batch));
            return;
        }
        if (retriable(batch, error) && batch.attempts() <= retries && now < batch.deliveryDeadlineMs()) {
            if (invalidatesMetadata(error)) {
                metadata.requestUpdate();
            }
            LOG.debug("retrying {} after {}: {}", batch, error, message);
            metrics.recordRetries(batch.partition().topic(), batch.recordCount());
            if (listener != null) {
                listener.onRetry(
                        batch.partition(), batch.recordCount(), batch.attempts(), exceptionFor(error, batch, message));
            }
            retry.retry(batch, now);
            return;
        }
        FerryException cause = exceptionFor(error, batch, message);
        if (recordErrors.isEmpty()) {
            failures.fail(batch, cause);
        } else {
            failures.fail(batch, cause, causesOfRecords(error, batch, message, recordErrors));
        }
    }

    /**
     * Each record's cause when the broker named the records it refused, as kafka-clients gives them:
     * a named record gets the partition's error with its own message (INVALID_RECORD when several
     * are named, since the one code cannot tell their reasons apart), and the others an error that is
     * not the broker's, so that a caller can tell which records to drop before sending the rest again.
     */
    private static IntFunction<FerryException> causesOfRecords(
            ErrorCode error, ProducerBatch batch, String message, List<Produce.RecordError> recordErrors) {
        Map<Integer, FerryException> named = new HashMap<>();
        for (Produce.RecordError recordError : recordErrors) {
            String detail = recordError.message() != null
                    ? recordError.message()
                    : message == null || message.isBlank() ? error.defaultMessage() : message;
            named.put(
                    recordError.batchIndex(),
                    exceptionFor(
                            recordErrors.size() == 1 ? error : ErrorCode.INVALID_RECORD,
                            batch,
                            "record " + recordError.batchIndex() + " of the batch: " + detail));
        }
        FerryException collateral = new FerryException("producing to " + batch.partition()
                + ": not written because the broker refused other records of its batch (at "
                + named.keySet().stream().sorted().toList() + ")");
        return index -> named.getOrDefault(index, collateral);
    }

    /**
     * Whether a failed attempt may be made again. The sequence errors follow kafka-clients'
     * TransactionManager.canRetry: an idempotent producer retries them under a new epoch.
     */
    private boolean retriable(ProducerBatch batch, ErrorCode error) {
        if (error == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER) {
            if (idempotence.hasOlderUnacknowledged(batch)) {
                // an older batch being retried will fill the gap
                return true;
            }
            // a real gap: an earlier batch failed or expired without reaching the log
            idempotence.requestEpochBump(batch.partition());
            return !transactional;
        }
        if (error == ErrorCode.UNKNOWN_PRODUCER_ID) {
            // the broker no longer has this producer's state for the partition (its records were deleted);
            // a transactional producer aborts, which bumps the epoch at the coordinator
            idempotence.requestEpochBump(batch.partition());
            return !transactional;
        }
        return error.retriable() || defect == InjectedDefect.RETRY_NON_RETRIABLE;
    }

    private String unacknowledgedBelowAcknowledged(ProducerBatch batch) {
        return "the broker acknowledged later records of this producer without these"
                + (idempotence.mayBeAppended(batch)
                        ? "; they are in the log if an earlier attempt was written and the broker has since lost"
                                + " track of it, and are not if the broker had forgotten the producer"
                                + " (producer.id.expiration.ms) and took the later records as its first"
                        : "; they were refused at every attempt and are not in the log: the broker had forgotten"
                                + " the producer (producer.id.expiration.ms) and took the later records as its first")
                + ". Not written again, as they would land after the later records";
    }

    private static boolean invalidatesMetadata(ErrorCode error) {
        return switch (error) {
            case NOT_LEADER_OR_FOLLOWER,
                    UNKNOWN_TOPIC_OR_PARTITION,
                    LEADER_NOT_AVAILABLE,
                    NETWORK_EXCEPTION,
                    REQUEST_TIMED_OUT,
                    UNKNOWN_TOPIC_ID,
                    FENCED_LEADER_EPOCH,
                    KAFKA_STORAGE_ERROR -> true;
            default -> false;
        };
    }

    static FerryException exceptionFor(ErrorCode error, ProducerBatch batch, String brokerMessage) {
        String detail = brokerMessage == null || brokerMessage.isBlank() ? error.defaultMessage() : brokerMessage;
        String message = "producing to " + batch.partition() + ": " + detail;
        return switch (error) {
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE ->
                new RecordTooLargeException(error.name() + " (" + error.code() + ") " + message);
            case REQUEST_TIMED_OUT -> new TimeoutException(error.name() + " " + message);
            case NETWORK_EXCEPTION -> new NetworkException(error.name() + " " + message);
            case PRODUCER_FENCED -> new ProducerFencedException(error.name(), error.code(), message);
            default ->
                error.retriable()
                        ? new RetriableKafkaErrorException(error.name(), error.code(), message)
                        : new KafkaErrorException(error.name(), error.code(), message);
        };
    }

    private void complete(ProducerBatch batch, long baseOffset, long logAppendTime) {
        batch.complete(baseOffset, logAppendTime, listener);
        idempotence.acknowledged(batch);
        accumulator.release(batch);
    }

    private void settle(ProducerBatch batch) {
        idempotence.settled(batch);
        accumulator.release(batch);
    }
}
