package dev.ferry.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a client, or its refresh monitor, told its listener. */
public final class RecordingListener implements SchemaRegistryListener {

    public final List<RefreshFailure> failures = new CopyOnWriteArrayList<>();
    public final List<Duration> recoveries = new CopyOnWriteArrayList<>();

    @Override
    public void onRefreshFailed(RefreshFailure failure) {
        failures.add(failure);
    }

    @Override
    public void onRecovered(Duration outage) {
        recoveries.add(outage);
    }
}
