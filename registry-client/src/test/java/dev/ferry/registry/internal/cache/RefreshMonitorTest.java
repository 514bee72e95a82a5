package dev.ferry.registry.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.RecordingListener;
import dev.ferry.registry.RefreshFailure;
import dev.ferry.registry.RefreshStats;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaRegistryListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefreshMonitorTest {

    private final AtomicLong now = new AtomicLong(5_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final SchemaRegistryException down = new SchemaRegistryException("GET /mode", 503, -1, "down", null);

    @Test
    void anOutageRunsFromTheFirstFailedRefreshToTheNextAnswerAndEachIsToldOnce() {
        RecordingListener listener = new RecordingListener();
        List<RefreshFailure> failures = listener.failures;
        List<Duration> recoveries = listener.recoveries;
        RefreshMonitor monitor = new RefreshMonitor(clock, listener);
        monitor.fetched(false);
        now.addAndGet(1_000);
        monitor.refreshFailed("mode", "", down, 1, Instant.ofEpochMilli(6_100));
        now.addAndGet(1_000);
        monitor.refreshFailed("latest version", "orders-value", down, 1, Instant.ofEpochMilli(7_100));
        monitor.servedStale();

        assertThat(failures).extracting(RefreshFailure::outageSince).containsOnly(Instant.ofEpochMilli(6_000));
        assertThat(failures.get(1))
                .isEqualTo(new RefreshFailure(
                        "latest version",
                        "orders-value",
                        down,
                        1,
                        Instant.ofEpochMilli(7_100),
                        Instant.ofEpochMilli(6_000)));
        assertThat(monitor.stats())
                .isEqualTo(new RefreshStats(
                        1, 0, 2, Optional.of(Instant.ofEpochMilli(5_000)), Optional.of(Instant.ofEpochMilli(6_000))));

        now.addAndGet(3_000);
        monitor.fetched(true);
        monitor.fetched(true);

        assertThat(recoveries).containsExactly(Duration.ofSeconds(4));
        assertThat(monitor.stats())
                .isEqualTo(new RefreshStats(1, 2, 2, Optional.of(Instant.ofEpochMilli(10_000)), Optional.empty()));
    }

    @Test
    void aFailingListenerNeitherStopsTheCountingNorReachesTheCaller() {
        RefreshMonitor monitor = new RefreshMonitor(clock, new SchemaRegistryListener() {
            @Override
            public void onRefreshFailed(RefreshFailure failure) {
                throw new IllegalStateException("listener bug");
            }
        });

        monitor.refreshFailed("mode", "", down, 1, Instant.ofEpochMilli(5_100));

        assertThat(monitor.stats().refreshFailures()).isEqualTo(1);
        assertThat(monitor.stats().unreachableSince()).contains(Instant.ofEpochMilli(5_000));
    }
}
