package dev.ferry.registry.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.internal.Backoff;
import dev.ferry.registry.RefreshFailure;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaRegistryListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The refresh rule on its own, with time and the refresh thread in the test's hands: refreshes
 * queue in {@link #refreshes} until the test runs them, and the clock only moves when told.
 */
class RefreshingCacheTest {

    static final Duration TTL = Duration.ofSeconds(60);
    /** Without jitter: the waits after failures are exactly 100, 200, 400, 800, 1000, 1000 ms. */
    static final Backoff BACKOFF = new Backoff(100, 1000, Backoff.JITTER, () -> 0.5);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final Queue<Runnable> refreshes = new ArrayDeque<>();
    private final Executor refresher = refreshes::add;
    private final List<RefreshFailure> failures = new ArrayList<>();
    private final RefreshMonitor monitor = new RefreshMonitor(clock, new SchemaRegistryListener() {
        @Override
        public void onRefreshFailed(RefreshFailure failure) {
            failures.add(failure);
        }
    });
    private final RefreshingCache<String, String> cache = cache(Optional.of(TTL));

    /** What the registry answers next, and how often it was asked. */
    private final AtomicInteger fetches = new AtomicInteger();

    private volatile Function<String, String> registry = subject -> subject + "-v1";
    private final Function<String, String> fetch = key -> {
        fetches.incrementAndGet();
        return registry.apply(key);
    };

    private RefreshingCache<String, String> cache(Optional<Duration> ttl) {
        return new RefreshingCache<>(
                "latest version",
                100,
                new RefreshPolicy(ttl, clock, refresher, BACKOFF, monitor, Duration.ofSeconds(10)));
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toMillis());
    }

    private void runRefreshes() {
        for (Runnable refresh = refreshes.poll(); refresh != null; refresh = refreshes.poll()) {
            refresh.run();
        }
    }

    @Test
    void aValueWithinItsTtlIsServedWithoutAsking() {
        assertThat(cache.get("s", fetch)).isEqualTo("s-v1");
        advance(TTL.minusMillis(1));

        assertThat(cache.get("s", fetch)).isEqualTo("s-v1");
        assertThat(fetches).hasValue(1);
        assertThat(refreshes).isEmpty();
    }

    @Test
    void pastItsTtlTheKnownValueIsServedAndOneRefreshStartsHoweverManyReads() {
        cache.get("s", fetch);
        registry = subject -> subject + "-v2";
        advance(TTL);

        for (int read = 0; read < 5; read++) {
            assertThat(cache.get("s", fetch))
                    .as("read %s, refresh pending", read)
                    .isEqualTo("s-v1");
        }
        assertThat(refreshes).hasSize(1);
        assertThat(fetches).as("nothing fetched on the reading thread").hasValue(1);

        runRefreshes();
        assertThat(cache.get("s", fetch)).isEqualTo("s-v2");
        assertThat(monitor.stats().staleServed()).isEqualTo(5);
        assertThat(monitor.stats().refreshes()).isEqualTo(1);
    }

    @Test
    void aFailedRefreshKeepsTheValueAndTheNextStartsOnlyAfterADoublingBackoff() {
        cache.get("s", fetch);
        registry = subject -> {
            throw new SchemaRegistryException("GET /subjects/s/versions/latest", 0, -1, "no response", null);
        };
        advance(TTL);
        for (long wait : new long[] {100, 200, 400, 800, 1000, 1000}) {
            assertThat(cache.get("s", fetch)).isEqualTo("s-v1");
            runRefreshes();
            advance(Duration.ofMillis(wait - 1));
            assertThat(cache.get("s", fetch))
                    .as("%s ms after the failure", wait - 1)
                    .isEqualTo("s-v1");
            assertThat(refreshes)
                    .as("no refresh %s ms after the failure", wait - 1)
                    .isEmpty();
            advance(Duration.ofMillis(1));
        }
        assertThat(failures).extracting(RefreshFailure::consecutiveFailures).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(failures.get(0).nextAttempt())
                .isEqualTo(failures.get(0).outageSince().plusMillis(100));

        registry = subject -> subject + "-v2";
        assertThat(cache.get("s", fetch)).isEqualTo("s-v1");
        runRefreshes();
        assertThat(cache.get("s", fetch)).isEqualTo("s-v2");
        assertThat(monitor.stats().unreachableSince()).isEmpty();
    }

    @Test
    void aRefreshTheRegistryAnswersNotFoundDropsTheValueSoTheNextReadAsksAndTellsTheCaller() {
        cache.get("s", fetch);
        registry = subject -> {
            throw new SchemaRegistryException(
                    "GET /subjects/s/versions/latest", 404, 40401, "Subject 's' not found", null);
        };
        advance(TTL);
        assertThat(cache.get("s", fetch)).isEqualTo("s-v1");
        runRefreshes();

        assertThatThrownBy(() -> cache.get("s", fetch))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Subject 's' not found");
        assertThat(failures).as("an answer, not an outage").isEmpty();
    }

    @Test
    void aWriteThroughTheClientDuringARefreshWinsOverTheRefreshedValue() {
        cache.get("s", fetch);
        advance(TTL);
        registry = subject -> subject + "-v2";
        cache.get("s", fetch);
        cache.put("s", "s-v3");

        runRefreshes();

        assertThat(cache.get("s", fetch)).isEqualTo("s-v3");
    }

    @Test
    void anInvalidatedValueIsFetchedAgainOnTheReadingThread() {
        cache.get("s", fetch);
        registry = subject -> subject + "-v2";
        cache.invalidate("s");

        assertThat(cache.get("s", fetch)).isEqualTo("s-v2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void withoutTtlAValueIsNeverRefreshed() {
        RefreshingCache<String, String> forever = cache(Optional.empty());
        forever.get("s", fetch);
        advance(Duration.ofDays(365 * 100));

        assertThat(forever.get("s", fetch)).isEqualTo("s-v1");
        assertThat(refreshes).isEmpty();
        assertThat(monitor.stats().staleServed()).isZero();
    }
}
