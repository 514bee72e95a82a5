package dev.ferry.producer.internal.record;

import java.util.List;

/** One record read back from a batch, with its absolute timestamp and its offset delta. */
public record DecodedRecord(int offsetDelta, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {}
