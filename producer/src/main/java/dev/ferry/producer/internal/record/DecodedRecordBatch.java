package dev.ferry.producer.internal.record;

import java.util.List;

/** A record batch read back by {@link RecordBatchReader}: every header field and the records. */
public record DecodedRecordBatch(
        long baseOffset,
        int partitionLeaderEpoch,
        long crc,
        BatchCodec compression,
        boolean logAppendTime,
        boolean transactional,
        boolean control,
        int lastOffsetDelta,
        long baseTimestamp,
        long maxTimestamp,
        long producerId,
        short producerEpoch,
        int baseSequence,
        List<DecodedRecord> records,
        int sizeInBytes) {}
