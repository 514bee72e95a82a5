package dev.ferry.codegen.internal.incremental;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which schema files of one format to regenerate, by content hash and dependency edges
 * rather than timestamps: a file is regenerated when it changed or when anything it uses changed,
 * transitively.
 */
public final class RegenerationPlanner {

    private RegenerationPlanner() {}

    /**
     * @param previous the last run's state of this format's files
     * @param fingerprintChanged the options that shape generated code differ from the last run
     * @param hashes current files and their content hashes
     * @param current current dependency edges of the current files
     * @param outputDirectory where recorded outputs must still exist
     */
    public static RegenerationPlan plan(
            Map<Path, FileState> previous,
            boolean fingerprintChanged,
            Map<Path, String> hashes,
            DependencyGraph current,
            Path outputDirectory) {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Set<Path> changed = new TreeSet<>();
        for (Map.Entry<Path, String> entry : hashes.entrySet()) {
            FileState before = previous.get(entry.getKey());
            if (fingerprintChanged
                    || before == null
                    || !before.hash().equals(entry.getValue())
                    || anyOutputMissing(before, outputDirectory)) {
                changed.add(entry.getKey());
            }
        }
        Set<Path> deleted = new TreeSet<>(previous.keySet());
        deleted.removeAll(hashes.keySet());

        Set<Path> roots = new HashSet<>(changed);
        roots.addAll(deleted);
        Set<Path> dependents = new TreeSet<>(combined(previous, current).transitiveDependentsOf(roots));
        dependents.removeAll(changed);
        dependents.removeAll(deleted);
        return new RegenerationPlan(hashes.size(), changed, dependents, deleted);
    }

    // A file that used a deleted file has no current edge to it any more: the old edges find it.
    private static DependencyGraph combined(Map<Path, FileState> previous, DependencyGraph current) {
        Map<Path, Set<Path>> edges = new HashMap<>();
        previous.forEach((file, state) ->
                edges.computeIfAbsent(file, k -> new HashSet<>()).addAll(state.dependsOn()));
        for (Path file : current.nodes()) {
            edges.computeIfAbsent(file, k -> new HashSet<>()).addAll(current.dependenciesOf(file));
        }
        return new DependencyGraph(edges);
    }

    private static boolean anyOutputMissing(FileState state, Path outputDirectory) {
        return state.outputs().stream().anyMatch(output -> !Files.isRegularFile(outputDirectory.resolve(output)));
    }
}
