package dev.ferry.producer;

/**
 * Root of every exception the Ferry producer throws or hands to a future or {@link Callback}.
 *
 * <p>Catch {@link RetriableException} to tell a transient failure (the operation may succeed if
 * tried again) from a permanent one. Every Ferry exception is unchecked.
 *
 * <pre>{@code
 * producer.send(record).whenComplete((metadata, error) -> {
 *     if (error instanceof RetriableException) { ... } // e.g. delivery.timeout.ms ran out
 *     else if (error instanceof KafkaError kafka) { log.error("broker said {}", kafka.errorName()); }
 * });
 * }</pre>
 *
 * <p>Thread safety: exceptions are immutable after construction.
 */
public class FerryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FerryException(String message) {
        super(message);
    }

    public FerryException(String message, Throwable cause) {
        super(message, cause);
    }
}
