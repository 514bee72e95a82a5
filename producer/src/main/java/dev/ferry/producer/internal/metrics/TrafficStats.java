package dev.ferry.producer.internal.metrics;

import java.util.Map;

/**
 * The traffic kafka-clients' {@code Selector} measures, over all connections ({@code producer-metrics})
 * or one node's ({@code producer-node-metrics}): bytes out and in, requests with their sizes, responses.
 *
 * <p>Thread safety: recorded on the I/O thread, read from any thread.
 */
final class TrafficStats {
    private final WindowedStat bytesSent;
    private final WindowedStat bytesReceived;
    /** One value per request: its frame size. */
    private final WindowedStat requests;

    private final WindowedStat responses;

    TrafficStats(long windowMs, int samples) {
        bytesSent = new WindowedStat(windowMs, samples);
        bytesReceived = new WindowedStat(windowMs, samples);
        requests = new WindowedStat(windowMs, samples);
        responses = new WindowedStat(windowMs, samples);
    }

    void bytesSent(long bytes, long nowMs) {
        bytesSent.record(bytes, nowMs);
    }

    void requestSent(long frameBytes, long nowMs) {
        requests.record(frameBytes, nowMs);
    }

    void bytesReceived(long bytes, long nowMs) {
        bytesReceived.record(bytes, nowMs);
    }

    void responseReceived(long frameBytes, long nowMs) {
        responses.record(frameBytes, nowMs);
    }

    /** Puts the values under kafka-clients' names. */
    void putInto(Map<String, Double> m, long nowMs) {
        bytesSent.putRateAndTotal(m, "outgoing-byte", nowMs);
        bytesReceived.putRateAndTotal(m, "incoming-byte", nowMs);
        m.put("request-rate", requests.countRate(nowMs));
        m.put("request-total", (double) requests.totalCount());
        requests.putAvgAndMax(m, "request-size", nowMs);
        m.put("response-rate", responses.countRate(nowMs));
        m.put("response-total", (double) responses.totalCount());
    }
}
