package dev.ferry.benchmarks.serdes;

import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry that answers from memory, so benchmarks measure the serdes and not a network; once the
 * serdes' caches are warm it is never called at all.
 */
final class FixedRegistry {

    private FixedRegistry() {
    }

    static SchemaRegistryClient create() {
        Map<Schema, Integer> ids = new ConcurrentHashMap<>();
        Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
        return (SchemaRegistryClient) Proxy.newProxyInstance(FixedRegistry.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "register" -> ids.computeIfAbsent((Schema) args[1], schema -> {
                        int id = ids.size() + 1;
                        schemas.put(id, schema);
                        return id;
                    });
                    case "lookup" -> new RegisteredSchema((String) args[0], ids.get((Schema) args[1]), 1, (Schema) args[1]);
                    case "schemaById" -> schemas.get((Integer) args[0]);
                    case "close" -> null;
                    case "toString" -> "FixedRegistry";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
