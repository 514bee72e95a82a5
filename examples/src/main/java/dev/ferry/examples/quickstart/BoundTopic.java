package dev.ferry.examples.quickstart;

import dev.ferry.producer.RecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A generated topic binding ({@code OrdersTopic}) as a round trip uses it. The generated classes
 * share no interface, so each is adapted with method references:
 *
 * <pre>{@code
 * OrdersTopic orders = OrdersTopic.bind(producerConfig, registry, SerdeConfig.defaults());
 * new BoundTopic<>(orders.subject(), orders::send, orders.producer()::flush, orders::close);
 * }</pre>
 *
 * @param subject the registry subject of the values
 * @param sender  the binding's {@code send(value)}
 * @param flusher flushes the binding's producer
 * @param closer  the binding's {@code close()}
 * @param <V>     the value type
 */
record BoundTopic<V>(
        String subject, Function<V, CompletableFuture<RecordMetadata>> sender, Runnable flusher, Runnable closer)
        implements AutoCloseable {

    CompletableFuture<RecordMetadata> send(V value) {
        return sender.apply(value);
    }

    void flush() {
        flusher.run();
    }

    @Override
    public void close() {
        closer.run();
    }
}
