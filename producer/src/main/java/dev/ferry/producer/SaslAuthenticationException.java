package dev.ferry.producer;

/**
 * SASL authentication with a broker failed: wrong credentials, an unknown user, a mechanism the
 * broker does not enable, or a broker that could not prove it knows the SCRAM credential. The message
 * names the broker, the mechanism and the broker's own reason, never the password.
 *
 * <p>Thread safety: immutable.
 */
public class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public SaslAuthenticationException(String message) {
        super(message);
    }
}
