package dev.ferry.common.internal.tls;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;

/**
 * TLS material that cannot be used, in the key table's one style: {@code Invalid value <value> for
 * configuration <key>: <reason>}, for the producer's {@code ssl.*} and the registry client's
 * {@code schema.registry.ssl.*} alike. No password and no PEM key is in it, and no cause is chained:
 * the JDK's exceptions may carry a raw path.
 */
public final class TlsConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;

    /**
     * @param value a file or type, shown as {@link Redaction} shows it; a {@link Password} or null for
     *              no value worth showing
     */
    TlsConfigException(String key, Object value, String reason) {
        super(key, value, reason);
    }
}
