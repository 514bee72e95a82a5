package dev.ferry.registry;

import java.util.Map;

/**
 * Creates {@link SchemaRegistryClient}s: the cached HTTP client for {@code http(s)://} URLs, the
 * in-memory registry for {@code mock://scope}.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "http://localhost:8081"));
 * SchemaRegistryClient inMemory = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://orders-test"));
 * }</pre>
 *
 * <p>All clients created for the same {@code mock://} scope share one registry, as Confluent's
 * mock does, until {@link #dropMockScope(String)}. Thread-safe.
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /** A client for the configuration's URL(s). */
    public static SchemaRegistryClient create(SchemaRegistryConfig config) {
        throw new UnsupportedOperationException("the registry clients are not implemented yet: " + config);
    }

    /** A client from Confluent-style properties; see {@link SchemaRegistryConfig#fromProperties(Map)}. */
    public static SchemaRegistryClient create(Map<String, ?> properties) {
        return create(SchemaRegistryConfig.fromProperties(properties));
    }

    /** Forgets the in-memory registry of a {@code mock://} scope, so the next client starts empty. */
    public static void dropMockScope(String scope) {
        throw new UnsupportedOperationException("the in-memory registry is not implemented yet: " + scope);
    }
}
