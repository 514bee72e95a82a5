package dev.ferry.common;

import java.util.Objects;

/**
 * A secret configuration value (a password, a JAAS line, a private key): {@link #toString()} never
 * shows it, so it cannot leak through a log line, a {@code toString()} of a config or an exception
 * message. {@link #value()} returns the secret to the code that needs it.
 *
 * <p>Thread safety: immutable.
 */
public final class Password {
    /** What {@link #toString()} shows instead of the secret. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    public Password(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Password password && password.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
