package dev.ferry.registry.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferry.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values that change (the latest version of a subject), cached for a time to live and refreshed
 * ahead of expiry in the background. When a refresh fails retriably (the registry is unreachable),
 * the last known value keeps being served with one WARN per outage and key, and refreshes go on in
 * the background. Loads of one key are single-flight. Thread-safe.
 */
public final class LatestCache<V> {

    private static final Logger LOG = LoggerFactory.getLogger(LatestCache.class);
    /** Fraction of the time to live after which a read starts a background refresh. */
    private static final double REFRESH_AHEAD = 0.8;

    private record Entry<V>(V value, long fetchedAtMillis, long lastAttemptMillis, boolean stale) {
    }

    private final Cache<String, Entry<V>> entries;
    private final SingleFlightCache<String, V> loads;
    private final ConcurrentHashMap<String, Boolean> refreshing = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final long refreshAfterMillis;
    private final InstantSource clock;
    private final Executor refresher;
    private final String what;

    /**
     * @param ttl       empty: a value, once loaded, is never refreshed
     * @param refresher runs background refreshes
     * @param what      what the values are, for the log ("latest version of subject")
     */
    public LatestCache(int maximumSize, Optional<Duration> ttl, Duration maxWait, InstantSource clock,
            Executor refresher, String what) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.loads = new SingleFlightCache<>(maximumSize, maxWait);
        this.ttlMillis = ttl.map(Duration::toMillis).orElse(Long.MAX_VALUE);
        this.refreshAfterMillis = ttl.map(t -> (long) (t.toMillis() * REFRESH_AHEAD)).orElse(Long.MAX_VALUE);
        this.clock = clock;
        this.refresher = refresher;
        this.what = what;
    }

    public V get(String key, Function<String, V> loader) {
        Entry<V> entry = entries.getIfPresent(key);
        if (entry == null) {
            return loadNow(key, loader);
        }
        long now = clock.millis();
        long age = now - entry.fetchedAtMillis;
        if (age < refreshAfterMillis) {
            return entry.value;
        }
        if (age < ttlMillis) {
            maybeRefreshInBackground(key, entry, now, loader);
            return entry.value;
        }
        if (entry.stale) {
            maybeRefreshInBackground(key, entry, now, loader);
            return entry.value;
        }
        try {
            return loadNow(key, loader);
        } catch (SchemaRegistryException e) {
            if (!e.isRetriable()) {
                throw e;
            }
            markStale(key, entry, now, e);
            return entry.value;
        }
    }

    /** Stores a value known to be current (from a register or preload). */
    public void put(String key, V value) {
        long now = clock.millis();
        entries.put(key, new Entry<>(value, now, now, false));
    }

    public void invalidate(String key) {
        entries.invalidate(key);
        loads.invalidate(key);
    }

    private V loadNow(String key, Function<String, V> loader) {
        try {
            return loads.get(key, k -> {
                V value = loader.apply(k);
                stored(k, value);
                return value;
            });
        } finally {
            // The single-flight slot only joins concurrent callers; the value lives in entries.
            loads.invalidate(key);
        }
    }

    private void maybeRefreshInBackground(String key, Entry<V> entry, long now, Function<String, V> loader) {
        if (entry.stale && now - entry.lastAttemptMillis < refreshAfterMillis) {
            return;
        }
        if (refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        try {
            refresher.execute(() -> refreshInBackground(key, loader));
        } catch (RejectedExecutionException e) {
            refreshing.remove(key);
            LOG.debug("Background refresh of the {} '{}' rejected: {}", what, key, e.toString());
        }
    }

    private void refreshInBackground(String key, Function<String, V> loader) {
        try {
            stored(key, loader.apply(key));
        } catch (SchemaRegistryException e) {
            Entry<V> entry = entries.getIfPresent(key);
            if (entry == null) {
                return;
            }
            if (e.isRetriable()) {
                markStale(key, entry, clock.millis(), e);
            } else {
                LOG.debug("Background refresh of the {} '{}' failed: {}", what, key, e.getMessage());
                entries.asMap().remove(key, entry);
            }
        } finally {
            refreshing.remove(key);
        }
    }

    private void stored(String key, V value) {
        long now = clock.millis();
        Entry<V> previous = entries.asMap().put(key, new Entry<>(value, now, now, false));
        if (previous != null && previous.stale) {
            LOG.info("Schema registry reachable again: the {} '{}' is fresh again", what, key);
        }
    }

    private void markStale(String key, Entry<V> entry, long now, SchemaRegistryException cause) {
        Entry<V> stale = new Entry<>(entry.value, entry.fetchedAtMillis, now, true);
        // Only the thread that turns a fresh entry stale warns: one WARN per outage and key.
        if (entries.asMap().replace(key, entry, stale) && !entry.stale) {
            LOG.warn("Schema registry unreachable: serving the last known {} '{}' (fetched {} s ago) until it answers: {}",
                    what, key, (now - entry.fetchedAtMillis) / 1000, cause.getMessage());
        }
    }
}
