package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@code send()} returns for one record. It also tells {@code send()} how the append went
 * (partition, whether the record filled its batch or started a new one, how many bytes it added), so
 * that appending allocates nothing besides the future the caller gets back anyway.
 *
 * <p>The append flags are written and read by the appending thread only; the future itself is
 * completed by the I/O thread.
 */
public final class RecordFuture extends CompletableFuture<RecordMetadata> {
    private final TopicPartition partition;
    private boolean filledBatch;
    private boolean newBatchCreated;
    private int appendedBytes;

    RecordFuture(TopicPartition partition) {
        this.partition = partition;
    }

    void appended(boolean filledBatch, boolean newBatchCreated, int appendedBytes) {
        this.filledBatch = filledBatch;
        this.newBatchCreated = newBatchCreated;
        this.appendedBytes = appendedBytes;
    }

    /** Where the record went. */
    public TopicPartition partition() {
        return partition;
    }

    /**
     * The record filled its batch: the batch is sendable now, without waiting for {@code linger.ms}.
     * Together with {@link #newBatchCreated} (the batch before the new one is sendable) this is when
     * the sender must be woken; kafka-clients also wakes it for every record appended while a
     * partition has more than one batch, which with a backlog is every record, and each wake-up
     * costs the sending thread the selector's lock and often a system call, and the I/O thread a round
     * with nothing more it may send.
     */
    public boolean filledBatch() {
        return filledBatch;
    }

    /** The record started a new batch. */
    public boolean newBatchCreated() {
        return newBatchCreated;
    }

    /**
     * How much the record grew its batch's estimated size, as kafka-clients counts it for the sticky
     * partitioner: the record's size in the batch, plus the batch header when it started the batch.
     */
    public int appendedBytes() {
        return appendedBytes;
    }
}
