package dev.ferry.registry.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferry.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Values the registry may change (latest versions, compatibility levels, modes), served without
 * waiting once known. A read of a value older than the time to live returns it at once and starts
 * one refresh in the background; a failed refresh keeps the value and backs off before the next
 * one. Only the first read of a key fetches on the caller's thread (single-flight), bounded by the
 * client's timeouts and retries.
 *
 * <p>Not Caffeine's {@code refreshAfterWrite}: that logs every failed refresh and starts the next
 * one on the next read, without backoff; here an outage is logged once ({@link RefreshMonitor}) and
 * a registry that is down is not asked on every read. Thread-safe.
 */
public final class RefreshingCache<K, V> {

    /**
     * A value, when the registry gave it, and how its refreshes have failed since.
     *
     * @param nextAttemptMillis no refresh starts before this (backoff after a failure)
     */
    private record Entry<V>(V value, long fetchedAtMillis, int failures, long nextAttemptMillis) {

        static <V> Entry<V> fetched(V value, long now) {
            return new Entry<>(value, now, 0, now);
        }

        Entry<V> failed(long nextAttemptMillis) {
            return new Entry<>(value, fetchedAtMillis, failures + 1, nextAttemptMillis);
        }
    }

    private final String what;
    private final RefreshPolicy policy;
    private final long ttlMillis;
    private final Cache<K, Entry<V>> entries;
    private final SingleFlightCache<K, V> firstFetches;
    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();

    /** @param what what the values are, for logs and the listener ("latest version of subject") */
    public RefreshingCache(String what, int maximumSize, RefreshPolicy policy) {
        this.what = what;
        this.policy = policy;
        this.ttlMillis = policy.ttl().map(Duration::toMillis).orElse(Long.MAX_VALUE);
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .build();
        this.firstFetches = new SingleFlightCache<>(maximumSize, policy.maxWait());
    }

    /** The value for the key: the known one at once (refreshed behind if old), or fetched if none is known. */
    public V get(K key, Function<? super K, ? extends V> fetch) {
        Entry<V> entry = entries.getIfPresent(key);
        if (entry == null) {
            return fetchNow(key, fetch);
        }
        long now = policy.clock().millis();
        if (now - entry.fetchedAtMillis() < ttlMillis) {
            return entry.value();
        }
        policy.monitor().servedStale();
        if (now - entry.nextAttemptMillis() >= 0 && refreshing.add(key)) {
            startRefresh(key, entry, fetch);
        }
        return entry.value();
    }

    /** Stores a value known to be current (the client just wrote or read it). */
    public void put(K key, V value) {
        entries.put(key, Entry.fetched(value, policy.clock().millis()));
    }

    public void invalidate(K key) {
        entries.invalidate(key);
        firstFetches.invalidate(key);
    }

    public void invalidateAll() {
        entries.invalidateAll();
        firstFetches.invalidateAll();
    }

    private V fetchNow(K key, Function<? super K, ? extends V> fetch) {
        try {
            return firstFetches.get(key, k -> {
                V value = fetch.apply(k);
                entries.put(k, Entry.fetched(value, policy.clock().millis()));
                policy.monitor().fetched(false);
                return value;
            });
        } finally {
            // The single-flight slot only joins concurrent first readers; the value lives in entries.
            firstFetches.invalidate(key);
        }
    }

    private void startRefresh(K key, Entry<V> from, Function<? super K, ? extends V> fetch) {
        try {
            policy.refresher().execute(() -> refresh(key, from, fetch));
        } catch (RejectedExecutionException closed) {
            refreshing.remove(key);
        }
    }

    private void refresh(K key, Entry<V> from, Function<? super K, ? extends V> fetch) {
        Runnable report;
        try {
            report = fetchAndStore(key, from, fetch);
        } finally {
            refreshing.remove(key);
        }
        // Told once the key is free: whoever learns of this refresh can start the next one.
        report.run();
    }

    /** Stores what a refresh brought (a value, a failure and its backoff, or that it is gone); returns how to tell it. */
    private Runnable fetchAndStore(K key, Entry<V> from, Function<? super K, ? extends V> fetch) {
        try {
            V value = fetch.apply(key);
            // Only over the entry this refresh started from: a write through the client since then wins.
            entries.asMap()
                    .replace(key, from, Entry.fetched(value, policy.clock().millis()));
            return () -> policy.monitor().fetched(true);
        } catch (RuntimeException e) {
            if (e instanceof SchemaRegistryException answer && answer.isNotFound()) {
                // The registry answered that it no longer has it: the next read asks and reports that.
                entries.asMap().remove(key, from);
                return policy.monitor()::answered;
            }
            long now = policy.clock().millis();
            Entry<V> failed = from.failed(now + policy.backoff().backoffMs(from.failures()));
            entries.asMap().replace(key, from, failed);
            return () -> policy.monitor()
                    .refreshFailed(
                            what,
                            key.toString(),
                            e,
                            failed.failures(),
                            Instant.ofEpochMilli(failed.nextAttemptMillis()));
        }
    }
}
