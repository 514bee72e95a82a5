package dev.ferry.registry.internal.cache;

import dev.ferry.registry.RefreshFailure;
import dev.ferry.registry.RefreshStats;
import dev.ferry.registry.SchemaRegistryListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the refreshes of one client fare: counts them for {@link RefreshStats}, logs an outage once
 * (a WARN at its first failed refresh, an INFO when the registry answers again; the failures in
 * between at DEBUG) and tells the {@link SchemaRegistryListener}. Thread-safe.
 */
public final class RefreshMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshMonitor.class);
    private static final long NEVER = Long.MIN_VALUE;

    private final InstantSource clock;
    private final SchemaRegistryListener listener;
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final AtomicLong lastSuccessMillis = new AtomicLong(NEVER);
    /** The first failed refresh of the outage going on, or NEVER when the last answer was a success. */
    private final AtomicLong unreachableSinceMillis = new AtomicLong(NEVER);

    public RefreshMonitor(InstantSource clock, SchemaRegistryListener listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** A read was answered with a value past its time to live. */
    public void servedStale() {
        staleServed.increment();
    }

    /** The registry gave a value: a first fetch, or a refresh. */
    public void fetched(boolean refresh) {
        lastSuccessMillis.accumulateAndGet(clock.millis(), Math::max);
        if (refresh) {
            refreshes.increment();
        }
        answered();
    }

    /** The registry answered (a value, or that it no longer has one): any outage is over. */
    public void answered() {
        if (unreachableSinceMillis.get() == NEVER) {
            return;
        }
        long since = unreachableSinceMillis.getAndSet(NEVER);
        if (since != NEVER) {
            Duration outage = Duration.ofMillis(Math.max(0, clock.millis() - since));
            LOG.info(
                    "Schema registry answers again after {} s: values past latest.cache.ttl.sec are refreshed again",
                    outage.toSeconds());
            tell(l -> l.onRecovered(outage));
        }
    }

    /** A refresh failed and its key will be tried again from {@code nextAttempt}. */
    public void refreshFailed(
            String what, String key, RuntimeException error, int consecutiveFailures, Instant nextAttempt) {
        refreshFailures.increment();
        long now = clock.millis();
        boolean first = unreachableSinceMillis.compareAndSet(NEVER, now);
        long since = first ? now : unreachableSinceMillis.get();
        if (first) {
            LOG.warn(
                    "Schema registry unreachable: serving the last known values past latest.cache.ttl.sec and "
                            + "refreshing them in the background until it answers (logged once per outage); refreshing the "
                            + "{} failed: {}",
                    describe(what, key),
                    error.getMessage());
        } else {
            LOG.debug(
                    "Refreshing the {} failed ({} in a row; next attempt from {}): {}",
                    describe(what, key),
                    consecutiveFailures,
                    nextAttempt,
                    error.getMessage());
        }
        RefreshFailure failure = new RefreshFailure(
                what, key, error, consecutiveFailures, nextAttempt, Instant.ofEpochMilli(since == NEVER ? now : since));
        tell(l -> l.onRefreshFailed(failure));
    }

    private static String describe(String what, String key) {
        return key.isEmpty() ? "registry-wide " + what : what + " of subject '" + key + "'";
    }

    public RefreshStats stats() {
        return new RefreshStats(
                staleServed.sum(),
                refreshes.sum(),
                refreshFailures.sum(),
                instant(lastSuccessMillis.get()),
                instant(unreachableSinceMillis.get()));
    }

    private static Optional<Instant> instant(long millis) {
        return millis == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private void tell(Consumer<SchemaRegistryListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            // A listener must not stop refreshes, nor reach the caller whose read started one.
            LOG.warn("SchemaRegistryListener {} failed: {}", listener.getClass().getName(), e.toString());
        }
    }
}
