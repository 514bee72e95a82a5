package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.concurrent.CompletableFuture;

/**
 * The future {@code send()} returns for one record. It also tells {@code send()} how the append went
 * (partition, whether a batch of the partition is full, whether the record started a new batch), so
 * that appending allocates nothing besides the future the caller gets back anyway.
 *
 * <p>The append flags are written and read by the appending thread only; the future itself is
 * completed by the I/O thread.
 */
public final class RecordFuture extends CompletableFuture<RecordMetadata> {
    private final TopicPartition partition;
    private boolean batchFull;
    private boolean newBatchCreated;

    RecordFuture(TopicPartition partition) {
        this.partition = partition;
    }

    void appended(boolean batchFull, boolean newBatchCreated) {
        this.batchFull = batchFull;
        this.newBatchCreated = newBatchCreated;
    }

    /** Where the record went. */
    public TopicPartition partition() {
        return partition;
    }

    /** A batch of the partition is full: the sender should be woken. */
    public boolean batchFull() {
        return batchFull;
    }

    /** The record started a new batch (a sticky partitioner switches then). */
    public boolean newBatchCreated() {
        return newBatchCreated;
    }
}
