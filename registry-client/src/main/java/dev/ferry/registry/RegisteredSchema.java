package dev.ferry.registry;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A schema registered under a subject: what {@link SchemaRegistryClient#lookup},
 * {@link SchemaRegistryClient#schema} and {@link SchemaRegistryClient#latest} answer.
 *
 * @param subject the subject
 * @param id      the registry-wide schema id (the one in the Confluent wire format)
 * @param version the version within the subject, starting at 1
 * @param schema  the schema as the registry returned it
 * @param guid    the schema's GUID, for registries that assign one (Confluent Platform 8 and later,
 *                Ferry's {@code mock://}); empty for the others (Apicurio, older Confluent)
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema, Optional<UUID> guid) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(guid, "guid");
    }

    /** A registered schema the registry gave no GUID. */
    public RegisteredSchema(String subject, int id, int version, Schema schema) {
        this(subject, id, version, schema, Optional.empty());
    }
}
