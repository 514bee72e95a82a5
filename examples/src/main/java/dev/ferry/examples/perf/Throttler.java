package dev.ferry.examples.perf;

/**
 * Holds the send rate near {@code --throughput} records per second by sleeping when ahead of
 * schedule; a negative target sends as fast as possible.
 */
final class Throttler {
    private static final long MIN_SLEEP_NS = 2_000_000;

    private final double targetPerSec;
    private final long startNs;

    Throttler(double targetPerSec, long startNs) {
        this.targetPerSec = targetPerSec;
        this.startNs = startNs;
    }

    /** Called after {@code sent} records; sleeps until they are due. */
    void maybeThrottle(long sent, long nowNs) {
        if (targetPerSec < 0) {
            return;
        }
        long dueNs = startNs + (long) (sent / targetPerSec * 1e9);
        long aheadNs = dueNs - nowNs;
        // sleeping costs a scheduler round trip: wait for a few records' worth before sleeping
        if (aheadNs >= MIN_SLEEP_NS) {
            sleepNanos(aheadNs);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while throttling", e);
        }
    }
}
