package dev.ferry.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a client told its listener. */
final class RecordingListener implements SchemaRegistryListener {

    final List<RefreshFailure> failures = new CopyOnWriteArrayList<>();
    final List<Duration> recoveries = new CopyOnWriteArrayList<>();

    @Override
    public void onRefreshFailed(RefreshFailure failure) {
        failures.add(failure);
    }

    @Override
    public void onRecovered(Duration outage) {
        recoveries.add(outage);
    }
}
