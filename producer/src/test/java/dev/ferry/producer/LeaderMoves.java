package dev.ferry.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** Moves a partition's leadership on a real cluster, for the tests that need a leader or a coordinator to move. */
public final class LeaderMoves {
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private LeaderMoves() {}

    /**
     * The partition's replicas reordered with {@code target} first (the same replica set, so nothing
     * is copied), then preferred elections until Admin describes {@code target} as the leader; an
     * election answered "not needed" or failing while the reassignment settles is tried again.
     */
    public static void moveLeadership(Admin admin, TopicPartition partition, int target) throws Exception {
        List<Integer> replicas = new ArrayList<>(List.of(target));
        describe(admin, partition.topic()).partitions().get(partition.partition()).replicas().stream()
                .map(Node::id)
                .filter(id -> id != target)
                .forEach(replicas::add);
        admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(replicas))))
                .all()
                .get();
        Awaitility.await().atMost(AT_MOST).until(() -> admin.listPartitionReassignments(Set.of(partition))
                .reassignments()
                .get()
                .isEmpty());
        Awaitility.await()
                .atMost(AT_MOST)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    admin.electLeaders(ElectionType.PREFERRED, Set.of(partition))
                            .partitions()
                            .get();
                    return leaderOf(admin, partition) == target;
                });
    }

    /** The partition's leader as Admin describes it. */
    public static int leaderOf(Admin admin, TopicPartition partition) throws Exception {
        return describe(admin, partition.topic())
                .partitions()
                .get(partition.partition())
                .leader()
                .id();
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }
}
