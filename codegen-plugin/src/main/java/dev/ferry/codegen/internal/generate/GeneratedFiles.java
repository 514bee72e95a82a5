package dev.ferry.codegen.internal.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one backend wrote into its staging directory: per schema file, the generated files
 * (relative paths) it owns, and any warnings the generator printed.
 */
public record GeneratedFiles(Map<Path, Set<String>> outputsBySource, List<String> warnings) {

    public GeneratedFiles {
        outputsBySource = Map.copyOf(outputsBySource);
        warnings = List.copyOf(warnings);
    }
}
