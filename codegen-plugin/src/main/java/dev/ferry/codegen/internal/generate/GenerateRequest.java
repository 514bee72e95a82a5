package dev.ferry.codegen.internal.generate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one generation run writes.
 *
 * @param outputDirectory the generated sources root
 * @param stateFile where the run records hashes, dependency edges and outputs for the next run
 * @param workDirectory scratch space (staging, protoc, extracted imports)
 * @param generator what generates, with its version (the plugin's); when it differs from the last
 *     run's, every schema is regenerated
 */
public record GenerateRequest(Path outputDirectory, Path stateFile, Path workDirectory, String generator) {

    public GenerateRequest {
        outputDirectory = Objects.requireNonNull(outputDirectory, "outputDirectory")
                .toAbsolutePath()
                .normalize();
        stateFile =
                Objects.requireNonNull(stateFile, "stateFile").toAbsolutePath().normalize();
        workDirectory = Objects.requireNonNull(workDirectory, "workDirectory")
                .toAbsolutePath()
                .normalize();
        Objects.requireNonNull(generator, "generator");
    }
}
