package dev.ferry.producer;

import dev.ferry.common.FerryException;

/**
 * Called once when a sent record is acknowledged or has finally failed, like kafka-clients'
 * {@code Callback}. Exactly one of the two arguments is non-null.
 *
 * <pre>{@code
 * producer.send(record, (metadata, error) -> {
 *     if (error != null) log.error("not delivered", error);
 * });
 * }</pre>
 *
 * <p>Runs on the producer's I/O thread: keep it short and never block in it, or every other
 * delivery waits. Callbacks of one partition run in send order. An exception thrown by the callback
 * is logged and does not affect other records.
 */
@FunctionalInterface
public interface Callback {
    /**
     * @param metadata where the record was stored, or null if it failed
     * @param error    why it failed (a {@link FerryException}), or null if it was delivered
     */
    void onCompletion(RecordMetadata metadata, Exception error);
}
