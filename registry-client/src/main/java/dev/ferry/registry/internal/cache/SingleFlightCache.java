package dev.ferry.registry.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A size-bounded cache whose misses load at most once per key at a time: the first caller loads on
 * its own thread, concurrent callers for the same key wait for that result, callers for other keys
 * never wait on it. Failed loads are not cached. Thread-safe.
 */
public final class SingleFlightCache<K, V> {

    /**
     * Futures as plain values (not Caffeine's AsyncCache): a failed load is removed here and thrown
     * to its callers, without Caffeine logging it as a failed asynchronous load.
     */
    private final Cache<K, CompletableFuture<V>> cache;

    private final Duration maxWait;

    /**
     * @param maximumSize bound on entries
     * @param maxWait     bound on how long a caller waits for another caller's load (longer than any
     *                    load can take with its timeouts and retries)
     */
    public SingleFlightCache(long maximumSize, Duration maxWait) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                .build();
        this.maxWait = maxWait;
    }

    /** The cached value, or null when absent or still loading. Does not allocate on a hit. */
    public V getIfPresent(K key) {
        CompletableFuture<V> future = cache.getIfPresent(key);
        return future == null || !future.isDone() || future.isCompletedExceptionally() ? null : future.getNow(null);
    }

    /** The cached value, or the result of loading it once for all concurrent callers. */
    public V get(K key, Function<? super K, ? extends V> loader) {
        CompletableFuture<V> existing = cache.getIfPresent(key);
        if (existing != null) {
            return await(existing);
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        existing = cache.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            return await(existing);
        }
        try {
            V value = loader.apply(key);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            cache.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    public void put(K key, V value) {
        cache.put(key, CompletableFuture.completedFuture(value));
    }

    public void invalidate(K key) {
        cache.invalidate(key);
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    public long estimatedSize() {
        return cache.estimatedSize();
    }

    private V await(CompletableFuture<V> future) {
        try {
            return future.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a schema registry answer", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no schema registry answer within " + maxWait + " while another thread was asking for the same key",
                    e);
        }
    }
}
