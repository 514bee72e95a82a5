package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import java.util.Locale;

/**
 * How the producer talks to brokers ({@code security.protocol}): in the clear or over TLS, with or
 * without SASL authentication. The names and meaning are kafka-clients'.
 *
 * <p>Thread safety: immutable.
 */
public enum SecurityProtocol {
    PLAINTEXT(false, false),
    SSL(true, false),
    SASL_PLAINTEXT(false, true),
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /** Whether connections are encrypted with TLS. */
    public boolean usesTls() {
        return tls;
    }

    /** Whether connections authenticate with SASL after the handshake. */
    public boolean usesSasl() {
        return sasl;
    }

    /** Parses a {@code security.protocol} value, case-insensitively as kafka-clients does. */
    public static SecurityProtocol parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    SecurityConfig.SECURITY_PROTOCOL, value, "must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        }
    }
}
