package dev.ferry.registry.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

    @Test
    void aWaitingCallerGetsTheLoadersValueWithoutLoadingAgain() throws Exception {
        // given: a first caller loading, held until released
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(10, Duration.ofSeconds(10));
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        AtomicBoolean released = new AtomicBoolean();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> cache.get("k", k -> {
            loads.incrementAndGet();
            loading.countDown();
            released.set(awaitLatch(release));
            return "v";
        }));
        assertThat(loading.await(10, TimeUnit.SECONDS))
                .as("the first caller started loading")
                .isTrue();

        // when: a second caller asks for the same key and is parked waiting for the first one's load
        CompletableFuture<String> second = new CompletableFuture<>();
        Thread secondCaller = new Thread(
                () -> {
                    try {
                        second.complete(cache.get("k", k -> {
                            loads.incrementAndGet();
                            return "other";
                        }));
                    } catch (RuntimeException | Error e) {
                        second.completeExceptionally(e);
                    }
                },
                "second-caller");
        secondCaller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waitsForAnotherLoad(secondCaller));
        assertThat(cache.getIfPresent("k")).as("still loading").isNull();
        release.countDown();

        // then
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(released).as("the loader was released, not timed out").isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(loads).hasValue(1);
        assertThat(cache.getIfPresent("k")).isEqualTo("v");
    }

    /** Parked inside the cache's wait for another caller's load (not merely started, nor loading itself). */
    private static boolean waitsForAnotherLoad(Thread thread) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().equals(SingleFlightCache.class.getName())
                                && frame.getMethodName().equals("await"));
    }

    @Test
    void failuresReachTheCallerAndAreNotCached() {
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(10, Duration.ofSeconds(10));

        assertThatThrownBy(() -> cache.get("k", k -> {
                    throw new IllegalArgumentException("boom");
                }))
                .hasMessage("boom");

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

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
