package dev.ferry.producer.internal.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Offsets and flags of the record batch v2 header, and the one operation on a finished batch the
 * sender needs: rewriting producer id, epoch, base sequence and the transactional bit (they are
 * known only at drain time, and change when a batch is retried under a bumped epoch).
 */
public final class RecordBatchLayout {
    public static final int BASE_OFFSET = 0;
    public static final int LENGTH = 8;
    public static final int PARTITION_LEADER_EPOCH = 12;
    public static final int MAGIC = 16;
    public static final int CRC = 17;
    public static final int ATTRIBUTES = 21;
    public static final int LAST_OFFSET_DELTA = 23;
    public static final int BASE_TIMESTAMP = 27;
    public static final int MAX_TIMESTAMP = 35;
    public static final int PRODUCER_ID = 43;
    public static final int PRODUCER_EPOCH = 51;
    public static final int BASE_SEQUENCE = 53;
    public static final int RECORDS_COUNT = 57;
    public static final int HEADER_SIZE = 61;
    /** Bytes counted by the length field start after it. */
    public static final int LOG_OVERHEAD = 12;

    public static final byte MAGIC_V2 = 2;
    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG = 0x10;
    public static final int CONTROL_FLAG = 0x20;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    private RecordBatchLayout() {}

    /**
     * Sets producer id, epoch, base sequence and the transactional bit of the batch starting at
     * {@code batch}'s position, and recomputes its CRC.
     */
    public static void setProducerState(
            ByteBuffer batch, long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        int start = batch.position();
        batch.putLong(start + PRODUCER_ID, producerId);
        batch.putShort(start + PRODUCER_EPOCH, producerEpoch);
        batch.putInt(start + BASE_SEQUENCE, baseSequence);
        short attributes = batch.getShort(start + ATTRIBUTES);
        attributes = (short) (transactional ? attributes | TRANSACTIONAL_FLAG : attributes & ~TRANSACTIONAL_FLAG);
        batch.putShort(start + ATTRIBUTES, attributes);
        writeCrc(batch);
    }

    /** Computes CRC-32C over attributes..end of the batch at {@code batch}'s position and stores it. */
    public static void writeCrc(ByteBuffer batch) {
        int start = batch.position();
        batch.putInt(start + CRC, (int) computeCrc(batch));
    }

    static long computeCrc(ByteBuffer batch) {
        int start = batch.position();
        int end = start + LOG_OVERHEAD + batch.getInt(start + LENGTH);
        CRC32C crc = new CRC32C();
        if (batch.hasArray()) {
            // straight from the array: a duplicate to bound the range was a buffer object per batch
            crc.update(batch.array(), batch.arrayOffset() + start + ATTRIBUTES, end - start - ATTRIBUTES);
        } else {
            ByteBuffer covered = batch.duplicate();
            covered.limit(end).position(start + ATTRIBUTES);
            crc.update(covered);
        }
        return crc.getValue();
    }
}
