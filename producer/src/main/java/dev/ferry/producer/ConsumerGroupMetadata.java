package dev.ferry.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * The consumer group a transaction commits offsets for, as passed to
 * {@link Producer#sendOffsetsToTransaction}. With a kafka-clients consumer:
 *
 * <pre>{@code
 * var g = consumer.groupMetadata();
 * new ConsumerGroupMetadata(g.groupId(), g.generationId(), g.memberId(), g.groupInstanceId());
 * }</pre>
 *
 * <p>Passing the real generation and member id lets the broker fence a zombie consumer; a group id
 * alone ({@link #ConsumerGroupMetadata(String)}) disables that check.
 *
 * @param groupId         the group id, not empty
 * @param generationId    the group generation, or -1 if unknown
 * @param memberId        the member id, or empty if unknown
 * @param groupInstanceId the static member id, if any
 */
public record ConsumerGroupMetadata(
        String groupId, int generationId, String memberId, Optional<String> groupInstanceId) {
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("groupId must not be empty");
        }
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }

    public ConsumerGroupMetadata(String groupId) {
        this(groupId, -1, "", Optional.empty());
    }
}
