package dev.ferry.codegen.internal.compat;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An earlier version of the schemas: a directory holding them, and what it is (a directory the user
 * named, or an artifact's coordinates) for messages.
 */
public record Baseline(String description, Path root) {

    public Baseline {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(root, "root");
    }
}
