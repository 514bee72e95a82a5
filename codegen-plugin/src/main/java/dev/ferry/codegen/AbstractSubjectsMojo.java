package dev.ferry.codegen;

import dev.ferry.codegen.internal.registry.SubjectSpec;
import dev.ferry.codegen.internal.registry.SubjectSpecs;
import dev.ferry.registry.SchemaRegistryClient;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** The registry goals that take schema files to their subjects: the same subjects, checked the same way. */
abstract class AbstractSubjectsMojo extends AbstractRegistryMojo {

    /** The subjects and their schema files (see {@link Subject}). */
    @Parameter
    List<Subject> subjects;

    AbstractSubjectsMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    /** The goal's work on the validated subjects; the registry is closed after it. */
    abstract void executeGoal(SchemaRegistryClient registry, List<SubjectSpec> specs);

    @Override
    final void executeGoal() {
        List<SubjectSpec> specs = SubjectSpecs.validate(subjects);
        try (SchemaRegistryClient registry = registryClient()) {
            executeGoal(registry, specs);
        }
    }
}
