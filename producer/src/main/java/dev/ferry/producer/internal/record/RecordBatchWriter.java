package dev.ferry.producer.internal.record;

import dev.ferry.producer.internal.protocol.Varints;
import java.nio.ByteBuffer;

/**
 * Builds one record batch (magic v2) for one partition on the producer's hot path.
 *
 * <p>Without compression, records are written straight into the caller's pre-sized buffer (from the
 * buffer pool); with compression they are staged uncompressed and compressed by
 * {@link #compressRecords} once the batch is full (on the thread that filled it), or at
 * {@link #close} for a batch sent before; LZ4's and snappy's full blocks as soon as the records fill
 * them ({@link BlockCodec}). Until {@link #close} the compressed bytes stay inside the caller's
 * buffer, whose size {@code buffer.memory} counts: what does not fit there (the estimate was too
 * optimistic) stays staged, counted by the staging buffers' limit, and is compressed at close.
 * Appending allocates nothing per record: varints and UTF-8 header keys are written
 * directly. {@link #tryAppend} says whether a record still fits the size limit (estimated with the
 * caller's compression ratio, as Kafka does), and producer id, epoch, base sequence and the
 * transactional bit are set at {@link #close}, when the sender drains the batch.
 *
 * <pre>{@code
 * RecordBatchWriter writer = new RecordBatchWriter(pool.allocate(batchSize), Compression.of(LZ4), batchSize, 1.0f);
 * int offsetDelta = writer.tryAppend(timestamp, key, value, headers);   // -1: full, start a new batch
 * ByteBuffer batch = writer.close(producerId, epoch, baseSequence, transactional);
 * }</pre>
 *
 * <p>Not thread-safe: the accumulator appends under the partition's lock and closes from the sender.
 */
public final class RecordBatchWriter {
    private static final float ESTIMATION_FACTOR = 1.05f;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** The most a record's length, attributes, timestamp delta and offset delta take: 5 + 1 + 10 + 5. */
    private static final int MAX_RECORD_OVERHEAD = 21;

    private final Compression compression;
    private final int sizeLimit;
    private final float compressionRatioEstimate;
    private final ByteBuffer output;
    private final StagingBuffers staging;
    /** Where records go: {@code output} itself for codec none, a growing staging buffer otherwise. */
    private ByteBufferOutput records;
    /**
     * LZ4 and snappy: their full blocks are compressed as the staged records fill them, and only
     * the unfinished block stays staged.
     */
    private final BlockCodec blockCodec;
    /** A block codec's frame in {@code output}, from the first full block on; null before. */
    private ByteBufferOutput framed;
    /** The records compressed, by {@link #compressRecords} or at {@link #close}; null before. */
    private ByteBufferOutput compressedRecords;

    private int recordCount;
    private long baseTimestamp;
    private long maxTimestamp = -1L;
    private int uncompressedRecordsBytes;
    private boolean closed;
    /**
     * A compressed batch that takes no more records although its estimate may say so: its staging
     * buffer could not grow for the next one, or it was full and {@link #compressRecords} ran.
     */
    private boolean sealed;
    /**
     * Compressed records did not fit the rest of the caller's buffer: the records not compressed
     * yet stay staged until {@link #close}, which may grow the batch past the buffer.
     */
    private boolean bufferFull;

    private float actualCompressionRatio = 1.0f;

    /**
     * @param buffer where the batch is built (from its position); normally {@code batch.size} bytes
     * @param sizeLimit the most bytes the finished batch should take, normally {@code batch.size}
     * @param compressionRatioEstimate the expected compressed/uncompressed ratio for this topic (1.0 when unknown)
     */
    public RecordBatchWriter(
            ByteBuffer buffer, Compression compression, int sizeLimit, float compressionRatioEstimate) {
        this(buffer, compression, sizeLimit, compressionRatioEstimate, StagingBuffers.NONE);
    }

