package dev.ferry.codegen.internal.registry;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a subject's configured references into registry references: a version given is used (and
 * checked to exist when this run registered another version of that subject); else the version
 * registered earlier in the same run; else the referenced subject's latest version.
 */
final class ReferenceVersions {
    private final SchemaRegistryClient registry;
    private final Map<String, Integer> registeredThisRun = new HashMap<>();

    ReferenceVersions(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    void registered(String subject, int version) {
        registeredThisRun.put(subject, version);
    }

    Schema schemaOf(SubjectSpec spec) {
        List<SchemaReference> references = spec.references().stream()
                .map(reference -> new SchemaReference(reference.name(), reference.subject(), version(spec, reference)))
                .toList();
        return new Schema(spec.type(), spec.text(), references);
    }

    private int version(SubjectSpec spec, SubjectSpec.ReferenceSpec reference) {
        if (reference.version() != null) {
            Integer registered = registeredThisRun.get(reference.subject());
            if (registered != null && !registered.equals(reference.version())) {
                requirePinnedVersion(spec, reference, registered);
            }
            return reference.version();
        }
        Integer registered = registeredThisRun.get(reference.subject());
        if (registered != null) {
            return registered;
        }
        try {
            return registry.latest(reference.subject()).version();
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new CodegenFailure(
                        "subject '" + spec.subject() + "': its reference " + reference.name()
                                + " names the subject '" + reference.subject()
                                + "', which the registry does not have: register it first"
                                + " (list it in <subjects> before this one) or fix the reference",
                        e);
            }
            throw e;
        }
    }

    /**
     * A pinned version other than the one this run registered may be a deliberate older one; if the
     * registry lacks it, say so here rather than let the registry refuse the schema as invalid.
     */
    private void requirePinnedVersion(SubjectSpec spec, SubjectSpec.ReferenceSpec reference, int registered) {
        try {
            registry.schema(reference.subject(), reference.version());
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new CodegenFailure(
                        "subject '" + spec.subject() + "': its reference " + reference.name() + " pins version "
                                + reference.version() + " of subject '" + reference.subject()
                                + "', which the registry does not have; this run registered that subject as version "
                                + registered + ": pin " + registered + " or leave <version> out",
                        e);
            }
            throw e;
        }
    }
}
