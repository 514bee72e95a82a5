package dev.ferry.codegen.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One error in one schema file. Line and column are 1-based; 0 means the parser gave no position.
 */
public record SchemaProblem(Path file, int line, int column, String message) {

    public SchemaProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, got " + line + ":" + column);
        }
    }

    /** The compiler-style form IDEs and CI logs link: {@code file:line:column: message}. */
    public String format() {
        if (line == 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + Math.max(column, 1) + ": " + message;
    }
}