    /** As above, staging compressed records in a buffer from {@code staging}, given back at {@link #close}. */
    public RecordBatchWriter(
            ByteBuffer buffer,
            Compression compression,
            int sizeLimit,
            float compressionRatioEstimate,
            StagingBuffers staging) {
        this.output = buffer.slice();
        this.staging = staging;
        this.compression = compression;
        this.sizeLimit = sizeLimit;
        this.compressionRatioEstimate = compression.type() == BatchCodec.NONE ? 1.0f : compressionRatioEstimate;
        this.blockCodec = compression.type() != BatchCodec.NONE
                        && CompressionCodec.forType(compression.type()) instanceof BlockCodec block
                ? block
                : null;
        if (compression.type() == BatchCodec.NONE) {
            output.position(RecordBatchLayout.HEADER_SIZE);
            records = new ByteBufferOutput(output);
        }
    }

    /**
     * An upper bound of the bytes a batch holding only this record takes, the same as kafka-clients'
     * {@code AbstractRecords.estimateSizeInBytesUpperBound}: it sizes the buffer of the record's batch
     * (and so that batch's limit when the record alone is larger than {@code batch.size}), and it is
     * the size {@code max.request.size} is checked against.
     */
    public static int estimateSizeInBytes(byte[] key, byte[] value, RecordHeader[] headers) {
        return RecordBatchLayout.HEADER_SIZE
                + MAX_RECORD_OVERHEAD
                + fieldsSize(key, value, headers == null ? NO_HEADERS : headers);
    }

    /**
     * Appends the record if it fits and returns its offset delta (its index in the batch), or -1
     * when the batch is full. The first record is always taken. {@code key}, {@code value} and
     * header values may be null.
     */
    public int tryAppend(long timestamp, byte[] key, byte[] value, RecordHeader[] headers) {
        if (closed) {
            throw new IllegalStateException("Record batch is already closed");
        }
        if (sealed) {
            // full is final, as isFull says: not even a record that would still fit the buffer
            return -1;
        }
        RecordHeader[] safeHeaders = headers == null ? NO_HEADERS : headers;
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int bodySize = recordBodySize(recordCount, timestampDelta, key, value, safeHeaders);
        int recordSize = Varints.sizeOfVarint(bodySize) + bodySize;
        if (recordCount > 0 && !fits(recordSize)) {
            return -1;
        }
        if (blockCodec != null
                && !bufferFull
                && records != null
                && records.buffer().position() >= blockCodec.blockSize()) {
            // before this record is taken: if compressing fails, the batch is as it was and the record not in it
            compressFullBlocks(records.buffer());
        }
        if (records == null) {
            int blockOrBatch =
                    blockCodec != null ? Math.min(output.capacity(), blockCodec.blockSize()) : output.capacity();
            int least = Math.max(Math.max(1024, blockOrBatch), recordSize);
            records = new ByteBufferOutput(staging.acquire(least, firstStagingCapacity(least)));
        } else if (compression.type() != BatchCodec.NONE && records.buffer().remaining() < recordSize) {
            ByteBuffer grown = staging.grow(records.buffer(), stagingCapacityFor(recordSize));
            if (grown == null) {
                sealed = true;
                return -1;
            }
            records = new ByteBufferOutput(grown);
        }
        ByteBuffer out = records.ensure(recordSize);
        // into the heap buffer's array: the record was sized above, so its bytes need no checks one by one
        int start = out.arrayOffset() + out.position();
        int end = writeRecord(out.array(), start, bodySize, recordCount, timestampDelta, key, value, safeHeaders);
        out.position(out.position() + (end - start));
        uncompressedRecordsBytes += recordSize;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        return recordCount++;
    }

    private void compressFullBlocks(ByteBuffer staged) {
        int blockSize = blockCodec.blockSize();
        int full = staged.position() / blockSize * blockSize;
        byte[] array = staged.array();
        int start = staged.arrayOffset();
        if (!writeFrame(array, start, full, false, false)) {
            // the blocks stay staged and the batch goes on taking records as its estimate says,
            // as many as the staging buffers' limit lets it
            bufferFull = true;
            return;
        }
        // the start of the unfinished block moves to the front: a staging buffer of a block and a
        // record serves a batch of any size and compression ratio
        int rest = staged.position() - full;
        System.arraycopy(array, start + full, array, start, rest);
        staged.position(rest);
    }

