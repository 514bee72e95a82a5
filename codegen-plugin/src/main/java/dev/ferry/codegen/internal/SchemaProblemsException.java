package dev.ferry.codegen.internal;

import java.util.List;
import java.util.stream.Collectors;

/** One or more schemas do not parse; the message lists every problem, one per line. */
public final class SchemaProblemsException extends CodegenFailure {
    private static final long serialVersionUID = 1L;

    private final transient List<SchemaProblem> problems;

    public SchemaProblemsException(List<SchemaProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<SchemaProblem> problems() {
        return problems;
    }

    private static String describe(List<SchemaProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SchemaProblemsException needs at least one problem");
        }
        String header = problems.size() == 1 ? "1 invalid schema:" : problems.size() + " schema problems:";
        return problems.stream()
                .map(SchemaProblem::format)
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
