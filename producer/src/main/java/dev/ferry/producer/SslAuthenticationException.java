package dev.ferry.producer;

/**
 * The TLS handshake with a broker failed: its certificate is not trusted, does not name the host the
 * producer connected to ({@code ssl.endpoint.identification.algorithm}), or the broker refused the
 * producer's certificate. The message names the broker and the TLS reason; the cause is the JDK's
 * {@code SSLException}.
 *
 * <p>Thread safety: immutable.
 */
public class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
