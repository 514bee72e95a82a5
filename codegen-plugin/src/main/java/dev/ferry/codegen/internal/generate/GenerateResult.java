package dev.ferry.codegen.internal.generate;

import java.util.List;
import java.util.Objects;

/**
 * What a generation run did.
 *
 * @param schemas schema files found
 * @param changed files regenerated because they are new or changed (or their outputs went missing)
 * @param dependents unchanged files regenerated because something they use changed
 * @param deleted schema files gone since the last run
 * @param bindings topic binding classes generated (0 when they were up to date)
 * @param written generated files created or rewritten with new content
 * @param removed generated files deleted because no schema produces them any more
 * @param notes warnings from generators and remarks for the log
 */
public record GenerateResult(
        Status status,
        int schemas,
        int changed,
        int dependents,
        int deleted,
        int bindings,
        int written,
        int removed,
        List<String> notes) {

    /** The outcome, for the mojo to phrase. */
    public enum Status {
        NO_SCHEMAS,
        UP_TO_DATE,
        GENERATED
    }

    public GenerateResult {
        Objects.requireNonNull(status, "status");
        notes = List.copyOf(notes);
    }
}
