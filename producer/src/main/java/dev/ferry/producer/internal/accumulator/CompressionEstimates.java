package dev.ferry.producer.internal.accumulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each topic's estimated compressed-to-uncompressed ratio, which sizes its next batches, moved as
 * kafka-clients' {@code CompressionRatioEstimator} moves it: at once (at least 0.05) when a batch
 * compressed worse, by at most 0.005 per batch when better. Batches then fill as the Java client's
 * do, and one batch that compressed unusually well does not let the next take many times what its
 * buffer holds compressed.
 *
 * <p>Thread-safety: {@link #record} is called by the I/O thread only, the one writer; senders read
 * with {@link #ratio}. A known topic costs a look-up and a volatile write, not a map update with a
 * boxed value.
 */
final class CompressionEstimates {
    private static final float IMPROVING_STEP = 0.005f;
    private static final float DETERIORATE_STEP = 0.05f;

    private final ConcurrentMap<String, Estimate> byTopic = new ConcurrentHashMap<>();

    /** The ratio at which the topic's next batch is filled: 1.0 until a batch of it was recorded. */
    float ratio(String topic) {
        Estimate estimate = byTopic.get(topic);
        return estimate == null ? 1.0f : estimate.ratio;
    }

    /** Moves the topic's estimate towards the ratio a batch of it just compressed to. */
    void record(String topic, float observed) {
        Estimate estimate = byTopic.get(topic);
        if (estimate == null) {
            estimate = byTopic.computeIfAbsent(topic, ignored -> new Estimate());
        }
        float current = estimate.ratio;
        if (observed > current) {
            estimate.ratio = Math.max(current + DETERIORATE_STEP, observed);
        } else if (observed < current) {
            estimate.ratio = Math.max(current - IMPROVING_STEP, observed);
        }
    }

    private static final class Estimate {
        volatile float ratio = 1.0f;
    }
}
