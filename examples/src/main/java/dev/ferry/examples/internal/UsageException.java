package dev.ferry.examples.internal;

/** A command line the example cannot run with; the message says which option and why. */
public final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
