package dev.ferry.codegen.internal.compat;

import java.nio.file.Path;
import java.util.Objects;

/** One breaking change: the schema file, and the format's message naming the type and field. */
public record Incompatibility(Path file, String message) {

    public Incompatibility {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public String format() {
        return file + ": " + message;
    }
}
