package dev.ferry.registry.internal.cache;

import dev.ferry.common.internal.Backoff;
import dev.ferry.registry.SchemaRegistryConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What the {@link RefreshingCache}s of one client share.
 *
 * @param ttl       how long a value is served before a read starts its refresh; empty: never refreshed
 * @param clock     the time the ages and backoffs are measured in
 * @param refresher runs the refreshes, off the callers' threads
 * @param backoff   the wait after a failed refresh before a read starts the next one
 * @param monitor   counts, logs and tells the listener how refreshes fare
 * @param maxWait   bound on a caller waiting for another caller's first fetch of the same key
 */
public record RefreshPolicy(
        Optional<Duration> ttl,
        InstantSource clock,
        Executor refresher,
        Backoff backoff,
        RefreshMonitor monitor,
        Duration maxWait) {

    /**
     * A client's policy as its configuration sets it: {@code latest.cache.ttl.sec}, the client's clock
     * and listener, and a failed refresh backing off as a failed request retries.
     */
    public static RefreshPolicy of(SchemaRegistryConfig config, Executor refresher, Duration maxWait) {
        return new RefreshPolicy(
                config.latestCacheTtl(),
                config.clock(),
                refresher,
                Backoff.withJitter(
                        config.retryWait().toMillis(), config.retryMaxWait().toMillis()),
                new RefreshMonitor(config.clock(), config.listener()),
                maxWait);
    }
}
