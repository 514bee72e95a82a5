package dev.ferry.producer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of the cluster metadata: brokers, and for each known topic its partitions
 * with leader, replicas and in-sync replicas. This is what a {@link Partitioner} sees.
 *
 * <pre>{@code
 * int n = cluster.partitionCountForTopic(topic).orElseThrow();
 * List<PartitionInfo> writable = cluster.availablePartitionsForTopic(topic);
 * }</pre>
 *
 * <p>Not a record: lookups by topic and node are served from indexes built once in the constructor,
 * since partitioners query them on every send.
 *
 * <p>Thread safety: immutable, safe to share.
 */
public final class Cluster {
    private static final Cluster EMPTY = new Cluster(null, List.of(), List.of());

    private final String clusterId;
    private final List<Node> nodes;
    private final Map<Integer, Node> nodesById;
    private final Map<String, List<PartitionInfo>> partitionsByTopic;
    private final Map<String, List<PartitionInfo>> availablePartitionsByTopic;
    private final Map<Integer, List<PartitionInfo>> partitionsByLeader;

    /**
     * @param clusterId  the cluster id, or {@code null} if unknown
     * @param nodes      every broker
     * @param partitions every known partition of every known topic
     */
    public Cluster(String clusterId, Collection<Node> nodes, Collection<PartitionInfo> partitions) {
        this.clusterId = clusterId;
        this.nodes = List.copyOf(nodes);
        Map<Integer, Node> byId = new HashMap<>();
        for (Node node : this.nodes) {
            byId.put(node.id(), node);
        }
        this.nodesById = Map.copyOf(byId);
        Map<String, List<PartitionInfo>> byTopic = new HashMap<>();
        Map<Integer, List<PartitionInfo>> byLeader = new HashMap<>();
        for (PartitionInfo p : partitions) {
            byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p);
            if (p.hasLeader()) {
                byLeader.computeIfAbsent(p.leader().id(), id -> new ArrayList<>())
                        .add(p);
            }
        }
        Map<String, List<PartitionInfo>> topics = new HashMap<>();
        Map<String, List<PartitionInfo>> available = new HashMap<>();
        byTopic.forEach((topic, list) -> {
            list.sort(Comparator.comparingInt(PartitionInfo::partition));
            topics.put(topic, List.copyOf(list));
            available.put(topic, list.stream().filter(PartitionInfo::hasLeader).toList());
        });
        this.partitionsByTopic = Map.copyOf(topics);
        this.availablePartitionsByTopic = Map.copyOf(available);
        Map<Integer, List<PartitionInfo>> leaders = new HashMap<>();
        byLeader.forEach((id, list) -> leaders.put(id, List.copyOf(list)));
        this.partitionsByLeader = Map.copyOf(leaders);
    }

    /** A cluster that knows no brokers and no topics. */
    public static Cluster empty() {
        return EMPTY;
    }

    public Optional<String> clusterId() {
        return Optional.ofNullable(clusterId);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Optional<Node> nodeById(int id) {
        return Optional.ofNullable(nodesById.get(id));
    }

    public Set<String> topics() {
        return partitionsByTopic.keySet();
    }

    /** Every known partition of the topic, ordered by partition number; empty if the topic is unknown. */
    public List<PartitionInfo> partitionsForTopic(String topic) {
        return partitionsByTopic.getOrDefault(topic, List.of());
    }

    /** The partitions of the topic that have a leader now, ordered by partition number. */
    public List<PartitionInfo> availablePartitionsForTopic(String topic) {
        return availablePartitionsByTopic.getOrDefault(topic, List.of());
    }

    /** The partitions led by the given broker. */
    public List<PartitionInfo> partitionsForNode(int nodeId) {
        return partitionsByLeader.getOrDefault(nodeId, List.of());
    }

    /** The number of partitions of the topic, or empty if the topic is unknown. */
    public Optional<Integer> partitionCountForTopic(String topic) {
        List<PartitionInfo> partitions = partitionsByTopic.get(topic);
        return partitions == null ? Optional.empty() : Optional.of(partitions.size());
    }

    public Optional<PartitionInfo> partition(TopicPartition tp) {
        Objects.requireNonNull(tp, "tp");
        for (PartitionInfo p : partitionsForTopic(tp.topic())) {
            if (p.partition() == tp.partition()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The current leader of the partition, or empty if the partition is unknown or has no leader. */
    public Optional<Node> leaderFor(TopicPartition tp) {
        return partition(tp).map(PartitionInfo::leader);
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", nodes=" + nodes + ", topics=" + partitionsByTopic.keySet() + ")";
    }
}
