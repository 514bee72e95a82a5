package dev.ferry.registry.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

    @Test
    void aWaitingCallerGetsTheLoadersValueWithoutLoadingAgain() throws Exception {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(10, Duration.ofSeconds(10));
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();

        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> cache.get("k", k -> {
            loads.incrementAndGet();
            loading.countDown();
            awaitLatch(release);
            return "v";
        }));
        loading.await(10, TimeUnit.SECONDS);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> cache.get("k", k -> {
            loads.incrementAndGet();
            return "other";
        }));
        assertThat(cache.getIfPresent("k")).as("still loading").isNull();
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(loads).hasValue(1);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
    }

    @Test
    void failuresReachTheCallerAndAreNotCached() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(10, Duration.ofSeconds(10));

        assertThatThrownBy(() -> cache.get("k", k -> {
            throw new IllegalArgumentException("boom");
        })).hasMessage("boom");

        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.get("k", k -> "v")).isEqualTo("v");
    }

    @Test
    void isBoundedInSize() {
        SingleFlightCache<Integer, Integer> cache = new SingleFlightCache<>(100, Duration.ofSeconds(10));

        for (int i = 0; i < 1000; i++) {
            cache.put(i, i);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            cache.getIfPresent(0);
            assertThat(cache.estimatedSize()).isLessThanOrEqualTo(100);
        });
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
