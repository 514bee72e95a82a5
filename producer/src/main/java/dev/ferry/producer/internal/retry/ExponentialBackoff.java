package dev.ferry.producer.internal.retry;

import java.util.function.DoubleSupplier;

/**
 * The backoff before retry (or reconnect) number {@code attempts}, as kafka-clients computes it:
 * {@code initial × 2^attempts}, capped at {@code max}, times a random factor in
 * {@code [1 - jitter, 1 + jitter)} so clients do not retry in lockstep. With {@code max} below
 * {@code initial}, {@code max} is a constant backoff.
 *
 * <pre>{@code
 * var backoff = ExponentialBackoff.forRetries(config.retryBackoffMs(), config.retryBackoffMaxMs());
 * long waitMs = backoff.backoffMs(batch.attempts());
 * }</pre>
 *
 * <p>Thread safety: immutable; the random source must be thread-safe.
 */
public final class ExponentialBackoff {
    /** kafka-clients' multiplier and jitter for retry and reconnect backoff. */
    public static final int MULTIPLIER = 2;
    public static final double JITTER = 0.2;

    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final double maxExponent;
    private final DoubleSupplier random;

    /**
     * @param random uniform numbers in {@code [0, 1)} (injected so tests are deterministic)
     */
    public ExponentialBackoff(long initialMs, long maxMs, double jitter, DoubleSupplier random) {
        this.initialMs = Math.min(initialMs, maxMs);
        this.maxMs = maxMs;
        this.jitter = jitter;
        this.random = random;
        this.maxExponent = maxMs > initialMs
                ? Math.log(maxMs / (double) Math.max(initialMs, 1)) / Math.log(MULTIPLIER) : 0;
    }

    /** With kafka-clients' jitter and a thread-local random source. */
    public static ExponentialBackoff forRetries(long initialMs, long maxMs) {
        return new ExponentialBackoff(initialMs, maxMs, JITTER,
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** The backoff after {@code attempts} failed attempts (0 for the first retry). */
    public long backoffMs(long attempts) {
        if (maxExponent == 0) {
            return initialMs;
        }
        double term = initialMs * Math.pow(MULTIPLIER, Math.min(attempts, maxExponent));
        double factor = jitter < Double.MIN_NORMAL ? 1.0 : 1 - jitter + 2 * jitter * random.getAsDouble();
        return Math.min((long) (factor * term), maxMs);
    }
}
