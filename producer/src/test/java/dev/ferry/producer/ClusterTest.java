package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTest {
    private static final Node N1 = new Node(1, "b1", 9092);
    private static final Node N2 = new Node(2, "b2", 9092, Optional.of("rack-a"));

    private static PartitionInfo partition(String topic, int p, Node leader) {
        return new PartitionInfo(
                topic, p, leader, List.of(N1, N2), leader == null ? List.of() : List.of(leader), List.of());
    }

    @Test
    void indexesTopicsLeadersAndAvailability() {
        // given partitions out of order, one without a leader
        Cluster cluster = new Cluster(
                "c1",
                List.of(N1, N2),
                List.of(
                        partition("orders", 2, N2),
                        partition("orders", 0, N1),
                        partition("orders", 1, null),
                        partition("audit", 0, N2)));

        // then
        assertThat(cluster.partitionsForTopic("orders"))
                .extracting(PartitionInfo::partition)
                .containsExactly(0, 1, 2);
        assertThat(cluster.availablePartitionsForTopic("orders"))
                .extracting(PartitionInfo::partition)
                .containsExactly(0, 2);
        assertThat(cluster.partitionCountForTopic("orders")).contains(3);
        assertThat(cluster.partitionCountForTopic("missing")).isEmpty();
        assertThat(cluster.partitionsForNode(2))
                .extracting(PartitionInfo::topicPartition)
                .containsExactlyInAnyOrder(new TopicPartition("orders", 2), new TopicPartition("audit", 0));
        assertThat(cluster.leaderFor(new TopicPartition("orders", 2))).contains(N2);
        assertThat(cluster.leaderFor(new TopicPartition("orders", 1))).isEmpty();
        assertThat(cluster.nodeById(2)).contains(N2);
        assertThat(cluster.topics()).containsExactlyInAnyOrder("orders", "audit");
        assertThat(cluster.clusterId()).contains("c1");
    }

    @Test
    void emptyClusterKnowsNothing() {
        assertThat(Cluster.empty().topics()).isEmpty();
        assertThat(Cluster.empty().partitionsForTopic("t")).isEmpty();
        assertThat(Cluster.empty().clusterId()).isEmpty();
    }
}
