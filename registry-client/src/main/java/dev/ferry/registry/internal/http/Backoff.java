package dev.ferry.registry.internal.http;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: before retry {@code n} (0-based) waits a random time between half
 * and all of {@code min(initial * 2^n, max)}, or the server's {@code Retry-After} capped at max.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    public Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return Duration.ofMillis(Math.min(retryAfter.toMillis(), maxMillis));
        }
        long capped = retry >= 31 || initialMillis > (maxMillis >> retry) ? maxMillis : initialMillis << retry;
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
