package dev.ferry.producer.internal.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Count, sum and max of recorded values over the last time windows, as kafka-clients 4.x's sampled
 * stats compute them (30 s windows, 2 samples by default), so rates and
 * averages forget old values.
 *
 * <p>Recording takes no lock: adders per sample, a CAS to roll a sample over to a new window.
 * A value recorded by another thread at the very moment its sample rolls over may be lost; metrics
 * tolerate that, the hot path must not wait.
 *
 * <p>Thread safety: thread-safe.
 */
final class WindowedStat {
    private final long windowMs;
    private final int samplesConfigured;
    private final Sample[] samples;
    /** Sum of every value ever recorded, for the cumulative {@code -total} metrics. */
    private final DoubleAdder total = new DoubleAdder();

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
    void recordAll(long count, double sum, double max, long nowMs) {
        long windowStart = nowMs - Math.floorMod(nowMs, windowMs);
        Sample sample = samples[(int) Math.floorMod(nowMs / windowMs, (long) samples.length)];
        long start = sample.windowStart.get();
        if (start != windowStart && sample.windowStart.compareAndSet(start, windowStart)) {
            sample.reset();
        }
        sample.count.add(count);
        sample.sum.add(sum);
        total.add(sum);
        // Ordered writes and a CAS only for a new maximum: a full fence per value would cost more
        // than the rest of the recording.
        if (sample.lastEventMs.getPlain() != nowMs) {
            sample.lastEventMs.setRelease(nowMs);
        }
        raiseMax(sample.max, max);
    }

    private static void raiseMax(AtomicLong max, double value) {
        long current = max.get();
        while (value > Double.longBitsToDouble(current)) {
            if (max.compareAndSet(current, Double.doubleToRawLongBits(value))) {
                return;
            }
            current = max.get();
        }
    }

    /** Sum of every value recorded since start, as kafka-clients' {@code CumulativeSum}. */
    double total() {
        return total.sum();
    }

    /** Sum of values per second over the live windows, computed as kafka-clients' {@code Rate}. */
    double rate(long nowMs) {
        return rate(nowMs, false);
    }

    /** Values recorded per second over the live windows: kafka-clients' {@code Rate} over a {@code WindowedCount}. */
    double countRate(long nowMs) {
        return rate(nowMs, true);
    }

    private double rate(long nowMs, boolean countOnly) {
        double sum = 0;
        long oldest = nowMs;
        for (Sample s : samples) {
            if (isLive(s, nowMs)) {
                sum += countOnly ? s.count.sum() : s.sum.sum();
                oldest = Math.min(oldest, s.windowStart.get());
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
    double avg(long nowMs) {
        long count = 0;
        double sum = 0;
        for (Sample s : samples) {
            if (isLive(s, nowMs)) {
                count += s.count.sum();
                sum += s.sum.sum();
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Largest value in the live windows, or NaN if none. */
    double max(long nowMs) {
        double max = Double.NaN;
        for (Sample s : samples) {
            if (isLive(s, nowMs) && s.count.sum() > 0) {
                double m = Double.longBitsToDouble(s.max.get());
                max = Double.isNaN(max) ? m : Math.max(max, m);
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
        return s.windowStart.get() != Long.MIN_VALUE && nowMs - s.lastEventMs.get() < samplesConfigured * windowMs;
    }

    private static final class Sample {
        final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong lastEventMs = new AtomicLong(Long.MIN_VALUE);
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();
        final AtomicLong max = new AtomicLong(Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));

        void reset() {
            count.reset();
            sum.reset();
            max.set(Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY));
        }
    }
}
