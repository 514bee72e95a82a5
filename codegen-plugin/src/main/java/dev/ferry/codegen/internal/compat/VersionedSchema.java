package dev.ferry.codegen.internal.compat;

import dev.ferry.registry.spi.ParsedSchema;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One schema of one version, parsed by its serdes format.
 *
 * @param key what pairs it with its other versions: an Avro schema's full name, a .proto file's import path
 * @param file the file it was read from
 */
public record VersionedSchema(String key, Path file, ParsedSchema schema) {

    public VersionedSchema {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(schema, "schema");
    }
}
