package dev.ferry.codegen.internal.protobuf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run protoc.
 *
 * @param protocIdentity what identifies the protoc in use (its version, or its path when set by
 *     hand): a change regenerates every .proto
 * @param importDirectories more directories whose .proto files may be imported (test schemas
 *     importing main ones), not generated
 * @param classpath the project's dependencies, whose .proto files may be imported
 */
public record ProtobufOptions(
        String protocIdentity, List<Path> importDirectories, List<Path> classpath, Duration timeout) {

    public ProtobufOptions {
        Objects.requireNonNull(protocIdentity, "protocIdentity");
        importDirectories = List.copyOf(importDirectories);
        classpath = List.copyOf(classpath);
        Objects.requireNonNull(timeout, "timeout");
    }
}
