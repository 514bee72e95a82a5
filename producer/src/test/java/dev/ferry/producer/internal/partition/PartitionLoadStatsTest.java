package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rebuilding the stats every round of the I/O thread: unchanged queues keep the stats the partitioner holds. */
class PartitionLoadStatsTest {

    @Test
    void unchangedQueuesGiveBackThePreviousStatsAndChangedOnesNewWeights() {
        // given stats from queue depths 0, 2, 5 (weights 6, 4, 1)
        PartitionLoadStats.Builder builder = PartitionLoadStats.builder(3);
        PartitionLoadStats previous = builder.add(0, 0).add(1, 2).add(2, 5).build();

        // when the same depths come again, then other depths, then a partition is left out
        PartitionLoadStats same = builder.reset(3).add(0, 0).add(1, 2).add(2, 5).build(previous);
        PartitionLoadStats changed =
                builder.reset(3).add(0, 0).add(1, 2).add(2, 4).build(previous);
        PartitionLoadStats fewer = builder.reset(3).add(0, 0).add(1, 2).build(previous);

        // then
        assertThat(same).isSameAs(previous);
        assertThat(changed).isNotSameAs(previous);
        assertThat(picks(changed, 9)).containsExactly(5, 3, 1);
        assertThat(fewer).isNotSameAs(previous);
        assertThat(picks(fewer, 4)).containsExactly(3, 1, 0);
        assertThat(picks(previous, 11)).as("the previous stats are untouched").containsExactly(6, 4, 1);
    }

    /** How often each of partitions 0, 1, 2 is picked by the random numbers 0 to {@code totalWeight - 1}. */
    private static int[] picks(PartitionLoadStats stats, int totalWeight) {
        int[] counts = new int[3];
        for (int r = 0; r < totalWeight; r++) {
            counts[stats.pick(r)]++;
        }
        return counts;
    }
}
