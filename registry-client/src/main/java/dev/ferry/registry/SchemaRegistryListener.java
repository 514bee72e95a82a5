package dev.ferry.registry;

import java.time.Duration;

/**
 * Hears how the background refreshes of a {@link SchemaRegistryClient} fare, to make a registry
 * outage visible where operators look (a metric, an alert), while the client keeps serving the
 * values it knows.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = SchemaRegistryClients.create(SchemaRegistryConfig.builder()
 *         .urls("https://registry:8081")
 *         .listener(new SchemaRegistryListener() {
 *             @Override
 *             public void onRefreshFailed(RefreshFailure failure) {
 *                 refreshFailures.increment();               // every failed refresh, not every call
 *             }
 *
 *             @Override
 *             public void onRecovered(Duration outage) {
 *                 outages.record(outage);
 *             }
 *         })
 *         .build());
 * }</pre>
 *
 * <p>Values that may change (latest versions, compatibility levels, modes) are served from the
 * cache and refreshed in the background once {@code latest.cache.ttl.sec} has passed; a failed
 * refresh keeps the value and is retried with backoff. The client also logs each outage once (a
 * WARN at its first failed refresh, an INFO when a refresh succeeds again); {@link
 * SchemaRegistryClient#refreshStats()} gives the same picture as counters.
 *
 * <p>Methods are called on the client's refresh threads (the caller's thread for {@code mock://})
 * and must return quickly; an exception they throw is logged and otherwise ignored. Both methods do
 * nothing by default.
 */
public interface SchemaRegistryListener {

    /** The listener of a client configured without one. */
    SchemaRegistryListener NONE = new SchemaRegistryListener() {};

    /** A background refresh failed; the value it was to refresh keeps being served. */
    default void onRefreshFailed(RefreshFailure failure) {}

    /**
     * A fetch succeeded after failed refreshes: the outage, as the client saw it, is over.
     *
     * @param outage from the first failed refresh to this success
     */
    default void onRecovered(Duration outage) {}
}
