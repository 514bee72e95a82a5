package dev.ferry.producer.internal.partition;

import java.util.Arrays;

/**
 * A snapshot of how loaded the writable partitions of one topic are (KIP-794), turned into a
 * cumulative frequency table so that a uniform random number picks a partition with probability
 * proportional to {@code maxQueueSize + 1 - queueSize}: a partition whose queue is deeper (its broker
 * is slower) is picked less, one with the deepest queue still gets weight 1.
 *
 * <p>Built by the accumulator each time it checks which batches are ready: partitions whose leader
 * has been unable to take data for longer than {@code partitioner.availability.timeout.ms} are left
 * out, so they are not picked at all.
 *
 * <p>Immutable.
 */
public final class PartitionLoadStats {
    private final int[] partitionIds;
    private final int[] cumulativeWeights;

    private PartitionLoadStats(int[] partitionIds, int[] cumulativeWeights) {
        this.partitionIds = partitionIds;
        this.cumulativeWeights = cumulativeWeights;
    }

    /** Starts collecting queue sizes for a topic with {@code numPartitions} partitions. */
    public static Builder builder(int numPartitions) {
        return new Builder(numPartitions);
    }

    /** The partition for a random number in {@code [0, Integer.MAX_VALUE]}. */
    int pick(int random) {
        int weighted = random % cumulativeWeights[cumulativeWeights.length - 1];
        int search = Arrays.binarySearch(cumulativeWeights, weighted);
        // An exact hit on a boundary belongs to the next slot; a miss gives -(insertion point) - 1.
        int index = search >= 0 ? search + 1 : -(search + 1);
        return partitionIds[index];
    }

    int size() {
        return partitionIds.length;
    }

    /** Collects one topic's queue sizes; not thread-safe, reusable for topic after topic through {@link #reset}. */
    public static final class Builder {
        private int numPartitions;
        private int[] partitionIds = new int[8];
        private int[] queueSizes = new int[8];
        private int[] cumulative = new int[8];
        private int length;

        private Builder(int numPartitions) {
            this.numPartitions = numPartitions;
        }

        /** Forgets what was added, for a topic with {@code numPartitions} partitions. */
        Builder reset(int numPartitions) {
            this.numPartitions = numPartitions;
            this.length = 0;
            return this;
        }

        /** Records the number of queued batches of a partition whose leader is available. */
        public Builder add(int partition, int queuedBatches) {
            if (length == partitionIds.length) {
                partitionIds = Arrays.copyOf(partitionIds, length * 2);
                queueSizes = Arrays.copyOf(queueSizes, length * 2);
                cumulative = new int[length * 2];
            }
            partitionIds[length] = partition;
            queueSizes[length] = queuedBatches;
            length++;
            return this;
        }

        /**
         * The stats, or {@code null} when they carry no information: no available partition, or all
         * partitions available with equal queues (then a uniform pick is the same and cheaper).
         */
        public PartitionLoadStats build() {
            return build(null);
        }

        /**
         * As {@link #build()}, but {@code previous} itself when it holds the same partitions and
         * weights: the I/O thread rebuilds every round, and queues that did not change allocate nothing.
         */
        PartitionLoadStats build(PartitionLoadStats previous) {
            if (length == 0) {
                return null;
            }
            int max = queueSizes[0];
            boolean allEqual = true;
            for (int i = 1; i < length; i++) {
                allEqual &= queueSizes[i] == queueSizes[0];
                max = Math.max(max, queueSizes[i]);
            }
            if (allEqual && length == numPartitions) {
                return null;
            }
            long sum = 0;
            for (int i = 0; i < length; i++) {
                sum += max + 1L - queueSizes[i];
                cumulative[i] = (int) Math.min(sum, Integer.MAX_VALUE);
            }
            if (previous != null
                    && Arrays.equals(previous.partitionIds, 0, previous.partitionIds.length, partitionIds, 0, length)
                    && Arrays.equals(
                            previous.cumulativeWeights, 0, previous.cumulativeWeights.length, cumulative, 0, length)) {
                return previous;
            }
            return new PartitionLoadStats(Arrays.copyOf(partitionIds, length), Arrays.copyOf(cumulative, length));
        }
    }
}
