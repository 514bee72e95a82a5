package dev.ferry.producer;

/**
 * A configuration value is invalid, or two values conflict. The message names the key, the value
 * given and what is allowed, e.g.
 * {@code Invalid value 7 for configuration max.in.flight.requests.per.connection: must be at most 5
 * when enable.idempotence is true}.
 *
 * <p>Thread safety: immutable.
 */
public class ConfigException extends FerryException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param key     the configuration key
     * @param value   the rejected value (never a secret: callers pass a masked value for those)
     * @param allowed what would have been accepted
     */
    public ConfigException(String key, Object value, String allowed) {
        super("Invalid value " + value + " for configuration " + key + ": " + allowed);
    }
}
