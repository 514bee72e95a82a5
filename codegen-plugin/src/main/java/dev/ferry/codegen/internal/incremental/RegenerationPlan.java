package dev.ferry.codegen.internal.incremental;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one format needs this run: {@code changed} files (new, edited, options changed, outputs
 * missing), {@code dependents} (unchanged files that use a changed or deleted one, transitively)
 * and {@code deleted} files whose outputs must go.
 */
public record RegenerationPlan(int total, Set<Path> changed, Set<Path> dependents, Set<Path> deleted) {

    public RegenerationPlan {
        changed = Set.copyOf(changed);
        dependents = Set.copyOf(dependents);
        deleted = Set.copyOf(deleted);
    }

    /** Every file to generate, changed and dependents, sorted. */
    public Set<Path> toGenerate() {
        Set<Path> all = new TreeSet<>(changed);
        all.addAll(dependents);
        return all;
    }

    public boolean isUpToDate() {
        return changed.isEmpty() && dependents.isEmpty() && deleted.isEmpty();
    }
}
