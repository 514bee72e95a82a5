package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * A thread blocked in a producer call (for example {@code send()} waiting for buffer memory) was
 * interrupted. The thread's interrupt flag is set again when this exception is created, so the
 * interruption is not lost.
 *
 * <p>Thread safety: immutable.
 */
public class InterruptException extends FerryException {
    private static final long serialVersionUID = 1L;

    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }
}
