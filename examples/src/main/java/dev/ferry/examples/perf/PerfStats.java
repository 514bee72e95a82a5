package dev.ferry.examples.perf;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Counts acknowledged records and their latencies, and prints kafka-producer-perf-test's lines: a
 * window line every 5 seconds and a total line with percentiles from a sample of at most 500,000
 * latencies.
 *
 * <p>With a {@link CpuClock} (option {@code --print-window-cpu}) every window line is followed by the
 * client JVM's CPU per record acknowledged in that window and the time spent compiling in it, so the
 * steady state of a run can be read apart from its start-up and JIT compilation.
 *
 * <p>{@link #record} and {@link #failed} run on the producer's I/O thread; the totals are read after
 * the producer is closed or flushed.
 */
final class PerfStats {
    private static final long REPORTING_INTERVAL_MS = 5_000;
    private static final int MAX_SAMPLES = 500_000;

    private final PrintStream out;
    private final long startMs;
    private final long sampleEvery;
    private final int[] latencies;
    private int sampled;
    private long completions;
    private long count;
    private long bytes;
    private long totalLatency;
    private int maxLatency;
    private long failed;
    private Exception firstError;
    private long windowStartMs;
    private long windowCount;
    private long windowBytes;
    private long windowTotalLatency;
    private int windowMaxLatency;
    private final CpuClock cpu;
    private long windowStartCpuNs;
    private long windowStartCompileMs;

    /** The JVM's CPU and compilation time so far. */
    interface CpuClock {
        long processCpuNanos();

        long compilationMillis();
    }

    PerfStats(long numRecords, PrintStream out) {
        this(numRecords, out, null);
    }

    /** @param cpu null for kafka-producer-perf-test's lines only */
    PerfStats(long numRecords, PrintStream out, CpuClock cpu) {
        this.out = out;
        this.cpu = cpu;
        this.startMs = System.currentTimeMillis();
        this.windowStartMs = startMs;
        if (cpu != null) {
            windowStartCpuNs = cpu.processCpuNanos();
            windowStartCompileMs = cpu.compilationMillis();
        }
        this.sampleEvery = Math.max(1, numRecords / Math.min(numRecords, MAX_SAMPLES));
        this.latencies = new int[(int) (numRecords / sampleEvery) + 1];
    }

    void record(int latencyMs, int recordBytes, long nowMs) {
        count++;
        bytes += recordBytes;
        totalLatency += latencyMs;
        maxLatency = Math.max(maxLatency, latencyMs);
        windowCount++;
        windowBytes += recordBytes;
        windowTotalLatency += latencyMs;
        windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
        if (completions++ % sampleEvery == 0 && sampled < latencies.length) {
            latencies[sampled++] = latencyMs;
        }
        if (nowMs - windowStartMs >= REPORTING_INTERVAL_MS) {
            printWindow(nowMs);
            windowStartMs = nowMs;
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatency = 0;
            windowMaxLatency = 0;
        }
    }

    void failed(Exception error) {
        if (failed++ == 0) {
            firstError = error;
            error.printStackTrace();
        }
    }

    private void printWindow(long nowMs) {
        long elapsed = Math.max(1, nowMs - windowStartMs);
        out.printf(
                "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                windowCount,
                1000.0 * windowCount / elapsed,
                1000.0 * windowBytes / elapsed / (1024.0 * 1024.0),
                windowTotalLatency / (double) windowCount,
                (double) windowMaxLatency);
        if (cpu != null) {
            long cpuNs = cpu.processCpuNanos();
            long compileMs = cpu.compilationMillis();
            out.printf(
                    "window-cpu: records=%d cpu-us-per-record=%.3f compile-ms=%d%n",
                    windowCount, (cpuNs - windowStartCpuNs) / 1000.0 / windowCount, compileMs - windowStartCompileMs);
            windowStartCpuNs = cpuNs;
            windowStartCompileMs = compileMs;
        }
    }

    /** Prints the total line and returns the records per second it reports. */
    double printTotal() {
        long elapsed = Math.max(1, System.currentTimeMillis() - startMs);
        double recordsPerSec = 1000.0 * count / elapsed;
        Arrays.sort(latencies, 0, sampled);
        out.printf(
                "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                count,
                recordsPerSec,
                1000.0 * bytes / elapsed / (1024.0 * 1024.0),
                count == 0 ? 0.0 : totalLatency / (double) count,
                (double) maxLatency,
                percentile(0.5),
                percentile(0.95),
                percentile(0.99),
                percentile(0.999));
        return recordsPerSec;
    }

    /** A latency percentile in ms of the sampled latencies; valid after {@link #printTotal()}, which sorts them. */
    int percentile(double fraction) {
        return sampled == 0 ? 0 : latencies[(int) (fraction * sampled)];
    }

    long acknowledged() {
        return count;
    }

    long failedCount() {
        return failed;
    }

    Exception firstError() {
        return firstError;
    }
}
