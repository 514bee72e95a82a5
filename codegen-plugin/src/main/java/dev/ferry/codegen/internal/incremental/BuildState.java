package dev.ferry.codegen.internal.incremental;

import dev.ferry.codegen.internal.source.SchemaFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The record of the last successful generation: per format a fingerprint of the options that shape
 * the output (a change regenerates everything of that format), per schema file its state, and the
 * topic bindings' state.
 */
public record BuildState(Map<SchemaFormat, String> fingerprints, Map<Path, FileState> files, BindingState bindings) {

    public static final BuildState EMPTY = new BuildState(Map.of(), Map.of(), BindingState.NONE);

    public BuildState {
        fingerprints = Map.copyOf(Objects.requireNonNull(fingerprints, "fingerprints"));
        files = Map.copyOf(Objects.requireNonNull(files, "files"));
        Objects.requireNonNull(bindings, "bindings");
    }

    public BuildState(Map<SchemaFormat, String> fingerprints, Map<Path, FileState> files) {
        this(fingerprints, files, BindingState.NONE);
    }

    public Map<Path, FileState> filesOf(SchemaFormat format) {
        return files.entrySet().stream()
                .filter(e -> e.getValue().format() == format)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
