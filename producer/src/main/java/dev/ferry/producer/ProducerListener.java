package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * Hooks into the life of records for tracing, auditing or custom metrics. Every method has a no-op
 * default, so implement only what you need:
 *
 * <pre>{@code
 * ProducerListener errors = new ProducerListener() {
 *     public void onError(TopicPartition partition, FerryException error) {
 *         errorCounter.increment(partition.topic());
 *     }
 * };
 * }</pre>
 *
 * <p>{@link #onSend} runs on the thread calling {@code send()}; the others run on the producer's
 * I/O thread, so they must be quick and must not block. An exception thrown by a listener is logged
 * and otherwise ignored: it never fails a record.
 *
 * <p>Thread safety: implementations must be thread-safe.
 */
public interface ProducerListener {

    /** A record was accepted into a batch for {@code partition}. */
    default void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {}

    /** A record was acknowledged by the broker (or written, with {@code acks=0}). */
    default void onAcknowledgement(RecordMetadata metadata) {}

    /** A record failed for good; its future fails with the same {@code error}. */
    default void onError(TopicPartition partition, FerryException error) {}

    /** A batch of {@code recordCount} records is retried after a retriable error. */
    default void onRetry(TopicPartition partition, int recordCount, int attempt, FerryException cause) {}
}
