package dev.ferry.producer.internal.protocol;

/**
 * Bytes from the network (or a record batch) that do not decode: a length past the end of the
 * buffer or beyond a sane maximum, a truncated field, a bad checksum, an unknown codec. The message
 * names the field. Never retried by itself: the connection that produced it is no longer trusted.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
