package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * A record is larger than {@code max.request.size} or {@code buffer.memory} allow. Only that record
 * fails; the producer keeps delivering the others.
 *
 * <p>Thread safety: immutable.
 */
public class RecordTooLargeException extends FerryException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
