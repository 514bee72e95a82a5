package dev.ferry.codegen.internal.incremental;

import dev.ferry.codegen.internal.source.SchemaFormat;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the last successful run knew about one schema file: its content hash, the schema files it
 * depended on and the generated files (relative to the output directory) it produced.
 */
public record FileState(SchemaFormat format, String hash, Set<Path> dependsOn, Set<String> outputs) {

    public FileState {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(hash, "hash");
        dependsOn = Set.copyOf(new TreeSet<>(dependsOn));
        outputs = Set.copyOf(new TreeSet<>(outputs));
    }
}
