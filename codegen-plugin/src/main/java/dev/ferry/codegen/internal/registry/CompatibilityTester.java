package dev.ferry.codegen.internal.registry;

import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;

/** Asks the registry whether each schema file may be registered under its subject, with the registry's reasons. */
public final class CompatibilityTester {
    private final SchemaRegistryClient registry;

    public CompatibilityTester(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** The answer for one subject: new (the registry has no version yet), compatible, or not, with reasons. */
    public record Verdict(SubjectSpec spec, boolean isNew, CompatibilityResult result) {

        public boolean compatible() {
            return isNew || result.compatible();
        }
    }

    /**
     * Asks for every subject, so one run lists every incompatibility. Asks the check register makes
     * (every version at a {@code *_TRANSITIVE} level), not the one against the newest version only,
     * so that a pass here means register will not be refused.
     */
    public List<Verdict> test(List<SubjectSpec> specs) {
        ReferenceVersions versions = new ReferenceVersions(registry);
        List<Verdict> verdicts = new ArrayList<>();
        for (SubjectSpec spec : specs) {
            try {
                verdicts.add(new Verdict(
                        spec, false, registry.testCompatibilityForSubject(spec.subject(), versions.schemaOf(spec))));
            } catch (SchemaRegistryException e) {
                if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                        || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                    verdicts.add(new Verdict(spec, true, CompatibilityResult.ok()));
                } else {
                    throw RegistryFailures.of(spec, e);
                }
            }
        }
        return verdicts;
    }
}
