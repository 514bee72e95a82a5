package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * A broker did not accept the producer's identity, or the producer did not accept the broker's:
 * SASL credentials were refused ({@link SaslAuthenticationException}) or the TLS handshake failed
 * ({@link SslAuthenticationException}). Not retriable: the records waiting for that broker fail
 * with it at once instead of waiting for {@code delivery.timeout.ms}, and {@code send()} to a topic
 * without metadata fails with it instead of blocking for {@code max.block.ms}. The producer keeps
 * reconnecting with {@code reconnect.backoff.ms}, so records sent after the cause is fixed succeed.
 * The message names the broker and the mechanism, never a password.
 *
 * <p>Thread safety: immutable.
 */
public class AuthenticationException extends FerryException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
