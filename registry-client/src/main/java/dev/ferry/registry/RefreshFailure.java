package dev.ferry.registry;

import java.time.Instant;

/**
 * A failed background refresh, as told to {@link SchemaRegistryListener#onRefreshFailed}.
 *
 * @param what                what was being refreshed: {@code latest version}, {@code compatibility level}
 *                            or {@code mode}
 * @param key                 of which subject, for example {@code orders-value}; empty for the
 *                            registry-wide compatibility level or mode
 * @param error               why it failed; names the request and the registry, never credentials
 * @param consecutiveFailures failed refreshes of this key in a row, 1 for the first
 * @param nextAttempt         the earliest time a read of this key starts the next refresh (backoff)
 * @param outageSince         the first failed refresh of the outage this one belongs to
 */
public record RefreshFailure(
        String what,
        String key,
        RuntimeException error,
        int consecutiveFailures,
        Instant nextAttempt,
        Instant outageSince) {}
