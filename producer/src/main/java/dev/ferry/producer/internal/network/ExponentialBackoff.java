package dev.ferry.producer.internal.network;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code base * 2^attempts}, capped, with ±20 % jitter so that many clients do not retry in step —
 * the rule kafka-clients applies to reconnects and retries.
 */
public record ExponentialBackoff(long baseMs, long maxMs) {
    private static final double JITTER = 0.2;

    public ExponentialBackoff {
        if (baseMs < 0 || maxMs < 0) {
            throw new IllegalArgumentException("backoff must not be negative: base " + baseMs + " ms, max " + maxMs + " ms");
        }
    }

    public long backoffMs(int attempts) {
        if (attempts <= 0 || baseMs == 0) {
            return baseMs;
        }
        long ceiling = Math.max(baseMs, maxMs);
        double exponential = Math.min(ceiling, baseMs * Math.pow(2, Math.min(attempts, 30)));
        double jitter = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Math.min(ceiling, (long) (exponential * jitter));
    }
}
