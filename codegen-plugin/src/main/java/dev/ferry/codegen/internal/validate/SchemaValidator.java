package dev.ferry.codegen.internal.validate;

import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.generate.SchemaBackend;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.util.ArrayList;
import java.util.List;

/** Parses every schema of every language and reports all problems together. */
public final class SchemaValidator {
    private final List<SchemaBackend> backends;

    public SchemaValidator(List<SchemaBackend> backends) {
        this.backends = List.copyOf(backends);
    }

    /**
     * The number of schema files checked.
     *
     * @throws SchemaProblemsException listing every problem in every language
     */
    public int validate() {
        List<SchemaProblem> problems = new ArrayList<>();
        int checked = 0;
        for (SchemaBackend backend : backends) {
            List<SchemaSource> sources = backend.scan();
            checked += sources.size();
            try {
                backend.validate(sources);
            } catch (SchemaProblemsException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new SchemaProblemsException(problems);
        }
        return checked;
    }
}
