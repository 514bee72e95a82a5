package dev.ferry.serdes.kafka;

import java.util.function.Consumer;

/**
 * The Ferry serde behind a kafka-clients adapter: set by {@code configure}, required by every call,
 * closed with the adapter. Volatile, as kafka-clients may configure on one thread and use on another.
 */
final class ConfiguredDelegate<D> {
    private final String adapter;
    private final Consumer<D> closer;
    private volatile D delegate;

    ConfiguredDelegate(Class<?> adapter, Consumer<D> closer) {
        this.adapter = adapter.getSimpleName();
        this.closer = closer;
    }

    void set(D configured) {
        delegate = configured;
    }

    D require() {
        D current = delegate;
        if (current == null) {
            throw new IllegalStateException(adapter + " is not configured: call configure(Map, isKey)");
        }
        return current;
    }

    void close() {
        D current = delegate;
        if (current != null) {
            closer.accept(current);
        }
    }
}
