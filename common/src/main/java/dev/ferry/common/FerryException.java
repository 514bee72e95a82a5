package dev.ferry.common;

/**
 * Root of every exception Ferry throws or hands to a future or callback: the producer's, the
 * schema registry client's ({@code SchemaRegistryException}) and the serdes'
 * ({@link SerializationException}). Every Ferry exception is unchecked.
 *
 * <p>Each module keeps its own retriable branch: the producer's {@code RetriableException}, the
 * registry client's {@code SchemaRegistryException.isRetriable()}.
 *
 * <pre>{@code
 * try {
 *     producer.send(record).get();
 * } catch (ExecutionException e) {
 *     if (e.getCause() instanceof FerryException ferry) { ... } // any Ferry module failed
 * }
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
