package dev.ferry.examples.quickstart;

import dev.ferry.examples.internal.SampleOrders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Compares what a consumer read with what was sent and acknowledged: every record must come back
 * once, equal to the order sent, at the partition and offset its acknowledgement named, and the
 * acknowledgements of one partition must follow the send order. Not thread-safe.
 *
 * @param <V> the value type
 */
final class ReadBackCheck<V> {
    private static final int PROBLEMS_KEPT = 5;
    private static final int NOT_ACKNOWLEDGED = -1;

    private final IntFunction<V> expected;
    private final int[] ackPartition;
    private final long[] ackOffset;
    private final BitSet seen;
    private final List<String> problems = new ArrayList<>();
    private int read;
    private int matched;
    private int duplicated;
    private int mismatched;
    private int misplaced;
    private int unexpected;

    /**
     * @param records  how many orders were sent (indexes 0 to records - 1)
     * @param expected order {@code i} as it was sent
     */
    ReadBackCheck(int records, IntFunction<V> expected) {
        this.expected = expected;
        this.ackPartition = new int[records];
        this.ackOffset = new long[records];
        this.seen = new BitSet(records);
        Arrays.fill(ackPartition, NOT_ACKNOWLEDGED);
    }

    /** Record {@code index} was acknowledged at this partition and offset (called once per record). */
    void acknowledged(int index, int partition, long offset) {
        ackPartition[index] = partition;
        ackOffset[index] = offset;
    }

    /** A record the consumer read. */
    void read(int partition, long offset, String key, V value) {
        read++;
        int index = SampleOrders.indexOf(key);
        if (index < 0 || index >= ackPartition.length) {
            unexpected++;
            problem("partition " + partition + " offset " + offset + ": key '" + key + "' was not sent by this run");
            return;
        }
        if (seen.get(index)) {
            duplicated++;
            problem("partition " + partition + " offset " + offset + ": " + key + " read a second time");
            return;
        }
        seen.set(index);
        if (ackPartition[index] != partition || ackOffset[index] != offset) {
            misplaced++;
            problem(key + " read at partition " + partition + " offset " + offset + ", acknowledged at "
                    + (ackPartition[index] == NOT_ACKNOWLEDGED
                            ? "none"
                            : "partition " + ackPartition[index] + " offset " + ackOffset[index]));
        } else if (!Objects.equals(expected.apply(index), value)) {
            mismatched++;
            problem(key + " at partition " + partition + " offset " + offset + " differs from what was sent: " + value);
        } else {
            matched++;
        }
    }

    /** A record the consumer could not deserialize. */
    void unreadable(int partition, long offset, String reason) {
        read++;
        unexpected++;
        problem("partition " + partition + " offset " + offset + " cannot be deserialized: " + reason);
    }

    Verdict verdict() {
        int acknowledged = 0;
        int lost = 0;
        int reordered = 0;
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (int index = 0; index < ackPartition.length; index++) {
            if (ackPartition[index] == NOT_ACKNOWLEDGED) {
                continue;
            }
            acknowledged++;
            if (!seen.get(index)) {
                lost++;
                if (lost <= PROBLEMS_KEPT) {
                    problem(SampleOrders.orderId(index) + " acknowledged at partition " + ackPartition[index]
                            + " offset " + ackOffset[index] + " but never read");
                }
            }
            Long previous = lastOffset.put(ackPartition[index], ackOffset[index]);
            if (previous != null && previous >= ackOffset[index]) {
                reordered++;
                problem(SampleOrders.orderId(index) + " got offset " + ackOffset[index] + " in partition "
                        + ackPartition[index] + ", not after offset " + previous + " of an order sent before it");
            }
        }
        return new Verdict(
                acknowledged,
                read,
                matched,
                lost,
                duplicated,
                mismatched + misplaced,
                unexpected,
                reordered,
                List.copyOf(problems));
    }

    private void problem(String description) {
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(description);
        }
    }

    /**
     * The outcome.
     *
     * @param acknowledged records acknowledged by the broker
     * @param read         records the consumer read
     * @param matched      records read once, equal to what was sent, where their acknowledgement said
     * @param lost         acknowledged records never read
     * @param duplicated   records read more than once
     * @param mismatched   records read with another value, or at another partition or offset than acknowledged
     * @param unexpected   records this run did not send, or that could not be deserialized
     * @param reordered    records acknowledged before one sent earlier to the same partition
     * @param problems     the first few problems, described
     */
    record Verdict(
            int acknowledged,
            int read,
            int matched,
            int lost,
            int duplicated,
            int mismatched,
            int unexpected,
            int reordered,
            List<String> problems) {
        boolean clean() {
            return matched == acknowledged
                    && read == matched
                    && lost == 0
                    && duplicated == 0
                    && mismatched == 0
                    && unexpected == 0
                    && reordered == 0;
        }
    }
}
