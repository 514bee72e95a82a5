package dev.ferry.producer.internal.record;

/**
 * Kafka's producer sequence numbers: 31 bits that wrap from {@code Integer.MAX_VALUE} to 0 (the
 * broker's {@code ProducerAppendInfo.inSequence}, {@code DefaultRecordBatch.incrementSequence}).
 * A producer that sends for long enough on one partition under one epoch wraps (2^31 records, a few
 * hours at a high rate), so sequences are compared by their distance around the circle, never by
 * {@code <}: the batches a producer compares are never more than a few thousand records apart.
 */
public final class SequenceNumbers {
    private static final int MASK = Integer.MAX_VALUE;
    /** Half the circle: a sequence less than this many steps ahead of another follows it. */
    private static final int HALF = 1 << 30;

    private SequenceNumbers() {}

    /** The sequence on the wire for a position counted without wrapping (0, 1, ... past 2^31). */
    public static int wrap(long position) {
        return (int) (position & MASK);
    }

    /** How many steps forward it takes from {@code from} to reach {@code to}, wrapping at 2^31. */
    public static int distance(int from, int to) {
        return (to - from) & MASK;
    }

    /** Whether {@code a} comes before {@code b} in sequence order, across the wrap. */
    public static boolean precedes(int a, int b) {
        int forward = distance(a, b);
        return forward != 0 && forward < HALF;
    }
}
