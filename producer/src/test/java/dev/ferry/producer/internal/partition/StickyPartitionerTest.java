package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.producer.Cluster;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class StickyPartitionerTest {
    private static final String TOPIC = "events";

    private static IntSupplier sequence(Integer... values) {
        Deque<Integer> queue = new ArrayDeque<>(List.of(values));
        return queue::removeFirst;
    }

    @Test
    void sticksUntilBatchSizeBytesThenSwitchesWhenBatchesAreFull() {
        // given batch.size 1000 and random picks 1 then 2
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 1000, sequence(1, 2));

        // when 9 appends of 100 bytes
        StickyPartitioner.Sticky first = partitioner.current(cluster);
        for (int i = 0; i < 9; i++) {
            partitioner.onAppend(partitioner.current(cluster), 100, cluster, true);
        }

        // then still on the first partition, and the tenth append moves on
        assertThat(partitioner.current(cluster)).isSameAs(first);
        assertThat(first.partition()).isEqualTo(1);
        partitioner.onAppend(first, 100, cluster, true);
        assertThat(partitioner.isChanged(first)).isTrue();
        assertThat(partitioner.current(cluster).partition()).isEqualTo(2);
    }

    @Test
    void withoutFullBatchesSwitchesOnlyAfterTwiceBatchSize() {
        // given
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 1000, sequence(0, 1));
        StickyPartitioner.Sticky sticky = partitioner.current(cluster);

        // when 1999 bytes without a full batch
        partitioner.onAppend(sticky, 1999, cluster, false);

        // then
        assertThat(partitioner.isChanged(sticky)).isFalse();
        partitioner.onAppend(sticky, 1, cluster, false);
        assertThat(partitioner.isChanged(sticky)).isTrue();
    }

    @Test
    void aStaleHandleDoesNotSwitchTheNewPartition() {
        // given a handle that another thread already switched away from
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 100, sequence(0, 1, 2));
        StickyPartitioner.Sticky stale = partitioner.current(cluster);
        partitioner.onAppend(stale, 100, cluster, true);
        StickyPartitioner.Sticky fresh = partitioner.current(cluster);

        // when the stale handle keeps counting
        partitioner.onAppend(stale, 1000, cluster, true);

        // then
        assertThat(partitioner.current(cluster)).isSameAs(fresh);
    }

    @Test
    void withoutLoadStatsPicksUniformlyAmongPartitionsWithALeader() {
        // given partition 1 has no leader
        Cluster cluster = TestClusters.cluster(TOPIC, 4, 2, 1);
        int[] counts = new int[4];
        Random random = new Random(1);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 1, random::nextInt);

        // when switching 30000 times
        for (int i = 0; i < 30_000; i++) {
            StickyPartitioner.Sticky sticky = partitioner.current(cluster);
            counts[sticky.partition()]++;
            partitioner.onAppend(sticky, 1, cluster, true);
        }

        // then
        assertThat(counts[1]).isZero();
        for (int p : new int[] {0, 2, 3}) {
            assertThat(counts[p] / 30_000.0).isCloseTo(1 / 3.0, within(0.02));
        }
    }

    @Test
    void loadStatsWeightEachPartitionByMaxQueuePlusOneMinusItsQueue() {
        // given queue depths 0, 2, 5 (weights 6, 4, 1 as in KIP-794) and every random number once
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        int[] counts = new int[3];
        int[] next = {0};
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 1, () -> next[0]++);
        partitioner.updateLoadStats(
                PartitionLoadStats.builder(3).add(0, 0).add(1, 2).add(2, 5).build());

        // when
        for (int i = 0; i < 11 * 100; i++) {
            StickyPartitioner.Sticky sticky = partitioner.current(cluster);
            counts[sticky.partition()]++;
            partitioner.onAppend(sticky, 1, cluster, true);
        }

        // then exactly proportional to the weights
        assertThat(counts).containsExactly(600, 400, 100);
    }

    @Test
    void partitionsLeftOutOfLoadStatsAreNeverPicked() {
        // given partition 1's broker is unavailable, so the accumulator left it out
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        Random random = new Random(7);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, 1, random::nextInt);
        partitioner.updateLoadStats(
                PartitionLoadStats.builder(3).add(0, 1).add(2, 1).build());
        int[] counts = new int[3];

        // when
        for (int i = 0; i < 1000; i++) {
            StickyPartitioner.Sticky sticky = partitioner.current(cluster);
            counts[sticky.partition()]++;
            partitioner.onAppend(sticky, 1, cluster, true);
        }

        // then
        assertThat(counts[1]).isZero();
        assertThat(counts[0] + counts[2]).isEqualTo(1000);
    }

    @Test
    void equalQueuesOnAllPartitionsCarryNoInformation() {
        assertThat(PartitionLoadStats.builder(3).add(0, 2).add(1, 2).add(2, 2).build())
                .isNull();
        assertThat(PartitionLoadStats.builder(3).build()).isNull();
        assertThat(PartitionLoadStats.builder(3).add(0, 2).add(2, 2).build()).isNotNull();
    }

    /**
     * Simulates the accumulator and sender: 3 partitions on 3 brokers, 3 batches produced per round;
     * broker 2 drains one batch every third round while the others drain everything. With adaptive partitioning, its partition must get
     * clearly fewer records; without, about a third (proving the simulation can tell).
     */
    @Test
    void aSlowPartitionGetsMeasurablyFewerRecords() {
        double adaptiveShare = slowPartitionShare(true);
        double uniformShare = slowPartitionShare(false);

        assertThat(uniformShare).isCloseTo(1 / 3.0, within(0.05));
        assertThat(adaptiveShare).isLessThan(0.2);
    }

    private static double slowPartitionShare(boolean adaptive) {
        Cluster cluster = TestClusters.cluster(TOPIC, 3, 3);
        int batchSize = 1000;
        int recordSize = 100;
        Random random = new Random(42);
        StickyPartitioner partitioner = new StickyPartitioner(TOPIC, batchSize, random::nextInt);
        int[] queuedBatches = new int[3];
        int[] openBatchBytes = new int[3];
        int[] records = new int[3];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < 30; i++) {
                StickyPartitioner.Sticky sticky = partitioner.current(cluster);
                int p = sticky.partition();
                if (openBatchBytes[p] == 0) {
                    queuedBatches[p]++;
                }
                openBatchBytes[p] += recordSize;
                boolean full = openBatchBytes[p] >= batchSize;
                if (full) {
                    openBatchBytes[p] = 0;
                }
                records[p]++;
                partitioner.onAppend(sticky, recordSize, cluster, full);
            }
            for (int p = 0; p < 3; p++) {
                int drained = p != 2 ? queuedBatches[p] : round % 3 == 0 ? Math.min(1, queuedBatches[p]) : 0;
                queuedBatches[p] -= drained;
                if (queuedBatches[p] == 0) {
                    openBatchBytes[p] = 0;
                }
            }
            if (adaptive) {
                PartitionLoadStats.Builder stats = PartitionLoadStats.builder(3);
                for (int p = 0; p < 3; p++) {
                    stats.add(p, queuedBatches[p]);
                }
                partitioner.updateLoadStats(stats.build());
            }
        }
        return records[2] / (double) (records[0] + records[1] + records[2]);
    }
}
