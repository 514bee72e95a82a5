package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * A transient failure: the same operation may succeed if tried again (a leader moved, a network
 * connection dropped, a wait timed out).
 *
 * <p>The producer retries these itself until {@code delivery.timeout.ms}; a future fails with one
 * only when that budget is spent. Whether a Kafka error code is retriable is decided in exactly one
 * place, the protocol's error table, which picks {@link RetriableKafkaErrorException} or
 * {@link KafkaErrorException}.
 *
 * <p>Thread safety: immutable.
 */
public class RetriableException extends FerryException {
    private static final long serialVersionUID = 1L;

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