    /**
     * Writes blocks (and the end) into the frame and returns true; or leaves the frame as it was and
     * returns false when the frame may not grow and they do not fit, or throws when the codec fails.
     */
    private boolean writeFrame(byte[] array, int start, int length, boolean end, boolean mayGrow) {
        boolean started = framed != null;
        ByteBufferOutput frame = frame();
        int mark = frame.buffer().position();
        frame.allowGrowth(mayGrow);
        try {
            blockCodec.writeBlocks(array, start, length, compression.level(), frame);
            if (end) {
                blockCodec.writeEnd(frame);
            }
            return true;
        } catch (RuntimeException e) {
            // as before the attempt, so that a later one (close) writes these blocks again
            if (started) {
                frame.buffer().position(mark);
            } else {
                framed = null;
            }
            if (e instanceof ByteBufferOutput.DoesNotFit) {
                return false;
            }
            throw e;
        }
    }

    private ByteBufferOutput frame() {
        if (framed == null) {
            output.position(RecordBatchLayout.HEADER_SIZE);
            framed = new ByteBufferOutput(output);
            blockCodec.writeHeader(framed);
        }
        return framed;
    }

    /**
     * Room for the record, and for as many records as the estimate lets the batch take (a block
     * codec: an unfinished block), but at most twice the buffer: a staging buffer doubled past what
     * its batch can hold counts against the staging limit all the same.
     */
    private long stagingCapacityFor(int recordSize) {
        ByteBuffer staged = records.buffer();
        long full = recordBytesTheEstimateAllows() + recordSize;
        if (blockCodec != null && !bufferFull) {
            full = Math.min(full, blockCodec.blockSize() + (long) recordSize);
        }
        return Math.max((long) staged.position() + recordSize, Math.min(2L * staged.capacity(), full));
    }

    /**
     * A whole-batch codec's first staging buffer: room for the records the estimate lets the batch
     * take (below 1.0 they are more than its buffer), up to twice the smallest buffer (one growth
     * step); in eighths of that, so that an estimate that moves a little from batch to batch finds
     * the idle buffers large enough. A block codec stages a block and gets the smallest.
     */
    private int firstStagingCapacity(int least) {
        if (blockCodec != null) {
            return least;
        }
        long recordBytes = recordBytesTheEstimateAllows();
        if (recordBytes <= least) {
            return least;
        }
        long eighth = (least + 7) / 8;
        return (int) Math.min(2L * least, (recordBytes + eighth - 1) / eighth * eighth);
    }

    /** The uncompressed record bytes whose estimated size fills the batch to its limit. */
    private long recordBytesTheEstimateAllows() {
        return (long) ((sizeLimit - RecordBatchLayout.HEADER_SIZE) / (compressionRatioEstimate * ESTIMATION_FACTOR));
    }

    private boolean fits(int recordSize) {
        // Kafka's rule: the records so far as estimated, plus the new record uncompressed; the same
        // arithmetic keeps batch fill identical to the Java client's.
        return estimatedSizeInBytes() + recordSize <= sizeLimit;
    }

    /**
     * Whether no record may follow, as kafka-clients' {@code MemoryRecordsBuilder.isFull} decides:
     * at least one record, and the estimated size has reached the limit; or, compressed, the
     * staging buffers' limit stopped the batch's records (see {@link StagingBuffers}), or
     * {@link #compressRecords} ran.
     */
    public boolean isFull() {
        if (recordCount == 0) {
            return false;
        }
        // One comparison for both reasons: the estimate alone reaches the limit rarely (a record is
        // usually refused first), and a branch the JIT never saw taken is compiled as a trap whose
        // first hit throws the compiled send path away; sealed batches take this branch all the time.
        int room = sealed ? 0 : sizeLimit - estimatedSizeInBytes();
        return room <= 0;
    }

