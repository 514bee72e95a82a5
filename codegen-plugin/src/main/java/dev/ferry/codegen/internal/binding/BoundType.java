package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.internal.source.SchemaFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Avro record or Protobuf message a topic binding may carry: its format, its generated Java
 * class, where it was found and how each of its fields reads as a key.
 *
 * @param javaClass the canonical name of the generated class ({@code a.b.Outer.Inner} for nested ones)
 * @param packageName the Java package of that class ("" for none)
 * @param origin where it was found, for messages (a schema file, or the compile classpath)
 * @param fields by field name, in declaration order
 */
public record BoundType(
        SchemaFormat format, String javaClass, String packageName, String origin, Map<String, FieldAccess> fields) {

    public BoundType {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(javaClass, "javaClass");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(origin, "origin");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * The field named {@code name}; spellings that differ only in case and underscores match too
     * ({@code order_id} finds {@code orderId}), as generated getters do not tell them apart.
     */
    public Optional<FieldAccess> field(String name) {
        FieldAccess exact = fields.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String wanted = loose(name);
        return fields.values().stream()
                .filter(f -> loose(f.field()).equals(wanted))
                .findFirst();
    }

    private static String loose(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
