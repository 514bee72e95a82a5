package dev.ferry.producer.internal.security;

/**
 * The client side of one SASL authentication: the first message, then one answer per broker
 * challenge until complete. Each message travels in one SaslAuthenticate request.
 */
public interface SaslExchange {

    /** The client's first message. */
    byte[] firstMessage();

    /**
     * Reads the broker's answer to the last message.
     *
     * @return the next message to send, or null when the exchange is complete
     * @throws SaslFailure when the answer is malformed or proves the broker wrong
     */
    byte[] evaluate(byte[] challenge);

    /** A SASL exchange that cannot go on; the message never holds a secret. */
    final class SaslFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SaslFailure(String message) {
            super(message);
        }
    }
}
