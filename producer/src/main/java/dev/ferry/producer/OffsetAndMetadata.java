package dev.ferry.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * A consumer offset to commit inside a transaction with
 * {@link Producer#sendOffsetsToTransaction}: the offset of the next record to read, the leader epoch
 * of the last record read (if known) and free-form metadata.
 *
 * <pre>{@code
 * Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(lastRead.offset() + 1))
 * }</pre>
 *
 * @param offset      the next offset to consume, at least 0
 * @param leaderEpoch the leader epoch of the last consumed record, if known
 * @param metadata    free-form metadata stored with the offset, not null (may be empty)
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        Objects.requireNonNull(leaderEpoch, "leaderEpoch");
        Objects.requireNonNull(metadata, "metadata");
    }

    public OffsetAndMetadata(long offset) {
        this(offset, Optional.empty(), "");
    }

    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }
}
