package dev.ferry.common.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one backoff with jitter of every Ferry module, as kafka-clients computes it: before retry (or
 * reconnect) number {@code attempts} wait {@code initial × 2^attempts}, capped at {@code max}, times
 * a random factor in {@code [1 - jitter, 1 + jitter)} so clients do not retry in lockstep. With
 * {@code max} below {@code initial}, {@code max} is a constant backoff. The producer uses it for
 * {@code retry.backoff.ms}, reconnects and connection set-up; the registry client for
 * {@code retries.wait.ms} and its background refreshes.
 *
 * <pre>{@code
 * var backoff = Backoff.withJitter(config.retryBackoffMs(), config.retryBackoffMaxMs());
 * long waitMs = backoff.backoffMs(batch.attempts());
 * }</pre>
 *
 * <p>Thread safety: immutable; the random source must be thread-safe.
 */
public final class Backoff {
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
    public Backoff(long initialMs, long maxMs, double jitter, DoubleSupplier random) {
        this.initialMs = Math.min(initialMs, maxMs);
        this.maxMs = maxMs;
        this.jitter = jitter;
        this.random = random;
        this.maxExponent =
                maxMs > initialMs ? Math.log(maxMs / (double) Math.max(initialMs, 1)) / Math.log(MULTIPLIER) : 0;
    }

    /** With kafka-clients' jitter and a thread-local random source. */
    public static Backoff withJitter(long initialMs, long maxMs) {
        return new Backoff(
                initialMs, maxMs, JITTER, () -> ThreadLocalRandom.current().nextDouble());
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

    /**
     * The wait before the next attempt: the server's own wait (an HTTP {@code Retry-After}) when it
     * gave one, capped at the maximum so a server cannot stall a caller beyond its configuration;
     * else {@link #backoffMs}.
     */
    public Duration delay(long attempts, Duration serverWait) {
        return serverWait != null
                ? Duration.ofMillis(Math.min(serverWait.toMillis(), maxMs))
                : Duration.ofMillis(backoffMs(attempts));
    }
}
