package dev.ferry.common;

/**
 * A {@link Serializer} or {@link Deserializer} failed. The producer throws it from {@code send()} at
 * once, since the record never entered the producer.
 *
 * <p>Thread safety: immutable.
 */
public class SerializationException extends FerryException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
