package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.Cluster;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adaptive part (KIP-794) as kafka-clients' accumulator feeds it: when queue depths weigh the
 * pick, and which partitions an unavailable broker loses. Each test switches partition on every
 * record (batch.size 1) with every random number in turn, so the counts are exact.
 */
class UnkeyedPartitioningTest {
    private static final String TOPIC = "events";
    private static final long AVAILABILITY_TIMEOUT_MS = 100;

    static Stream<Arguments> queueDepths() {
        return Stream.of(
                Arguments.of(
                        Named.of(
                                "stays uniform until every partition had a batch: partition 0 has a deep queue,"
                                        + " partition 2 never had a batch (say, it was just added)",
                                Map.of(0, 5, 1, 0)),
                        3000,
                        new int[] {1000, 1000, 1000}),
                Arguments.of(
                        Named.of(
                                "once every partition had a batch, deeper queues are picked less: queues 5, 0, 0"
                                        + " weigh 1, 6, 6",
                                Map.of(0, 5, 1, 0, 2, 0)),
                        1300,
                        new int[] {100, 600, 600}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queueDepths")
    void queueDepthsWeighThePickOnceEveryPartitionHadABatch(
            Map<Integer, Integer> queueDepths, int records, int[] expectedCounts) {
        // given
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        UnkeyedPartitioning partitioning = adaptivePartitioning();
        partitioning.refresh(cluster, queues(queueDepths));

        // when
        int[] counts = switchEveryRecord(partitioning, cluster, records);

        // then
        assertThat(counts).containsExactly(expectedCounts);
    }

    @Test
    void anUnavailableBrokerLosesOnlyThePartitionsWithDataWaitingForIt() {
        // given broker 1 (leading partitions 1 and 4) had data it could not take for longer than the timeout
        Cluster cluster = TestClusters.cluster(TOPIC, 6, 3);
        UnkeyedPartitioning partitioning = adaptivePartitioning();
        partitioning.recordReadyCheck(1, 1_000, true);
        partitioning.recordReadyCheck(1, 1_000 + AVAILABILITY_TIMEOUT_MS + 1, false);
        // partition 1 has a batch waiting, partition 4 none
        partitioning.refresh(cluster, queues(Map.of(0, 1, 1, 1, 2, 1, 3, 1, 4, 0, 5, 1)));

        // when
        int[] counts = switchEveryRecord(partitioning, cluster, 600);

        // then partition 4's empty queue weighs 2, the others 1; partition 1 is left out
        assertThat(counts).containsExactly(100, 0, 100, 100, 200, 100);
    }

    @Test
    void withoutAdaptivePartitioningQueuesAreIgnored() {
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        int[] next = {0};
        UnkeyedPartitioning partitioning = new UnkeyedPartitioning(1, false, AVAILABILITY_TIMEOUT_MS, () -> next[0]++);
        partitioning.forTopic(TOPIC);
        partitioning.refresh(cluster, queues(Map.of(0, 5, 1, 0, 2, 0)));

        assertThat(switchEveryRecord(partitioning, cluster, 3000)).containsExactly(1000, 1000, 1000);
    }

    private static UnkeyedPartitioning adaptivePartitioning() {
        int[] next = {0};
        UnkeyedPartitioning partitioning = new UnkeyedPartitioning(1, true, AVAILABILITY_TIMEOUT_MS, () -> next[0]++);
        // a record without a key was sent to the topic, as before any refresh that concerns it
        partitioning.forTopic(TOPIC);
        return partitioning;
    }

    private static UnkeyedPartitioning.QueueDepths queues(Map<Integer, Integer> queuedByPartition) {
        return (topic, partition) -> queuedByPartition.getOrDefault(partition, -1);
    }

    private static int[] switchEveryRecord(UnkeyedPartitioning partitioning, Cluster cluster, int records) {
        int[] counts = new int[cluster.partitionCountForTopic(TOPIC).orElseThrow()];
        StickyPartitioner partitioner = partitioning.forTopic(TOPIC);
        for (int i = 0; i < records; i++) {
            StickyPartitioner.Sticky sticky = partitioner.current(cluster);
            counts[sticky.partition()]++;
            partitioner.onAppend(sticky, 1, cluster, true);
        }
        return counts;
    }
}
