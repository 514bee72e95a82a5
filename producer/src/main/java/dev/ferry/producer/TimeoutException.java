package dev.ferry.producer;

/**
 * A bounded wait ran out: {@code send()} blocked longer than {@code max.block.ms} (buffer full, or
 * no metadata for a topic), or a record was not acknowledged within {@code delivery.timeout.ms}.
 * The message says which wait and why.
 *
 * <p>Retriable: the same send may succeed later, once the cause has cleared.
 *
 * <p>Thread safety: immutable.
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
