package dev.ferry.common;

import dev.ferry.common.internal.Redaction;

/**
 * A configuration value is invalid, or two values conflict. The message names the key, the value
 * given and what is allowed, e.g.
 * {@code Invalid value 7 for configuration max.in.flight.requests.per.connection: must be at most 5
 * when enable.idempotence is true}. The value of a secret key, and any value that may hold a
 * secret (a URL's user info, a {@code password=} option, a private key), shows as {@code [hidden]}.
 *
 * <p>Thread safety: immutable.
 */
public class ConfigException extends FerryException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** A configuration no single key is at fault for, with what refused it; neither may hold a secret. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param key     the configuration key
     * @param value   the rejected value, shown only as far as it cannot be a secret
     * @param allowed what would have been accepted
     */
    public ConfigException(String key, Object value, String allowed) {
        super("Invalid value " + Redaction.value(key, value) + " for configuration " + key + ": " + allowed);
    }

    /**
     * As {@link #ConfigException(String, Object, String)}, with what made the value unusable (a
     * plugin's constructor failing, a malformed URL); the cause must not hold a secret either.
     */
    public ConfigException(String key, Object value, String allowed, Throwable cause) {
        super("Invalid value " + Redaction.value(key, value) + " for configuration " + key + ": " + allowed, cause);
    }
}
