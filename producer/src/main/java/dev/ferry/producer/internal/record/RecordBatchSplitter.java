package dev.ferry.producer.internal.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch the broker rejected as MESSAGE_TOO_LARGE into open batches of at most
 * {@code batchSize} each, in record order. Each split remembers which of the original records it
 * holds (by offset delta), so the caller can move the records' futures over; producer state is set
 * again when a split is drained and closed.
 *
 * <pre>{@code
 * for (RecordBatchSplitter.Split split : RecordBatchSplitter.split(rejected, compression, batchSize / 2)) {
 *     requeue(split.writer(), futures.subList(split.firstOffsetDelta(), split.firstOffsetDelta() + split.recordCount()));
 * }
 * }</pre>
 */
public final class RecordBatchSplitter {
    private RecordBatchSplitter() {}

    /** An open batch holding the original records {@code firstOffsetDelta .. firstOffsetDelta + recordCount - 1}. */
    public record Split(RecordBatchWriter writer, int firstOffsetDelta, int recordCount) {}

    public static List<Split> split(ByteBuffer batch, Compression compression, int batchSize) {
        DecodedRecordBatch decoded = new RecordBatchReader().read(batch);
        List<Split> splits = new ArrayList<>();
        RecordBatchWriter writer = null;
        int first = 0;
        for (DecodedRecord record : decoded.records()) {
            RecordHeader[] headers = record.headers().toArray(new RecordHeader[0]);
            if (writer == null || writer.tryAppend(record.timestamp(), record.key(), record.value(), headers) < 0) {
                if (writer != null) {
                    splits.add(new Split(writer, first, writer.recordCount()));
                    first += writer.recordCount();
                }
                int capacity = Math.max(
                        batchSize, RecordBatchWriter.estimateSizeInBytes(record.key(), record.value(), headers));
                writer = new RecordBatchWriter(ByteBuffer.allocate(capacity), compression, batchSize, 1.0f);
                writer.tryAppend(record.timestamp(), record.key(), record.value(), headers);
            }
        }
        if (writer != null) {
            splits.add(new Split(writer, first, writer.recordCount()));
        }
        return splits;
    }
}
