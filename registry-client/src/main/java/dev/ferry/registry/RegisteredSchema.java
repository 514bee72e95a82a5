package dev.ferry.registry;

import java.util.Objects;

/**
 * A schema registered under a subject: what {@link SchemaRegistryClient#lookup},
 * {@link SchemaRegistryClient#schema} and {@link SchemaRegistryClient#latest} answer.
 *
 * @param subject the subject
 * @param id      the registry-wide schema id (the one in the Confluent wire format)
 * @param version the version within the subject, starting at 1
 * @param schema  the schema as the registry returned it
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
