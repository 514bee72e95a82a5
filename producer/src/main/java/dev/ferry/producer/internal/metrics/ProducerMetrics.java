package dev.ferry.producer.internal.metrics;

import dev.ferry.producer.internal.buffer.BufferPool;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The producer's metrics under kafka-clients' names ({@code record-send-rate},
 * {@code request-latency-avg}, ...), recorded cheaply from the I/O thread and the sending threads,
 * and read as a name → value snapshot by {@code Producer.metrics()}.
 *
 * <p>Rates, averages and maxima cover the last {@code samples × windowMs} (kafka-clients' defaults:
 * 2 × 30 s); totals count since start. An average or maximum with no recorded value is NaN, as in
 * kafka-clients.
 *
 * <p>Thread safety: recording is lock-free and thread-safe; {@link #snapshot()} may run concurrently.
 */
public final class ProducerMetrics {
    public static final long DEFAULT_WINDOW_MS = 30_000;
    public static final int DEFAULT_SAMPLES = 2;

    private final LongSupplier clockMs;
    private final WindowedStat recordSends;
    private final WindowedStat recordErrors;
    private final WindowedStat recordRetries;
    private final WindowedStat recordSizes;
    private final WindowedStat requestLatency;
    private final WindowedStat batchSizes;
    private final WindowedStat compressionRates;
    private final WindowedStat recordQueueTimes;
    private final WindowedStat recordsPerRequest;
    private final WindowedStat throttleTimes;
    private final WindowedStat bufferExhausted;
    private final LongAdder recordSendTotal = new LongAdder();
    private final LongAdder recordErrorTotal = new LongAdder();
    private final LongAdder recordRetryTotal = new LongAdder();
    private final LongAdder requestTotal = new LongAdder();
    private final LongAdder bufferExhaustedTotal = new LongAdder();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    /** With kafka-clients' default windows (2 samples of 30 s). */
    public ProducerMetrics(LongSupplier clockMs) {
        this(clockMs, DEFAULT_WINDOW_MS, DEFAULT_SAMPLES);
    }

    public ProducerMetrics(LongSupplier clockMs, long windowMs, int samples) {
        this.clockMs = clockMs;
        this.recordSends = new WindowedStat(windowMs, samples);
        this.recordErrors = new WindowedStat(windowMs, samples);
        this.recordRetries = new WindowedStat(windowMs, samples);
        this.recordSizes = new WindowedStat(windowMs, samples);
        this.requestLatency = new WindowedStat(windowMs, samples);
        this.batchSizes = new WindowedStat(windowMs, samples);
        this.compressionRates = new WindowedStat(windowMs, samples);
        this.recordQueueTimes = new WindowedStat(windowMs, samples);
        this.recordsPerRequest = new WindowedStat(windowMs, samples);
        this.throttleTimes = new WindowedStat(windowMs, samples);
        this.bufferExhausted = new WindowedStat(windowMs, samples);
        gauge("requests-in-flight", requestsInFlight::get);
    }

    /** {@code records} records were acknowledged: record-send-rate / -total. */
    public void recordSends(int records) {
        recordSends.record(records, clockMs.getAsLong());
        recordSendTotal.add(records);
    }

    /** {@code records} records failed for good: record-error-rate / -total. */
    public void recordErrors(int records) {
        recordErrors.record(records, clockMs.getAsLong());
        recordErrorTotal.add(records);
    }

    /** {@code records} records are being retried: record-retry-rate / -total. */
    public void recordRetries(int records) {
        recordRetries.record(records, clockMs.getAsLong());
        recordRetryTotal.add(records);
    }

    /** A record of {@code bytes} was appended: record-size-avg / -max. */
    public void recordRecordSize(int bytes) {
        recordSizes.record(bytes, clockMs.getAsLong());
    }

    /**
     * A batch was drained into a request: batch-size-avg / -max, compression-rate-avg (compressed
     * over uncompressed size), record-queue-time-avg / -max (from batch creation to drain).
     */
    public void recordBatch(int sizeBytes, double compressionRate, long queueTimeMs) {
        long now = clockMs.getAsLong();
        batchSizes.record(sizeBytes, now);
        compressionRates.record(compressionRate, now);
        recordQueueTimes.record(queueTimeMs, now);
    }

    /** A produce request with {@code records} records was sent: records-per-request-avg, requests-in-flight. */
    public void recordRequestSent(int records) {
        recordsPerRequest.record(records, clockMs.getAsLong());
        requestTotal.increment();
        requestsInFlight.incrementAndGet();
    }

    /** A produce request completed (answered, failed or timed out) after {@code latencyMs}: request-latency-avg / -max. */
    public void recordRequestCompleted(long latencyMs) {
        requestsInFlight.decrementAndGet();
        requestLatency.record(latencyMs, clockMs.getAsLong());
    }

    /** A response carried a throttle time: produce-throttle-time-avg / -max. */
    public void recordThrottleTime(long throttleMs) {
        throttleTimes.record(throttleMs, clockMs.getAsLong());
    }

    /** A send gave up waiting for buffer memory: buffer-exhausted-rate / -total. */
    public void recordBufferExhausted() {
        bufferExhausted.record(1, clockMs.getAsLong());
        bufferExhaustedTotal.increment();
    }

    /** Exposes the pool's gauges: buffer-available-bytes, buffer-total-bytes, bufferpool-wait-time-ns-total, waiting-threads. */
    public void bindBufferPool(BufferPool pool) {
        gauge("buffer-available-bytes", pool::availableMemory);
        gauge("buffer-total-bytes", pool::totalMemory);
        gauge("bufferpool-wait-time-ns-total", pool::waitTimeNanosTotal);
        gauge("waiting-threads", pool::queued);
    }

    /** Adds or replaces a value read at snapshot time. */
    public void gauge(String name, DoubleSupplier value) {
        gauges.put(name, value);
    }

    /** Every metric by its kafka-clients name, sorted by name. */
    public Map<String, Double> snapshot() {
        long now = clockMs.getAsLong();
        Map<String, Double> m = new TreeMap<>();
        m.put("record-send-rate", recordSends.rate(now));
        m.put("record-send-total", recordSendTotal.doubleValue());
        m.put("record-error-rate", recordErrors.rate(now));
        m.put("record-error-total", recordErrorTotal.doubleValue());
        m.put("record-retry-rate", recordRetries.rate(now));
        m.put("record-retry-total", recordRetryTotal.doubleValue());
        m.put("record-size-avg", recordSizes.avg(now));
        m.put("record-size-max", recordSizes.max(now));
        m.put("request-latency-avg", requestLatency.avg(now));
        m.put("request-latency-max", requestLatency.max(now));
        m.put("request-total", requestTotal.doubleValue());
        m.put("batch-size-avg", batchSizes.avg(now));
        m.put("batch-size-max", batchSizes.max(now));
        m.put("compression-rate-avg", compressionRates.avg(now));
        m.put("record-queue-time-avg", recordQueueTimes.avg(now));
        m.put("record-queue-time-max", recordQueueTimes.max(now));
        m.put("records-per-request-avg", recordsPerRequest.avg(now));
        m.put("produce-throttle-time-avg", throttleTimes.avg(now));
        m.put("produce-throttle-time-max", throttleTimes.max(now));
        m.put("buffer-exhausted-rate", bufferExhausted.rate(now));
        m.put("buffer-exhausted-total", bufferExhaustedTotal.doubleValue());
        gauges.forEach((name, value) -> m.put(name, value.getAsDouble()));
        return m;
    }
}
