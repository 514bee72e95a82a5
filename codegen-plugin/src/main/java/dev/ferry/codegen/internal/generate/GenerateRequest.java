package dev.ferry.codegen.internal.generate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one generation run writes.
 *
 * @param outputDirectory the generated sources root
 * @param stateFile where the run records hashes, dependency edges and outputs for the next run
 * @param workDirectory scratch space (staging, protoc, extracted imports)
 */
public record GenerateRequest(Path outputDirectory, Path stateFile, Path workDirectory) {

    public GenerateRequest {
        outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory")
                .toAbsolutePath()
                .normalize();
        stateFile =
                Objects.requireNonNull(stateFile, "stateFile").toAbsolutePath().normalize();
        workDirectory = Objects.requireNonNull(workDirectory, "workDirectory")
                .toAbsolutePath()
                .normalize();
    }
}
