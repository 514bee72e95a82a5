package dev.ferry.producer.internal.metrics;

import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.network.NetworkMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The producer's metrics under kafka-clients' names ({@code record-send-rate},
 * {@code request-latency-avg}, ...), recorded cheaply from the I/O thread and the sending threads,
 * and read as a name → value snapshot by {@code Producer.metrics()}.
 *
 * <p>Rates, averages and maxima cover the last {@code samples × windowMs} (kafka-clients' defaults:
 * 2 × 30 s); totals count since start. An average or maximum with no recorded value is NaN, as in
 * kafka-clients.
 *
 * <p>Besides the producer-wide metrics ({@code producer-metrics} in kafka-clients' JMX tree) it
 * keeps kafka-clients' per-topic ({@code producer-topic-metrics}) and per-broker
 * ({@code producer-node-metrics}) ones, each a {@link Scope} created when first recorded and
 * announced to the {@link ScopeListener}, so a reporter can publish it.
 *
 * <p>It is also the network client's {@link NetworkMetrics}: kafka-clients' {@code Selector} metrics
 * (bytes, requests and responses of every kind, connections, selects and I/O time), producer-wide
 * and per node.
 *
 * <p>Thread safety: recording is thread-safe (each statistic under its own monitor); {@link #snapshot()}
 * may run concurrently.
 */
public final class ProducerMetrics implements NetworkMetrics {
    private static final double NANOS_PER_SECOND = 1e9;

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
    private final WindowedStat batchSplits;
    private final WindowedStat bufferPoolWaitNs;
    private final TrafficStats traffic;
    /** One value per read or write that moved bytes. */
    private final WindowedStat networkIo;

    private final WindowedStat connectionsCreated;
    private final WindowedStat connectionsClosed;
    private final AtomicInteger connections = new AtomicInteger();
    /** One value per select: the nanoseconds it blocked. */
    private final WindowedStat selectNs;

    private final WindowedStat ioNs;
    private final WindowedStat successfulAuthentications;
    private final WindowedStat failedAuthentications;
    private final LongAdder flushTimeNs = new LongAdder();
    private final LongAdder metadataWaitTimeNs = new LongAdder();
    private final Map<TransactionCall, LongAdder> transactionTimeNs = new java.util.EnumMap<>(TransactionCall.class);

    /** The transactional calls whose blocking time kafka-clients reports as {@code txn-<call>-time-ns-total}. */
    public enum TransactionCall {
        INIT("txn-init-time-ns-total"),
        BEGIN("txn-begin-time-ns-total"),
        SEND_OFFSETS("txn-send-offsets-time-ns-total"),
        COMMIT("txn-commit-time-ns-total"),
        ABORT("txn-abort-time-ns-total");

        private final String metricName;

        TransactionCall(String metricName) {
            this.metricName = metricName;
        }
    }

    private final AtomicInteger requestsInFlight = new AtomicInteger();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final long windowMs;
    private final int samples;
    private final Map<String, TopicMetrics> topics = new ConcurrentHashMap<>();
    private final Map<Integer, NodeMetrics> nodes = new ConcurrentHashMap<>();
    /** Guards the scope list and the listeners, so a listener added late still hears every scope once. */
    private final Object scopeLock = new Object();

    private final List<Scope> scopes = new ArrayList<>();
    private final List<ScopeListener> scopeListeners = new ArrayList<>();

    /**
     * A group of metrics under one JMX name, as kafka-clients groups them.
     *
     * @param group  kafka-clients' metric group, the MBean's {@code type}
     * @param tags   the tags besides {@code client-id}, in ObjectName order ({@code topic}, {@code node-id})
     * @param values the metrics by name, computed when called
     */
    public record Scope(String group, Map<String, String> tags, Supplier<Map<String, Double>> values) {}

    /** Hears of each scope once, on the thread that first recorded into it. */
    public interface ScopeListener {
        void scopeAdded(Scope scope);
    }

    /** With kafka-clients' default windows (2 samples of 30 s). */
    public ProducerMetrics(LongSupplier clockMs) {
        this(clockMs, DEFAULT_WINDOW_MS, DEFAULT_SAMPLES);
    }

    public ProducerMetrics(LongSupplier clockMs, long windowMs, int samples) {
        this.clockMs = clockMs;
        this.windowMs = windowMs;
        this.samples = samples;
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
        this.batchSplits = new WindowedStat(windowMs, samples);
        this.bufferPoolWaitNs = new WindowedStat(windowMs, samples);
        this.traffic = new TrafficStats(windowMs, samples);
        this.networkIo = new WindowedStat(windowMs, samples);
        this.connectionsCreated = new WindowedStat(windowMs, samples);
        this.connectionsClosed = new WindowedStat(windowMs, samples);
        this.selectNs = new WindowedStat(windowMs, samples);
        this.ioNs = new WindowedStat(windowMs, samples);
        this.successfulAuthentications = new WindowedStat(windowMs, samples);
        this.failedAuthentications = new WindowedStat(windowMs, samples);
        for (TransactionCall call : TransactionCall.values()) {
            transactionTimeNs.put(call, new LongAdder());
        }
        gauge("requests-in-flight", requestsInFlight::get);
        gauge("connection-count", connections::get);
        addScope(new Scope("producer-metrics", Map.of(), this::snapshot));
    }

    /** Adds a listener and tells it, before returning, every scope that exists already. */
    public void addScopeListener(ScopeListener listener) {
        synchronized (scopeLock) {
            scopeListeners.add(listener);
            scopes.forEach(listener::scopeAdded);
        }
    }

    private void addScope(Scope scope) {
        synchronized (scopeLock) {
            scopes.add(scope);
            scopeListeners.forEach(listener -> listener.scopeAdded(scope));
        }
    }

    private TopicMetrics topic(String topic) {
        TopicMetrics existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicMetrics created = new TopicMetrics(windowMs, samples);
        existing = topics.putIfAbsent(topic, created);
        if (existing != null) {
            return existing;
        }
        addScope(new Scope(
                "producer-topic-metrics", Map.of("topic", topic), () -> created.snapshot(clockMs.getAsLong())));
        return created;
    }

    private NodeMetrics nodeMetrics(int nodeId) {
        NodeMetrics existing = nodes.get(nodeId);
        if (existing != null) {
            return existing;
        }
        NodeMetrics created = new NodeMetrics();
        existing = nodes.putIfAbsent(nodeId, created);
        if (existing != null) {
            return existing;
        }
        addScope(new Scope(
                "producer-node-metrics",
                Map.of("node-id", "node-" + nodeId),
                () -> created.snapshot(clockMs.getAsLong())));
        return created;
    }

    /**
     * A batch of {@code records} records of {@code topic} went out in a produce request (again, if
     * retried), as kafka-clients counts them: record-send-rate / -total, for the producer and the topic.
     */
    public void recordSends(String topic, int records) {
        long now = clockMs.getAsLong();
        recordSends.record(records, now);
        topic(topic).sends.record(records, now);
    }

    /** {@code records} records of {@code topic} failed for good: record-error-rate / -total. */
    public void recordErrors(String topic, int records) {
        long now = clockMs.getAsLong();
        recordErrors.record(records, now);
        topic(topic).errors.record(records, now);
    }

    /** {@code records} records of {@code topic} are being retried: record-retry-rate / -total. */
    public void recordRetries(String topic, int records) {
        long now = clockMs.getAsLong();
        recordRetries.record(records, now);
        topic(topic).retries.record(records, now);
    }

    /**
     * A batch's records, when it is first sent: record-size-avg / -max. Counted per batch, as
     * kafka-clients does, so that {@code send()} pays for no metric; records that fail before
     * their batch is sent are not counted.
     */
    public void recordRecordSizes(int records, long totalBytes, int maxBytes) {
        recordSizes.recordAll(records, totalBytes, maxBytes, clockMs.getAsLong());
    }

    /**
     * A batch was drained into a request: batch-size-avg / -max, compression-rate-avg (compressed
     * over uncompressed size), record-queue-time-avg / -max (from batch creation to drain).
     */
    public void recordBatch(String topic, int sizeBytes, double compressionRate, long queueTimeMs) {
        long now = clockMs.getAsLong();
        batchSizes.record(sizeBytes, now);
        compressionRates.record(compressionRate, now);
        recordQueueTimes.record(queueTimeMs, now);
        TopicMetrics topicMetrics = topic(topic);
        topicMetrics.bytes.record(sizeBytes, now);
        topicMetrics.compressionRates.record(compressionRate, now);
    }

    /** A produce request with {@code records} records was sent: records-per-request-avg, requests-in-flight. */
    public void recordRequestSent(int records) {
        recordsPerRequest.record(records, clockMs.getAsLong());
        requestsInFlight.incrementAndGet();
    }

    /**
     * A produce request to broker {@code nodeId} completed (answered, failed or timed out) after
     * {@code latencyMs}: request-latency-avg / -max, for the producer and the broker.
     */
    public void recordRequestCompleted(int nodeId, long latencyMs) {
        long now = clockMs.getAsLong();
        requestsInFlight.decrementAndGet();
        requestLatency.record(latencyMs, now);
        nodeMetrics(nodeId).requestLatency.record(latencyMs, now);
    }

    /** A response carried a throttle time: produce-throttle-time-avg / -max. */
    public void recordThrottleTime(long throttleMs) {
        throttleTimes.record(throttleMs, clockMs.getAsLong());
    }

    /** A send gave up waiting for buffer memory: buffer-exhausted-rate / -total. */
    public void recordBufferExhausted() {
        bufferExhausted.record(1, clockMs.getAsLong());
    }

    /** A sending thread waited {@code nanos} for buffer memory: bufferpool-wait-ratio. */
    public void recordBufferPoolWait(long nanos) {
        bufferPoolWaitNs.record(nanos, clockMs.getAsLong());
    }

    /**
     * A connection's authentication ended, as kafka-clients' {@code Selector} counts it: once per
     * connection when its TLS handshake and SASL exchange (whichever it has) are done, or when either
     * is refused. successful-authentication-rate / -total, successful-authentication-no-reauth-total
     * (every success: Ferry, like kafka-clients' client side, never re-authenticates a connection),
     * failed-authentication-rate / -total.
     */
    public void recordAuthentication(boolean succeeded) {
        (succeeded ? successfulAuthentications : failedAuthentications).record(1, clockMs.getAsLong());
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionEstablished() {
        connectionsCreated.record(1, clockMs.getAsLong());
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
        connectionsClosed.record(1, clockMs.getAsLong());
    }

    @Override
    public void polled(long selectNanos, long ioNanos) {
        long now = clockMs.getAsLong();
        selectNs.record(selectNanos, now);
        ioNs.record(ioNanos, now);
    }

    @Override
    public NetworkMetrics.Node node(int nodeId) {
        return nodeMetrics(nodeId);
    }

    /** A batch the broker refused as too large was split: batch-split-rate / -total. */
    public void recordBatchSplit() {
        batchSplits.record(1, clockMs.getAsLong());
    }

    /** {@code flush()} blocked for {@code nanos}: flush-time-ns-total. */
    public void recordFlushTime(long nanos) {
        flushTimeNs.add(nanos);
    }

    /** {@code send()} waited {@code nanos} for the topic's metadata: metadata-wait-time-ns-total. */
    public void recordMetadataWait(long nanos) {
        metadataWaitTimeNs.add(nanos);
    }

    /** A transactional call blocked for {@code nanos}: txn-init-time-ns-total, txn-commit-time-ns-total, ... */
    public void recordTransactionTime(TransactionCall call, long nanos) {
        transactionTimeNs.get(call).add(nanos);
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
        recordSends.putRateAndTotal(m, "record-send", now);
        recordErrors.putRateAndTotal(m, "record-error", now);
        recordRetries.putRateAndTotal(m, "record-retry", now);
        recordSizes.putAvgAndMax(m, "record-size", now);
        requestLatency.putAvgAndMax(m, "request-latency", now);
        batchSizes.putAvgAndMax(m, "batch-size", now);
        m.put("compression-rate-avg", compressionRates.avg(now));
        recordQueueTimes.putAvgAndMax(m, "record-queue-time", now);
        m.put("records-per-request-avg", recordsPerRequest.avg(now));
        throttleTimes.putAvgAndMax(m, "produce-throttle-time", now);
        bufferExhausted.putRateAndTotal(m, "buffer-exhausted", now);
        batchSplits.putRateAndTotal(m, "batch-split", now);
        m.put("flush-time-ns-total", flushTimeNs.doubleValue());
        m.put("metadata-wait-time-ns-total", metadataWaitTimeNs.doubleValue());
        m.put("bufferpool-wait-ratio", bufferPoolWaitNs.rate(now) / NANOS_PER_SECOND);
        traffic.putInto(m, now);
        networkIo.putRateAndTotal(m, "network-io", now);
        connectionsCreated.putRateAndTotal(m, "connection-creation", now);
        connectionsClosed.putRateAndTotal(m, "connection-close", now);
        m.put("select-rate", selectNs.countRate(now));
        m.put("select-total", (double) selectNs.totalCount());
        putTime(m, "io-wait", selectNs, now);
        putTime(m, "io", ioNs, now);
        successfulAuthentications.putRateAndTotal(m, "successful-authentication", now);
        m.put("successful-authentication-no-reauth-total", successfulAuthentications.total());
        failedAuthentications.putRateAndTotal(m, "failed-authentication", now);
        transactionTimeNs.forEach((call, nanos) -> m.put(call.metricName, nanos.doubleValue()));
        gauges.forEach((name, value) -> m.put(name, value.getAsDouble()));
        return m;
    }

    /** kafka-clients' {@code Selector} times: {@code <name>-time-ns-avg}, {@code -total}, and {@code <name>-ratio}, the share of wall time. */
    private static void putTime(Map<String, Double> m, String name, WindowedStat nanos, long now) {
        m.put(name + "-time-ns-avg", nanos.avg(now));
        m.put(name + "-time-ns-total", nanos.total());
        m.put(name + "-ratio", nanos.rate(now) / NANOS_PER_SECOND);
    }

    /** kafka-clients' {@code producer-topic-metrics} of one topic. */
    private static final class TopicMetrics {
        final WindowedStat sends;
        final WindowedStat bytes;
        final WindowedStat compressionRates;
        final WindowedStat retries;
        final WindowedStat errors;

        TopicMetrics(long windowMs, int samples) {
            sends = new WindowedStat(windowMs, samples);
            bytes = new WindowedStat(windowMs, samples);
            compressionRates = new WindowedStat(windowMs, samples);
            retries = new WindowedStat(windowMs, samples);
            errors = new WindowedStat(windowMs, samples);
        }

        Map<String, Double> snapshot(long now) {
            Map<String, Double> m = new TreeMap<>();
            sends.putRateAndTotal(m, "record-send", now);
            bytes.putRateAndTotal(m, "byte", now);
            m.put("compression-rate", compressionRates.avg(now));
            retries.putRateAndTotal(m, "record-retry", now);
            errors.putRateAndTotal(m, "record-error", now);
            return m;
        }
    }

    /** One of {@link TrafficStats}' recording methods, so a node records into its stats and the producer's alike. */
    private interface TrafficEvent {
        void record(TrafficStats stats, long value, long nowMs);
    }

    /**
     * kafka-clients' {@code producer-node-metrics} of one node (a bootstrap server's negative id
     * included, as kafka-clients names it): the produce requests' latency, which the sender records,
     * and the node's traffic, which the network client records into it and the producer-wide totals.
     */
    private final class NodeMetrics implements NetworkMetrics.Node {
        final WindowedStat requestLatency = new WindowedStat(windowMs, samples);
        final TrafficStats nodeTraffic = new TrafficStats(windowMs, samples);

        @Override
        public void bytesSent(long bytes) {
            networkIo.record(1, record(TrafficStats::bytesSent, bytes));
        }

        @Override
        public void requestSent(long frameBytes) {
            record(TrafficStats::requestSent, frameBytes);
        }

        @Override
        public void bytesReceived(long bytes) {
            record(TrafficStats::bytesReceived, bytes);
        }

        /**
         * A read operation per response, as kafka-clients' {@code Selector} counts one per receive (it
         * reads at most one response a read); one read here takes every response that has arrived.
         */
        @Override
        public void responseReceived(long frameBytes) {
            networkIo.record(1, record(TrafficStats::responseReceived, frameBytes));
        }

        /** Records into the node's traffic and the producer-wide one; returns the time recorded at. */
        private long record(TrafficEvent event, long value) {
            long now = clockMs.getAsLong();
            event.record(nodeTraffic, value, now);
            event.record(traffic, value, now);
            return now;
        }

        Map<String, Double> snapshot(long now) {
            Map<String, Double> m = new TreeMap<>();
            requestLatency.putAvgAndMax(m, "request-latency", now);
            nodeTraffic.putInto(m, now);
            return m;
        }
    }
}
