package dev.ferry.examples.internal;

import java.util.Arrays;

/**
 * Send latencies, one slot per record: from the {@code send()} call to the acknowledgement's
 * callback. Slots are written by the sending thread and the producer's I/O thread, each its own
 * slot; read them only after the producer is closed.
 */
public final class LatencyRecorder {
    private final long[] startNanos;
    private final long[] latencyNanos;

    public LatencyRecorder(int records) {
        this.startNanos = new long[records];
        this.latencyNanos = new long[records];
        Arrays.fill(latencyNanos, -1);
    }

    public void sent(int index) {
        startNanos[index] = System.nanoTime();
    }

    public void acknowledged(int index) {
        latencyNanos[index] = System.nanoTime() - startNanos[index];
    }

    /** The latency at {@code percentile} (0 to 100) of the acknowledged records, in milliseconds; NaN if none. */
    public double percentileMillis(double percentile) {
        long[] acknowledged =
                Arrays.stream(latencyNanos).filter(nanos -> nanos >= 0).sorted().toArray();
        if (acknowledged.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * acknowledged.length) - 1;
        return acknowledged[Math.max(0, Math.min(rank, acknowledged.length - 1))] / 1e6;
    }
}
