package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.internal.CodegenFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the types topic bindings name: first among this build's schemas (each language described
 * only when a name is not found in the ones before, so an Avro-only binding never runs protoc), then
 * on the compile classpath.
 */
public final class TypeResolver {
    private static final int MAX_LISTED = 20;

    private final List<Catalog> catalogs;
    private final ClasspathTypes classpath;

    /** @param catalogs per schema language, the types it defines; called at most once each */
    public TypeResolver(List<Supplier<Map<String, BoundType>>> catalogs, ClasspathTypes classpath) {
        this.catalogs = catalogs.stream().map(Catalog::new).toList();
        this.classpath = classpath;
    }

    /**
     * @param role what the name is for, such as "the value type of topic 'orders'"
     * @throws CodegenFailure when no schema and no class has that name
     */
    public BoundType resolve(String name, String role) {
        for (Catalog catalog : catalogs) {
            BoundType found = catalog.types().get(name);
            if (found != null) {
                return found;
            }
        }
        Optional<BoundType> compiled = classpath.find(name);
        if (compiled.isPresent()) {
            return compiled.get();
        }
        throw new CodegenFailure(role + " is '" + name + "', but no schema of this build defines it and no such class"
                + " is on the compile classpath; known records and messages: " + known());
    }

    private String known() {
        List<String> names = catalogs.stream()
                .flatMap(c -> c.types().keySet().stream())
                .distinct()
                .sorted()
                .toList();
        if (names.isEmpty()) {
            return "none";
        }
        return names.size() <= MAX_LISTED
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, MAX_LISTED)) + " and " + (names.size() - MAX_LISTED) + " more";
    }

    private static final class Catalog {
        private final Supplier<Map<String, BoundType>> supplier;
        private Map<String, BoundType> types;

        Catalog(Supplier<Map<String, BoundType>> supplier) {
            this.supplier = supplier;
        }

        Map<String, BoundType> types() {
            if (types == null) {
                types = supplier.get();
            }
            return types;
        }
    }
}
