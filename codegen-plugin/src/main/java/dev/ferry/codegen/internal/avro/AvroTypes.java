package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.binding.FieldAccess;
import dev.ferry.codegen.internal.binding.KeyKind;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;

/**
 * The records of parsed .avsc files as topic bindings see them: the Java class Avro generates for
 * each, and how each field reads as a key, with the Java types the configured compiler gives.
 */
final class AvroTypes {
    private static final String STRING = "java.lang.String";

    private AvroTypes() {}

    /** Every record of the files, by full name and, when mangling changed it, by Java class name. */
    static Map<String, BoundType> describe(Map<Path, Schema> parsed, SpecificCompiler compiler) {
        Map<String, BoundType> types = new LinkedHashMap<>();
        Map<String, Path> owners = new HashMap<>();
        parsed.forEach((file, schema) ->
                AvroBackend.namedTypes(schema).forEach(named -> owners.putIfAbsent(named.getFullName(), file)));
        parsed.values().forEach(schema -> AvroBackend.namedTypes(schema).stream()
                .filter(named -> named.getType() == Schema.Type.RECORD && !types.containsKey(named.getFullName()))
                .forEach(record -> {
                    BoundType type = describe(record, compiler, owners.get(record.getFullName()));
                    types.put(record.getFullName(), type);
                    types.putIfAbsent(type.javaClass(), type);
                }));
        return types;
    }

    private static BoundType describe(Schema record, SpecificCompiler compiler, Path file) {
        Map<String, FieldAccess> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getFields()) {
            fields.put(field.name(), access(record, field, compiler));
        }
        String namespace = record.getNamespace();
        String packageName = namespace == null || namespace.isEmpty() ? "" : SpecificCompiler.mangle(namespace);
        return new BoundType(SchemaFormat.AVRO, compiler.javaType(record), packageName, file.toString(), fields);
    }

    private static FieldAccess access(Schema record, Schema.Field field, SpecificCompiler compiler) {
        String read = "value." + SpecificCompiler.generateGetMethod(record, field) + "()";
        Schema schema = field.schema();
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL)
                    .toList();
            if (branches.size() != 1) {
                return FieldAccess.unusable(field.name(), "it is a union of " + branches.size() + " types");
            }
            schema = branches.get(0);
        }
        String logical =
                schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
        return switch (schema.getType()) {
            case STRING ->
                FieldAccess.usable(
                        field.name(),
                        KeyKind.STRING,
                        STRING.equals(compiler.javaType(schema))
                                ? read
                                : "java.util.Objects.toString(" + read + ", null)");
            case ENUM ->
                FieldAccess.usable(field.name(), KeyKind.STRING, "java.util.Objects.toString(" + read + ", null)");
            case INT ->
                logical == null ? FieldAccess.usable(field.name(), KeyKind.INT, read) : unusableLogical(field, logical);
            case LONG ->
                logical == null
                        ? FieldAccess.usable(field.name(), KeyKind.LONG, read)
                        : unusableLogical(field, logical);
            case BYTES ->
                logical == null
                        ? FieldAccess.usable(field.name(), KeyKind.BYTES, "bytesOf(" + read + ")")
                        : unusableLogical(field, logical);
            case RECORD -> FieldAccess.schemaKey(field.name(), KeyKind.AVRO, compiler.javaType(schema), read);
            default ->
                FieldAccess.unusable(
                        field.name(), "it is of Avro type " + schema.getType().getName());
        };
    }

    private static FieldAccess unusableLogical(Schema.Field field, String logical) {
        return FieldAccess.unusable(
                field.name(), "it has the logical type " + logical + ", whose Java value has no key serializer");
    }
}
