package dev.ferry.registry;

import dev.ferry.registry.internal.memory.InMemoryRegistry;
import dev.ferry.registry.internal.memory.InMemoryRegistryClient;
import java.util.Map;
import java.util.Optional;

/**
 * Creates {@link SchemaRegistryClient}s: the cached HTTP client for {@code http(s)://} URLs, the
 * in-memory registry for {@code mock://scope}.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "http://localhost:8081"));
 * SchemaRegistryClient inMemory = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://orders-test"));
 * }</pre>
 *
 * <p>All clients created for the same {@code mock://} scope share one in-memory registry, as
 * Confluent's mock does, until {@link #dropMockScope(String)}. Each client caches latest versions,
 * compatibility levels and modes for {@code latest.cache.ttl.sec} as the HTTP client does (served at
 * once, refreshed after the TTL), so a version registered through one client reaches another after
 * the TTL, as with a real registry. It assigns ids and versions, keeps
 * soft and permanent deletes, compatibility levels and modes, and answers with Confluent's error
 * codes. It parses schemas and judges compatibility with the {@link dev.ferry.registry.spi.SchemaFormat}
 * of each type found on the class path (Ferry's serdes module provides Avro, Protobuf and JSON
 * Schema); <b>when no format for a type is on the class path, it accepts every schema of that
 * type</b>, identifies it by its exact text and reports every change as compatible. Thread-safe.
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    /** A client for the configuration's URL(s). */
    public static SchemaRegistryClient create(SchemaRegistryConfig config) {
        Optional<String> scope = config.mockScope();
        return scope.isPresent()
                ? new InMemoryRegistryClient(InMemoryRegistry.forScope(scope.get()), config)
                : new CachedSchemaRegistryClient(config);
    }

    /** A client from Confluent-style properties; see {@link SchemaRegistryConfig#fromProperties(Map)}. */
    public static SchemaRegistryClient create(Map<String, ?> properties) {
        return create(SchemaRegistryConfig.fromProperties(properties));
    }

    /** Forgets the in-memory registry of a {@code mock://} scope, so the next client starts empty. */
    public static void dropMockScope(String scope) {
        InMemoryRegistry.dropScope(scope);
    }
}
