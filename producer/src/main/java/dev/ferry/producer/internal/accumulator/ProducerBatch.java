package dev.ferry.producer.internal.accumulator;

import dev.ferry.common.FerryException;
import dev.ferry.producer.Callback;
import dev.ferry.producer.ProducerListener;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import dev.ferry.producer.internal.record.RecordBatchSplitter;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.record.SequenceNumbers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one partition that travel together: the batch being built, then the closed batch
 * bytes that are sent (and resent on retries), and the per-record futures and callbacks that learn
 * the outcome.
 *
 * <p>Appends happen under the partition queue's lock; after the sender drains the batch, only the
 * I/O thread touches it.
 */
public final class ProducerBatch extends IncompleteBatches.Link {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerBatch.class);

    private final TopicPartition partition;
    private final RecordBatchWriter writer;
    private final ByteBuffer pooledBuffer;
    private final long createdMs;
    private final long deliveryDeadlineMs;
    /** Null once {@link #takeSlots} gave them back for the next batch. */
    private RecordSlots slots;

    private int recordCount;
    // sum and largest of the records' sizes as max.request.size is checked, for record-size-avg / -max
    private long recordBytes;
    private int maxRecordBytes;
    private boolean full;
    private ByteBuffer closedBatch;
    private long producerId = RecordBatchLayout.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatchLayout.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatchLayout.NO_SEQUENCE;
    private boolean transactional;
    private int attempts;
    private long retryAtMs;
    private boolean done;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    /** @param slots empty per-record slots, ideally sized for the records the batch will likely hold */
    ProducerBatch(
            TopicPartition partition,
            RecordBatchWriter writer,
            ByteBuffer pooledBuffer,
            long createdMs,
            long deliveryTimeoutMs,
            RecordSlots slots) {
        this.slots = slots;
        this.partition = partition;
        this.writer = writer;
        this.pooledBuffer = pooledBuffer;
        this.createdMs = createdMs;
        this.deliveryDeadlineMs = createdMs + deliveryTimeoutMs;
    }

    /** Appends a record, or returns null when the batch is full (and marks it so). */
    RecordFuture tryAppend(long timestamp, byte[] key, byte[] value, RecordHeader[] headers, Callback callback) {
        if (full || closedBatch != null) {
            return null;
        }
        int offsetDelta = writer.tryAppend(timestamp, key, value, headers);
        if (offsetDelta < 0) {
            full = true;
            return null;
        }
        RecordSlots slots = this.slots;
        slots.ensureCapacity(offsetDelta + 1);
        RecordFuture future = new RecordFuture(partition);
        if (callback instanceof AppendCallback appendCallback) {
            appendCallback.onAppend(partition);
        }
        slots.futures[offsetDelta] = future;
        slots.callbacks[offsetDelta] = callback;
        slots.timestamps[offsetDelta] = timestamp;
        slots.serializedSizes[2 * offsetDelta] = key == null ? -1 : key.length;
        slots.serializedSizes[2 * offsetDelta + 1] = value == null ? -1 : value.length;
        recordCount = offsetDelta + 1;
        int recordSize = RecordBatchWriter.estimateSizeInBytes(key, value, headers);
        recordBytes += recordSize;
        maxRecordBytes = Math.max(maxRecordBytes, recordSize);
        return future;
    }

    public TopicPartition partition() {
        return partition;
    }

    public int recordCount() {
        return recordCount;
    }

    /** The sum of the records' sizes, each as {@link RecordBatchWriter#estimateSizeInBytes} gives it. */
    public long recordBytes() {
        return recordBytes;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** No record may follow: an append was refused, the batch is closed, or its estimate reached {@code batch.size}. */
    boolean isFull() {
        // not short-circuit: which of the three says full moves with the load, and a branch that
        // becomes common late is compiled as a trap whose hit discards the compiled send path
        return full | closedBatch != null | writer.isFull();
    }

    public long createdMs() {
        return createdMs;
    }

    public long deliveryDeadlineMs() {
        return deliveryDeadlineMs;
    }

    ByteBuffer pooledBuffer() {
        return pooledBuffer;
    }

    public boolean isClosed() {
        return closedBatch != null;
    }

    /**
     * Splits a closed batch the broker rejected as too large into batches of about half its size
     * that carry the same records, futures and callbacks. They keep the original's sequence
     * numbering (each at the base sequence plus its first offset delta, wrapped past
     * {@code Integer.MAX_VALUE}), so an idempotent producer needs no reset: the broker never wrote
     * the original. Their memory is outside the buffer pool.
     */
    List<ProducerBatch> split(Compression compression) {
        List<ProducerBatch> parts = new ArrayList<>();
        for (RecordBatchSplitter.Split split :
                RecordBatchSplitter.split(bytes(), compression, Math.max(1, sizeInBytes() / 2))) {
            RecordSlots partSlots = new RecordSlots(split.recordCount());
            ProducerBatch part = new ProducerBatch(
                    partition, split.writer(), null, createdMs, deliveryDeadlineMs - createdMs, partSlots);
            part.attempts = attempts;
            part.recordCount = split.recordCount();
            int from = split.firstOffsetDelta();
            System.arraycopy(slots.futures, from, partSlots.futures, 0, split.recordCount());
            System.arraycopy(slots.callbacks, from, partSlots.callbacks, 0, split.recordCount());
            System.arraycopy(slots.timestamps, from, partSlots.timestamps, 0, split.recordCount());
            System.arraycopy(slots.serializedSizes, 2 * from, partSlots.serializedSizes, 0, 2 * split.recordCount());
            part.close(
                    producerId,
                    producerEpoch,
                    hasSequence() ? SequenceNumbers.wrap((long) baseSequence + from) : RecordBatchLayout.NO_SEQUENCE,
                    transactional);
            parts.add(part);
        }
        return parts;
    }

    /** Finishes the batch for its first send: compression (unless done when it filled), producer id, epoch, sequence, CRC. */
    public void close(long producerId, short epoch, int baseSequence, boolean transactional) {
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
        this.closedBatch = writer.close(producerId, epoch, baseSequence, transactional);
    }

    /**
     * A full batch's records compressed on the thread that filled it (under its partition's lock,
     * before the sender can drain it), so it waits compressed; close then writes the header only.
     */
    void compressRecords() {
        if (closedBatch == null) {
            try {
                writer.compressRecords();
            } catch (RuntimeException e) {
                // the record that filled the batch is in it, so send() must not fail: the writer is as
                // before the attempt, and close compresses again, failing the batch if it fails again
                LOG.warn(
                        "Compressing the full batch of {} on the sending thread failed; the sender tries again",
                        partition,
                        e);
            }
            // the sealed writer refuses every record; saying so here keeps that refusal on the branch
            // every batch's end takes, instead of a rare one inside the writer
            full = writer.isFull();
        }
    }

    /** On release: a batch dropped unsent gives its uncompressed records' staging buffer back (a sent one did at close). */
    void discardStaging() {
        writer.discard();
    }

    /** Gives a closed batch a new producer id, epoch and sequence after the producer's epoch was bumped. */
    public void restamp(long producerId, short epoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = epoch;
        this.baseSequence = baseSequence;
        RecordBatchLayout.setProducerState(closedBatch, producerId, epoch, baseSequence, transactional);
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    public int baseSequence() {
        return baseSequence;
    }

    public boolean hasSequence() {
        return baseSequence != RecordBatchLayout.NO_SEQUENCE;
    }

    /** The closed batch, positioned for one more send. */
    public ByteBuffer bytes() {
        return closedBatch.duplicate().position(0);
    }

    public int sizeInBytes() {
        return closedBatch != null ? closedBatch.limit() : writer.estimatedSizeInBytes();
    }

    public float compressionRatio() {
        return writer.actualCompressionRatio();
    }

    public int attempts() {
        return attempts;
    }

    public void recordAttempt() {
        attempts++;
    }

    public boolean inRetryBackoff(long nowMs) {
        return retryAtMs > nowMs;
    }

    /** How long the retry backoff still holds the batch back; not positive once it is over. */
    long retryBackoffLeftMs(long nowMs) {
        return retryAtMs - nowMs;
    }

    public void scheduleRetry(long retryAtMs) {
        this.retryAtMs = retryAtMs;
    }

    public boolean isDone() {
        return done;
    }

    /**
     * Completes every record: offsets are {@code baseOffset + i}, or -1 when the broker gave none
     * (acks=0). Every callback of the batch runs before any of its futures completes, as in
     * kafka-clients, so {@code send(record, callback).get()} returns once the callback has run.
     */
    public void complete(long baseOffset, long logAppendTime, ProducerListener listener) {
        if (markDone()) {
            RecordSlots slots = this.slots;
            for (int i = 0; i < recordCount; i++) {
                long offset = baseOffset < 0 ? -1 : baseOffset + i;
                long timestamp = logAppendTime >= 0 ? logAppendTime : slots.timestamps[i];
                slots.metadata[i] = new RecordMetadata(
                        partition.topic(),
                        partition.partition(),
                        offset,
                        timestamp,
                        slots.serializedSizes[2 * i],
                        slots.serializedSizes[2 * i + 1]);
            }
            try {
                for (int i = 0; i < recordCount; i++) {
                    notify(slots.callbacks[i], slots.metadata[i], null);
                    if (listener != null) {
                        listener.onAcknowledgement(slots.metadata[i]);
                    }
                }
            } finally {
                // also when a callback's VirtualMachineError ends the I/O thread: neither get() nor flush()
                // may wait for this batch forever
                for (int i = 0; i < recordCount; i++) {
                    slots.futures[i].complete(slots.metadata[i]);
                }
                completion.complete(null);
            }
        }
    }

    /** Fails every record with the same cause; every callback first, then the futures, as {@link #complete} does. */
    public void fail(RuntimeException cause, ProducerListener listener) {
        fail(index -> cause, listener);
    }

    /**
     * Fails each record with its own cause, by its index in the batch: a broker's record errors name
     * the records it refused, and the others learn they went down with them.
     */
    public void fail(IntFunction<? extends RuntimeException> causeOfRecord, ProducerListener listener) {
        if (markDone()) {
            RecordSlots slots = this.slots;
            RuntimeException[] causes = new RuntimeException[recordCount];
            try {
                for (int i = 0; i < recordCount; i++) {
                    causes[i] = causeOfRecord.apply(i);
                    notify(slots.callbacks[i], null, causes[i]);
                    if (listener != null && causes[i] instanceof FerryException error) {
                        listener.onError(partition, error);
                    }
                }
            } finally {
                for (int i = 0; i < recordCount; i++) {
                    slots.futures[i].completeExceptionally(causes[i] != null ? causes[i] : causeOfRecord.apply(i));
                }
                completion.complete(null);
            }
        }
    }

    /**
     * Hands the per-record slots over for reuse once the batch is done and released; null when
     * they were taken already. The batch must not be completed, failed or split afterwards.
     */
    RecordSlots takeSlots() {
        RecordSlots taken = slots;
        slots = null;
        return taken;
    }

    private boolean markDone() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }

    /** Completes after every record's future and callback has run; what flush() waits on. */
    CompletableFuture<Void> completion() {
        return completion;
    }

    private void notify(Callback callback, RecordMetadata metadata, Exception error) {
        if (callback == null) {
            return;
        }
        try {
            callback.onCompletion(metadata, error);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an AssertionError in a test's callback must not stop delivery of everyone else's records
            LOG.error("a send callback for {} threw; the producer carries on", partition, e);
        }
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + partition + ", " + recordCount + " records, sequence " + baseSequence + ", attempts "
                + attempts + ")";
    }
}
