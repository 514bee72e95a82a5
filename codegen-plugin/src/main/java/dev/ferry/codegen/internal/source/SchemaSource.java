package dev.ferry.codegen.internal.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One schema file read from disk: its absolute path, the source root it was found under, its text
 * and the hash of its bytes.
 */
public record SchemaSource(Path file, Path root, SchemaFormat format, String content, String hash) {

    public SchemaSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(hash, "hash");
    }

    /** The path below its root with '/' separators, as protoc and import statements spell it. */
    public String relativePath() {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
