package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group coordinator of a {@link ModelCluster}, for transactional offsets only (after Kafka's
 * {@code GroupMetadataManager}): a TxnOffsetCommit the transaction coordinator admitted is held
 * per producer id, invisible to an offset fetch, until the transaction's marker reaches the group's
 * offsets partition; a commit marker makes the offsets the group's committed offsets, an abort
 * marker drops them. The model has one offsets partition, so every group's markers go to it.
 */
final class ModelGroupCoordinator {
    static final String OFFSETS_TOPIC = "__consumer_offsets";
    static final TopicPartition OFFSETS_PARTITION = new TopicPartition(OFFSETS_TOPIC, 0);

    private final Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
    /** By producer id, then group: offsets of a transaction not ended yet. */
    private final Map<Long, Map<String, Map<TopicPartition, Long>>> pending = new HashMap<>();

    private int node;

    ModelGroupCoordinator(int node) {
        this.node = node;
    }

    int node() {
        return node;
    }

    void moveTo(int newNode) {
        node = newNode;
    }

    /** Offsets of an admitted TxnOffsetCommit: pending until the transaction's marker. */
    void commitPending(long producerId, String group, Map<TopicPartition, Long> offsets) {
        pending.computeIfAbsent(producerId, id -> new HashMap<>())
                .computeIfAbsent(group, g -> new HashMap<>())
                .putAll(offsets);
    }

    /** The transaction's marker on the offsets partition: its offsets become committed, or are dropped. */
    void writeMarker(long producerId, boolean commit) {
        Map<String, Map<TopicPartition, Long>> ended = pending.remove(producerId);
        if (commit && ended != null) {
            ended.forEach((group, offsets) ->
                    committed.computeIfAbsent(group, g -> new HashMap<>()).putAll(offsets));
        }
    }

    /**
     * What an offset fetch returns for the group: the offsets of committed transactions only. Not
     * {@code Map.copyOf}: its order is salted per JVM, and a seed's violations are reported in this
     * order, which must be the same in every JVM.
     */
    Map<TopicPartition, Long> committed(String group) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(committed.getOrDefault(group, Map.of())));
    }
}
