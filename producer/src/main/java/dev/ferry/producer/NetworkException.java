package dev.ferry.producer;

/**
 * A connection to a broker failed or was lost before a response arrived. Retriable: the producer
 * reconnects (with {@code reconnect.backoff.ms}) and tries again until {@code delivery.timeout.ms}.
 *
 * <p>Thread safety: immutable.
 */
public class NetworkException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
