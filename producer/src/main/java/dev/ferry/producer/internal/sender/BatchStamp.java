package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.record.RecordBatchLayout;

/** What a record batch's header says about its producer: id, epoch, base sequence, transactional bit. */
record BatchStamp(long producerId, short epoch, int baseSequence, boolean transactional) {
    static final BatchStamp NON_IDEMPOTENT = new BatchStamp(
            RecordBatchLayout.NO_PRODUCER_ID,
            RecordBatchLayout.NO_PRODUCER_EPOCH,
            RecordBatchLayout.NO_SEQUENCE,
            false);
}
