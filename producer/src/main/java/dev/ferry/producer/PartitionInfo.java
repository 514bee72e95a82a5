package dev.ferry.producer;

import java.util.List;
import java.util.Objects;

/**
 * One partition of a topic as the cluster metadata describes it.
 *
 * @param topic            the topic
 * @param partition        the partition number
 * @param leader           the current leader, or {@code null} while none is elected
 * @param replicas         all replicas
 * @param inSyncReplicas   the replicas in sync with the leader
 * @param offlineReplicas  the replicas that are offline
 */
public record PartitionInfo(
        String topic,
        int partition,
        Node leader,
        List<Node> replicas,
        List<Node> inSyncReplicas,
        List<Node> offlineReplicas) {
    public PartitionInfo {
        Objects.requireNonNull(topic, "topic");
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
        offlineReplicas = List.copyOf(offlineReplicas);
    }

    /** Whether a leader is known, i.e. the partition can be written to now. */
    public boolean hasLeader() {
        return leader != null;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
