package dev.ferry.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of how a {@link SchemaRegistryClient}'s values that may change (latest versions,
 * compatibility levels, modes) are kept fresh; from {@link SchemaRegistryClient#refreshStats()}.
 * During a registry outage {@code staleServed} and {@code refreshFailures} grow and
 * {@code unreachableSince} is set; the calls themselves keep succeeding with the last known values.
 *
 * @param staleServed           answers given from a value older than {@code latest.cache.ttl.sec},
 *                              while its refresh was pending or failing
 * @param refreshes             background refreshes that succeeded
 * @param refreshFailures       background refreshes that failed (each kept its value)
 * @param lastSuccessfulRefresh the last time the registry answered a fetch of such a value (a
 *                              first fetch or a refresh); empty before the first
 * @param unreachableSince      the first failed refresh of an outage still going on; empty when
 *                              the last refresh succeeded
 */
public record RefreshStats(
        long staleServed,
        long refreshes,
        long refreshFailures,
        Optional<Instant> lastSuccessfulRefresh,
        Optional<Instant> unreachableSince) {}
