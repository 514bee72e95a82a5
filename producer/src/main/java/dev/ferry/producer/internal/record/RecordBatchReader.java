package dev.ferry.producer.internal.record;

import dev.ferry.producer.internal.protocol.ProtocolException;
import dev.ferry.producer.internal.protocol.Varints;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads record batches (magic v2) back: for tests, and to split a batch the broker rejected as
 * MESSAGE_TOO_LARGE into smaller ones. Strict and bounded: the CRC is verified, every length is
 * checked against what remains, decompression stops at a limit, and anything malformed is a
 * {@link ProtocolException} naming the field. Stateless and thread-safe.
 */
public final class RecordBatchReader {
    /** Default cap on one batch's decompressed records: far above any sane {@code max.request.size}. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final int maxDecompressedBytes;

    public RecordBatchReader(int maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    public RecordBatchReader() {
        this(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** Reads the batch at {@code buffer}'s position, leaving the position where it was. */
    public DecodedRecordBatch read(ByteBuffer buffer) {
        ByteBuffer in = buffer.slice();
        if (in.remaining() < RecordBatchLayout.HEADER_SIZE) {
            throw new ProtocolException("Record batch header needs " + RecordBatchLayout.HEADER_SIZE
                    + " bytes but only " + in.remaining() + " remain");
        }
        int length = in.getInt(RecordBatchLayout.LENGTH);
        int size = length + RecordBatchLayout.LOG_OVERHEAD;
        if (length < RecordBatchLayout.HEADER_SIZE - RecordBatchLayout.LOG_OVERHEAD || size > in.remaining()) {
            throw new ProtocolException(
                    "Record batch length " + length + " is invalid with " + in.remaining() + " bytes left");
        }
        in.limit(size);
        byte magic = in.get(RecordBatchLayout.MAGIC);
        if (magic != RecordBatchLayout.MAGIC_V2) {
            throw new ProtocolException("Record batch magic " + magic + " is not supported (only v2)");
        }
        long storedCrc = in.getInt(RecordBatchLayout.CRC) & 0xFFFFFFFFL;
        long computedCrc = RecordBatchLayout.computeCrc(in);
        if (storedCrc != computedCrc) {
            throw new ProtocolException("Record batch CRC mismatch: stored " + storedCrc + ", computed " + computedCrc);
        }
        short attributes = in.getShort(RecordBatchLayout.ATTRIBUTES);
        BatchCodec compression = BatchCodec.forId(attributes & RecordBatchLayout.COMPRESSION_MASK);
        int count = in.getInt(RecordBatchLayout.RECORDS_COUNT);
        long baseTimestamp = in.getLong(RecordBatchLayout.BASE_TIMESTAMP);
        in.position(RecordBatchLayout.HEADER_SIZE);
        ByteBuffer recordBytes = compression == BatchCodec.NONE
                ? in.slice()
                : ByteBuffer.wrap(CompressionCodec.forType(compression).decompress(in.slice(), maxDecompressedBytes));
        List<DecodedRecord> records = readRecords(recordBytes, count, baseTimestamp);
        return new DecodedRecordBatch(
                in.getLong(RecordBatchLayout.BASE_OFFSET),
                in.getInt(RecordBatchLayout.PARTITION_LEADER_EPOCH),
                storedCrc,
                compression,
                (attributes & RecordBatchLayout.TIMESTAMP_TYPE_MASK) != 0,
                (attributes & RecordBatchLayout.TRANSACTIONAL_FLAG) != 0,
                (attributes & RecordBatchLayout.CONTROL_FLAG) != 0,
                in.getInt(RecordBatchLayout.LAST_OFFSET_DELTA),
                baseTimestamp,
                in.getLong(RecordBatchLayout.MAX_TIMESTAMP),
                in.getLong(RecordBatchLayout.PRODUCER_ID),
                in.getShort(RecordBatchLayout.PRODUCER_EPOCH),
                in.getInt(RecordBatchLayout.BASE_SEQUENCE),
                records,
                size);
    }

    private static List<DecodedRecord> readRecords(ByteBuffer in, int count, long baseTimestamp) {
        // Every record takes at least 7 bytes, so a count beyond that is corrupt: reject before allocating.
        if (count < 0 || count > in.remaining() / 7 + 1) {
            throw new ProtocolException(
                    "Record count " + count + " is impossible for " + in.remaining() + " bytes of records");
        }
        List<DecodedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = Varints.readVarint(in, "record.length");
            if (length < 0 || length > in.remaining()) {
                throw new ProtocolException(
                        "Record " + i + " length " + length + " exceeds the " + in.remaining() + " bytes left");
            }
            ByteBuffer record = in.slice().limit(length);
            in.position(in.position() + length);
            records.add(readRecord(record, baseTimestamp, i));
        }
        if (in.hasRemaining()) {
            throw new ProtocolException(in.remaining() + " bytes left over after the batch's " + count + " records");
        }
        return List.copyOf(records);
    }

    private static DecodedRecord readRecord(ByteBuffer in, long baseTimestamp, int index) {
        if (!in.hasRemaining()) {
            throw new ProtocolException("Record " + index + " is empty");
        }
        in.get();
        long timestampDelta = Varints.readVarlong(in, "record.timestampDelta");
        int offsetDelta = Varints.readVarint(in, "record.offsetDelta");
        byte[] key = readNullableBytes(in, "record.key");
        byte[] value = readNullableBytes(in, "record.value");
        int headerCount = Varints.readVarint(in, "record.headerCount");
        if (headerCount < 0 || headerCount > in.remaining()) {
            throw new ProtocolException("Record " + index + " header count " + headerCount + " is invalid");
        }
        List<RecordHeader> headers = new ArrayList<>(headerCount);
        for (int h = 0; h < headerCount; h++) {
            byte[] headerKey = readNullableBytes(in, "record.header.key");
            if (headerKey == null) {
                throw new ProtocolException("Record " + index + " has a header with a null key");
            }
            headers.add(new RecordHeader(
                    new String(headerKey, java.nio.charset.StandardCharsets.UTF_8),
                    readNullableBytes(in, "record.header.value")));
        }
        if (in.hasRemaining()) {
            throw new ProtocolException("Record " + index + " has " + in.remaining() + " unread bytes");
        }
        return new DecodedRecord(offsetDelta, baseTimestamp + timestampDelta, key, value, List.copyOf(headers));
    }

    private static byte[] readNullableBytes(ByteBuffer in, String field) {
        int length = Varints.readVarint(in, field);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new ProtocolException(
                    "Field " + field + " length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
