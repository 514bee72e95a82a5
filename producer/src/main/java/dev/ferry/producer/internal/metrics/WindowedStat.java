package dev.ferry.producer.internal.metrics;

import java.util.Map;

/**
 * Count, sum and max of recorded values over the last time windows, as kafka-clients 4.x's sampled
 * stats compute them (30 s windows, 2 samples by default), so rates and
 * averages forget old values.
 *
 * <p>One monitor guards plain fields, as kafka-clients' {@code Sensor} does. Nearly every value is
 * recorded on the I/O thread, so the monitor is uncontended; adders and atomics per field cost more
 * atomic instructions per value, and C2 inlined their var-handle chains into every per-request
 * method that records a metric (a fifth of the bytecode it compiled in a 10 M-record run).
 *
 * <p>Thread safety: thread-safe.
 */
final class WindowedStat {
    private final long windowMs;
    private final int samplesConfigured;
    /** Guarded by this. */
    private final Sample[] samples;
    /** Guarded by this: every value ever recorded, for the cumulative {@code -total} metrics. */
    private double total;
    /** Guarded by this: how many values were ever recorded. */
    private long totalCount;

    WindowedStat(long windowMs, int samples) {
        this.windowMs = windowMs;
        this.samplesConfigured = samples;
        // As kafka-clients 4.x: the ring holds the current window plus `samples` older ones.
        this.samples = new Sample[samples + 1];
        for (int i = 0; i < this.samples.length; i++) {
            this.samples[i] = new Sample();
        }
    }

    void record(double value, long nowMs) {
        recordAll(1, value, value, nowMs);
    }

    /**
     * Records {@code count} values at once, given their sum and largest: what {@code count} calls of
     * {@link #record} would, for values gathered elsewhere (a batch's records) at one time.
     */
    synchronized void recordAll(long count, double sum, double max, long nowMs) {
        long window = Math.floorDiv(nowMs, windowMs);
        Sample sample = samples[Math.floorMod(window, samples.length)];
        long windowStart = window * windowMs;
        if (sample.windowStart != windowStart) {
            sample.windowStart = windowStart;
            sample.count = 0;
            sample.sum = 0;
            sample.max = Double.NEGATIVE_INFINITY;
        }
        sample.count += count;
        sample.sum += sum;
        sample.lastEventMs = nowMs;
        if (max > sample.max) {
            sample.max = max;
        }
        total += sum;
        totalCount += count;
    }

    /** Sum of every value recorded since start, as kafka-clients' {@code CumulativeSum}. */
    synchronized double total() {
        return total;
    }

    /** How many values were recorded since start, as kafka-clients' {@code CumulativeCount}. */
    synchronized long totalCount() {
        return totalCount;
    }

    /** Sum of values per second over the live windows, computed as kafka-clients' {@code Rate}. */
    double rate(long nowMs) {
        return rate(nowMs, false);
    }

    /** Values recorded per second over the live windows: kafka-clients' {@code Rate} over a {@code WindowedCount}. */
    double countRate(long nowMs) {
        return rate(nowMs, true);
    }

    private synchronized double rate(long nowMs, boolean countOnly) {
        double sum = 0;
        long oldest = nowMs;
        for (Sample s : samples) {
            if (isLive(s, nowMs)) {
                sum += countOnly ? s.count : s.sum;
                oldest = Math.min(oldest, s.windowStart);
            }
        }
        // kafka-clients' Rate: pad a young measurement up to samples - 1 full windows, so a burst
        // right after start does not read as a huge rate.
        long elapsedMs = nowMs - oldest;
        long fullWindows = elapsedMs / windowMs;
        if (fullWindows < samplesConfigured - 1) {
            elapsedMs += (samplesConfigured - 1 - fullWindows) * windowMs;
        }
        return sum / (Math.max(elapsedMs, 1) / 1000.0);
    }

    /** Average of the values in the live windows, or NaN if none (as kafka-clients reports). */
    synchronized double avg(long nowMs) {
        long count = 0;
        double sum = 0;
        for (Sample s : samples) {
            if (isLive(s, nowMs)) {
                count += s.count;
                sum += s.sum;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Largest value in the live windows, or NaN if none. */
    synchronized double max(long nowMs) {
        double max = Double.NaN;
        for (Sample s : samples) {
            if (isLive(s, nowMs) && s.count > 0) {
                max = Double.isNaN(max) ? s.max : Math.max(max, s.max);
            }
        }
        return max;
    }

    /** kafka-clients' {@code Meter}: {@code <name>-rate} and {@code <name>-total}. */
    void putRateAndTotal(Map<String, Double> m, String name, long nowMs) {
        m.put(name + "-rate", rate(nowMs));
        m.put(name + "-total", total());
    }

    /** {@code <name>-avg} and {@code <name>-max}, as kafka-clients names a sensor's two stats. */
    void putAvgAndMax(Map<String, Double> m, String name, long nowMs) {
        m.put(name + "-avg", avg(nowMs));
        m.put(name + "-max", max(nowMs));
    }

    /** As kafka-clients 4.x: a sample expires {@code samples × windowMs} after its last value. */
    private boolean isLive(Sample s, long nowMs) {
        return s.windowStart != Long.MIN_VALUE && nowMs - s.lastEventMs < samplesConfigured * windowMs;
    }

    /** Guarded by the stat's monitor. */
    private static final class Sample {
        long windowStart = Long.MIN_VALUE;
        long lastEventMs = Long.MIN_VALUE;
        long count;
        double sum;
        double max = Double.NEGATIVE_INFINITY;
    }
}
