package dev.ferry.producer;

import java.util.Objects;

/**
 * Where and when a record was stored, as acknowledged by the broker.
 *
 * <p>With {@code acks=0} no acknowledgement comes back: {@code offset} is -1.
 * {@code timestamp} is the record's create time, or the broker's append time for topics with
 * {@code message.timestamp.type=LogAppendTime}.
 *
 * @param topic               the topic
 * @param partition           the partition
 * @param offset              the record's offset, or -1 if unknown (acks=0)
 * @param timestamp           the record's timestamp in ms since the epoch
 * @param serializedKeySize   the serialized key's size in bytes, or -1 for a null key
 * @param serializedValueSize the serialized value's size in bytes, or -1 for a null value
 */
public record RecordMetadata(
        String topic, int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {
    /** The offset reported when none is known, as with {@code acks=0}. */
    public static final long UNKNOWN_OFFSET = -1L;
    /** The partition reported to interceptors for a record that failed before a partition was chosen. */
    public static final int UNKNOWN_PARTITION = -1;

    public RecordMetadata {
        Objects.requireNonNull(topic, "topic");
    }

    public boolean hasOffset() {
        return offset != UNKNOWN_OFFSET;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
