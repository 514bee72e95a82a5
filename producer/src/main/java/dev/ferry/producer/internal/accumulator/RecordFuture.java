package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@code send()} returns for one record. It also tells {@code send()} how the append went
 * (partition, whether a batch of the partition is full, whether the record started a new batch, how
 * many bytes it added), so that appending allocates nothing besides the future the caller gets back
 * anyway.
 *
 * <p>The append flags are written and read by the appending thread only; the future itself is
 * completed by the I/O thread.
 */
public final class RecordFuture extends CompletableFuture<RecordMetadata> {
    private final TopicPartition partition;
    private boolean batchFull;
    private boolean newBatchCreated;
    private int appendedBytes;

    RecordFuture(TopicPartition partition) {
        this.partition = partition;
    }

    void appended(boolean batchFull, boolean newBatchCreated, int appendedBytes) {
        this.batchFull = batchFull;
        this.newBatchCreated = newBatchCreated;
        this.appendedBytes = appendedBytes;
    }

    /** Where the record went. */
    public TopicPartition partition() {
        return partition;
    }

    /** A batch of the partition is full: the sender should be woken. */
    public boolean batchFull() {
        return batchFull;
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