    public int recordCount() {
        return recordCount;
    }

    public boolean isEmpty() {
        return recordCount == 0;
    }

    /**
     * Estimated size of the batch if closed now, computed as kafka-clients' {@code MemoryRecordsBuilder}
     * does: exact without compression; with it, the records at the estimated ratio padded by 5 %. The
     * sticky partitioner counts what an append adds to this, so it must be the Java client's figure.
     */
    public int estimatedSizeInBytes() {
        if (compression.type() == BatchCodec.NONE) {
            return RecordBatchLayout.HEADER_SIZE + uncompressedRecordsBytes;
        }
        return RecordBatchLayout.HEADER_SIZE
                + (int) (uncompressedRecordsBytes * compressionRatioEstimate * ESTIMATION_FACTOR);
    }

    public Compression compression() {
        return compression;
    }

    /** After {@link #close}: compressed/uncompressed size of the records section, to update the estimate. */
    public float actualCompressionRatio() {
        return actualCompressionRatio;
    }

    /**
     * Finishes the batch: compresses what is not yet, writes the header and CRC, and returns the batch (position 0,
     * limit its size). The result shares the caller's buffer unless the batch outgrew it (a first
     * record larger than the buffer, or data that does not compress), in which case it is a new
     * heap buffer and the caller's may be released at once.
     */
    public ByteBuffer close(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (closed) {
            throw new IllegalStateException("Record batch is already closed");
        }
        if (recordCount == 0) {
            throw new IllegalStateException("An empty record batch cannot be closed");
        }
        closed = true;
        ByteBuffer batch;
        if (compression.type() == BatchCodec.NONE) {
            batch = records.buffer();
        } else {
            compressRecordsNow(true);
            batch = compressedRecords.buffer();
        }
        batch.flip();
        writeHeader(batch, producerId, producerEpoch, baseSequence, transactional);
        return batch;
    }

    /**
     * Compresses the records of a batch that takes no more (it is full) and gives its staging
     * buffer back, so that it waits for the sender compressed, as kafka-clients' batches do, and the
     * thread that filled it does the work while the records are in its cache; {@link #close} then
     * only writes the header. The batch takes no record afterwards. When the compressed records do
     * not fit the caller's buffer they stay staged (counted) for {@link #close}, which may grow
     * the batch past its buffer only when it is sent. Nothing without compression, for an empty
     * batch or when done already.
     */
    public void compressRecords() {
        if (compression.type() != BatchCodec.NONE && !closed && recordCount > 0) {
            sealed = true;
            if (!bufferFull && !compressRecordsNow(false)) {
                bufferFull = true;
            }
        }
    }

    /** Whether the records are compressed: false only when they do not fit and may not grow the batch. */
    private boolean compressRecordsNow(boolean mayGrow) {
        if (compressedRecords != null) {
            return true;
        }
        ByteBuffer staged = records.buffer();
        ByteBufferOutput compressed;
        if (blockCodec != null) {
            if (!writeFrame(staged.array(), staged.arrayOffset(), staged.position(), true, mayGrow)) {
                return false;
            }
            compressed = framed;
        } else {
            output.position(RecordBatchLayout.HEADER_SIZE);
            compressed = new ByteBufferOutput(output);
            compressed.allowGrowth(mayGrow);
            try {
                ((WholeBatchCodec) CompressionCodec.forType(compression.type()))
                        .compress(
                                staged.array(),
                                staged.arrayOffset(),
                                staged.position(),
                                compression.level(),
                                compressed);
            } catch (ByteBufferOutput.DoesNotFit doesNotFit) {
                return false;
            }
        }
        compressedRecords = compressed;
        actualCompressionRatio =
                (float) (compressed.buffer().position() - RecordBatchLayout.HEADER_SIZE) / uncompressedRecordsBytes;
        staging.release(staged);
        records = null;
        return true;
    }

