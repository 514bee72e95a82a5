package dev.ferry.codegen.internal.binding;

import java.util.Objects;

/**
 * How to read one field of a value as a record key: the key's kind, the class of a record or
 * message key, and the Java expression reading it from a variable {@code value}. A field that
 * cannot be a key carries the reason instead.
 *
 * @param field the field's name as the schema spells it
 * @param kind the key kind, or null when the field cannot be a key
 * @param schemaClass the key's class for {@link KeyKind#AVRO} and {@link KeyKind#PROTOBUF}, else null
 * @param expression the Java expression, over {@code value}, giving the key
 * @param problem why the field cannot be a key, or null
 */
public record FieldAccess(String field, KeyKind kind, String schemaClass, String expression, String problem) {

    public FieldAccess {
        Objects.requireNonNull(field, "field");
        if ((kind == null) == (problem == null)) {
            throw new IllegalArgumentException("a field access has either a kind or a problem: " + field);
        }
    }

    public static FieldAccess usable(String field, KeyKind kind, String expression) {
        return new FieldAccess(field, kind, null, expression, null);
    }

    public static FieldAccess schemaKey(String field, KeyKind kind, String schemaClass, String expression) {
        return new FieldAccess(field, kind, schemaClass, expression, null);
    }

    public static FieldAccess unusable(String field, String problem) {
        return new FieldAccess(field, null, null, null, problem);
    }

    public boolean isUsable() {
        return kind != null;
    }
}
