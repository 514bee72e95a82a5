package dev.ferry.registry;

import java.util.List;
import java.util.Objects;

/**
 * A schema as the registry stores it: its language, its text and the other schemas it references.
 *
 * <pre>{@code
 * Schema order = Schema.avro("{\"type\":\"record\",\"name\":\"Order\",\"fields\":[]}");
 * Schema event = Schema.protobuf(protoText, List.of(new SchemaReference("money.proto", "money-value", 1)));
 * }</pre>
 *
 * <p>Equality is by value (type, exact text, references): two texts that differ only in whitespace
 * are different {@code Schema}s here, as they are different request bodies; the registry decides
 * whether they are the same schema.
 *
 * @param type       the schema language
 * @param text       the schema text exactly as sent to or received from the registry
 * @param references referenced schemas, in declaration order (immutable; empty if none)
 */
public record Schema(SchemaType type, String text, List<SchemaReference> references) {

    public Schema {
        Objects.requireNonNull(type, "schema type");
        Objects.requireNonNull(text, "schema text");
        references = List.copyOf(references);
    }

    /** An Avro schema without references. */
    public static Schema avro(String text) {
        return new Schema(SchemaType.AVRO, text, List.of());
    }

    /** A Protobuf schema without references. */
    public static Schema protobuf(String text) {
        return new Schema(SchemaType.PROTOBUF, text, List.of());
    }

    /** A Protobuf schema with references (its imports). */
    public static Schema protobuf(String text, List<SchemaReference> references) {
        return new Schema(SchemaType.PROTOBUF, text, references);
    }

    /** A JSON Schema without references. */
    public static Schema json(String text) {
        return new Schema(SchemaType.JSON, text, List.of());
    }
}
