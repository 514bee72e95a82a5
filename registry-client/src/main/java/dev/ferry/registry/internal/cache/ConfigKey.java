package dev.ferry.registry.internal.cache;

import java.util.Objects;

/**
 * Which compatibility level or mode a cached setting is: the registry-wide one, or a subject's
 * (its own, or falling back to the registry-wide one).
 *
 * @param subject null for the registry-wide setting
 */
public record ConfigKey(String subject, boolean defaultToGlobal) {

    public static final ConfigKey GLOBAL = new ConfigKey(null, true);

    public static ConfigKey of(String subject, boolean defaultToGlobal) {
        return new ConfigKey(Objects.requireNonNull(subject, "subject"), defaultToGlobal);
    }

    /** The subject, or empty for the registry-wide setting: the key a {@code RefreshFailure} names. */
    @Override
    public String toString() {
        return subject == null ? "" : subject;
    }
}
