package dev.ferry.registry;

import java.util.Objects;

/**
 * A reference from one schema to another registered schema, as in Confluent's REST API:
 * {@code {"name": "other.proto", "subject": "other-value", "version": 1}}.
 *
 * <p>{@code name} is how the referring schema names the other one: the import path for Protobuf,
 * the full record name for Avro, the {@code $ref} URL for JSON Schema.
 *
 * @param name    the name used inside the referring schema text
 * @param subject the subject the referenced schema is registered under
 * @param version its version in that subject (1 or more; {@code -1} means latest, as in Confluent)
 */
public record SchemaReference(String name, String subject, int version) {

    public SchemaReference {
        Objects.requireNonNull(name, "reference name");
        Objects.requireNonNull(subject, "reference subject");
        if (version == 0 || version < -1) {
            throw new IllegalArgumentException(
                    "reference version was " + version + " for '" + name + "', allowed: 1 or more, or -1 for latest");
        }
    }
}