    /**
     * Gives the staging buffer back for a batch dropped unsent (expired, aborted, failed), which
     * is never closed; nothing for a closed batch. The writer takes no record and cannot be closed
     * afterwards.
     */
    public void discard() {
        if (!closed && compression.type() != BatchCodec.NONE && records != null) {
            staging.release(records.buffer());
            records = null;
        }
        closed = true;
    }

    private void writeHeader(
            ByteBuffer batch, long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        int attributes = compression.type().id() | (transactional ? RecordBatchLayout.TRANSACTIONAL_FLAG : 0);
        batch.putLong(RecordBatchLayout.BASE_OFFSET, 0L)
                .putInt(RecordBatchLayout.LENGTH, batch.limit() - RecordBatchLayout.LOG_OVERHEAD)
                .putInt(RecordBatchLayout.PARTITION_LEADER_EPOCH, RecordBatchLayout.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatchLayout.MAGIC, RecordBatchLayout.MAGIC_V2)
                .putShort(RecordBatchLayout.ATTRIBUTES, (short) attributes)
                .putInt(RecordBatchLayout.LAST_OFFSET_DELTA, recordCount - 1)
                .putLong(RecordBatchLayout.BASE_TIMESTAMP, baseTimestamp)
                .putLong(RecordBatchLayout.MAX_TIMESTAMP, maxTimestamp)
                .putLong(RecordBatchLayout.PRODUCER_ID, producerId)
                .putShort(RecordBatchLayout.PRODUCER_EPOCH, producerEpoch)
                .putInt(RecordBatchLayout.BASE_SEQUENCE, baseSequence)
                .putInt(RecordBatchLayout.RECORDS_COUNT, recordCount);
        RecordBatchLayout.writeCrc(batch);
    }

    static int recordBodySize(int offsetDelta, long timestampDelta, byte[] key, byte[] value, RecordHeader[] headers) {
        return 1
                + Varints.sizeOfVarlong(timestampDelta)
                + Varints.sizeOfVarint(offsetDelta)
                + fieldsSize(key, value, headers);
    }

    /** Key, value and headers as a record carries them, without the length, attributes and deltas. */
    private static int fieldsSize(byte[] key, byte[] value, RecordHeader[] headers) {
        int size = sizeOfNullableBytes(key) + sizeOfNullableBytes(value) + Varints.sizeOfVarint(headers.length);
        for (RecordHeader header : headers) {
            int keyLength = Utf8.encodedLength(header.key());
            size += Varints.sizeOfVarint(keyLength) + keyLength + sizeOfNullableBytes(header.value());
        }
        return size;
    }

    private static int sizeOfNullableBytes(byte[] bytes) {
        return bytes == null ? 1 : Varints.sizeOfVarint(bytes.length) + bytes.length;
    }

    private static int writeRecord(
            byte[] out,
            int index,
            int bodySize,
            int offsetDelta,
            long timestampDelta,
            byte[] key,
            byte[] value,
            RecordHeader[] headers) {
        int p = Varints.writeVarint(out, index, bodySize);
        out[p++] = 0;
        p = Varints.writeVarlong(out, p, timestampDelta);
        p = Varints.writeVarint(out, p, offsetDelta);
        p = writeNullableBytes(out, p, key);
        p = writeNullableBytes(out, p, value);
        p = Varints.writeVarint(out, p, headers.length);
        for (RecordHeader header : headers) {
            p = Varints.writeVarint(out, p, Utf8.encodedLength(header.key()));
            p = Utf8.write(header.key(), out, p);
            p = writeNullableBytes(out, p, header.value());
        }
        return p;
    }

    private static int writeNullableBytes(byte[] out, int index, byte[] bytes) {
        if (bytes == null) {
            return Varints.writeVarint(out, index, -1);
        }
        int p = Varints.writeVarint(out, index, bytes.length);
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }
}
