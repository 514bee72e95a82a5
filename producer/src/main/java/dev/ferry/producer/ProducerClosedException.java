package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * The producer was closed: thrown by {@code send()} after {@code close()}, and handed to every
 * record still pending when {@code close(Duration)} ran out of time.
 *
 * <p>Thread safety: immutable.
 */
public class ProducerClosedException extends FerryException {
    private static final long serialVersionUID = 1L;

    public ProducerClosedException(String message) {
        super(message);
    }
}
