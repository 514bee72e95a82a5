package dev.ferry.producer.internal.record;

/** One record header: a non-null key (written as UTF-8) and a nullable value. */
public record RecordHeader(String key, byte[] value) {
    public RecordHeader {
        if (key == null) {
            throw new IllegalArgumentException("Record header key must not be null");
        }
    }
}
