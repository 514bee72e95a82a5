package dev.ferry.common.internal.tls;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;

/**
 * TLS material that cannot be used. The message is the producer's form, {@code Invalid value <value>
 * for configuration <key>: <reason>}; a client with another form of message builds it from
 * {@link #key()}, {@link #shownValue()} and {@link #reason()}. No password and no PEM key is in any
 * of them, and no cause is chained: the JDK's exceptions may carry a raw path.
 */
public final class TlsConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String shownValue;
    private final String reason;

    /**
     * @param value a file or type, shown as {@link Redaction#quoted} shows it; a {@link Password} or
     *              null for no value worth showing
     */
    TlsConfigException(String key, Object value, String reason) {
        super(key, value, reason);
        this.key = key;
        this.shownValue = value instanceof String text && !Redaction.isSecretKey(key) ? Redaction.quoted(text) : null;
        this.reason = reason;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }

    /** The value given for {@link #key()}, quoted and redacted, or null when it is a secret or not set. */
    public String shownValue() {
        return shownValue;
    }

    /** What is wrong, e.g. {@code cannot be read: no such file}; it names other keys and files as needed. */
    public String reason() {
        return reason;
    }
}
