package dev.ferry.producer.internal.partition;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import java.util.ArrayList;
import java.util.List;

/** Clusters for partitioning tests: partition p is led by broker p % brokers, or has none if listed. */
final class TestClusters {
    private TestClusters() {}

    static Cluster cluster(String topic, int partitions, int brokers, int... leaderless) {
        List<Node> nodes = new ArrayList<>();
        for (int b = 0; b < brokers; b++) {
            nodes.add(new Node(b, "broker" + b, 9092));
        }
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            boolean noLeader = java.util.Arrays.stream(leaderless).anyMatch(l -> l == partition);
            Node leader = noLeader ? null : nodes.get(p % brokers);
            infos.add(new PartitionInfo(topic, p, leader, nodes, noLeader ? List.of() : List.of(leader), List.of()));
        }
        return new Cluster("test", nodes, infos);
    }
}
