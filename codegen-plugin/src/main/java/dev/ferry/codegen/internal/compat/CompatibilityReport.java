package dev.ferry.codegen.internal.compat;

import java.util.List;

/**
 * The outcome of comparing the project's schemas with a baseline.
 *
 * @param checked schemas compared with at least one earlier version
 * @param added schemas the baseline does not have (nothing to compare), as file paths
 * @param removed schemas of the newest baseline the project no longer has, as file paths
 */
public record CompatibilityReport(
        int checked, List<String> added, List<String> removed, List<Incompatibility> incompatibilities) {

    public CompatibilityReport {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        incompatibilities = List.copyOf(incompatibilities);
    }

    public boolean compatible() {
        return incompatibilities.isEmpty();
    }
}
