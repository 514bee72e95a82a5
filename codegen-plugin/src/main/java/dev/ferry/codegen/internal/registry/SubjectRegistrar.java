package dev.ferry.codegen.internal.registry;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers schema files under their subjects, each after the listed subjects it references, so
 * that a reference without a version points at the schema just registered, and a pinned version
 * exists on a first deploy (as Confluent's plugin orders them).
 */
public final class SubjectRegistrar {
    private final SchemaRegistryClient registry;

    public SubjectRegistrar(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** What one registration gave. */
    public record Registered(String subject, int id, int version) {}

    /**
     * Stops at the first subject the registry refuses.
     *
     * @throws CodegenFailure naming the subject and file when the registry rejects a schema
     */
    public List<Registered> register(List<SubjectSpec> specs, boolean normalize) {
        ReferenceVersions versions = new ReferenceVersions(registry);
        List<Registered> registered = new ArrayList<>();
        for (SubjectSpec spec : inReferenceOrder(specs)) {
            Schema schema = versions.schemaOf(spec);
            try {
                int id = registry.register(spec.subject(), schema, normalize);
                RegisteredSchema found = registry.lookup(spec.subject(), schema, normalize);
                versions.registered(spec.subject(), found.version());
                registered.add(new Registered(spec.subject(), id, found.version()));
            } catch (SchemaRegistryException e) {
                throw RegistryFailures.of(spec, e);
            }
        }
        return registered;
    }

    /**
     * The listed subjects, each after the listed ones it references, with or without a pinned
     * version; otherwise in the given order.
     */
    static List<SubjectSpec> inReferenceOrder(List<SubjectSpec> specs) {
        Map<String, SubjectSpec> bySubject = new LinkedHashMap<>();
        specs.forEach(spec -> bySubject.put(spec.subject(), spec));
        Set<String> done = new LinkedHashSet<>();
        for (SubjectSpec spec : specs) {
            visit(spec, bySubject, done, new LinkedHashSet<>());
        }
        return done.stream().map(bySubject::get).toList();
    }

    private static void visit(
            SubjectSpec spec, Map<String, SubjectSpec> bySubject, Set<String> done, Set<String> inProgress) {
        if (done.contains(spec.subject())) {
            return;
        }
        if (!inProgress.add(spec.subject())) {
            throw new CodegenFailure("the subjects reference each other in a cycle: " + String.join(" -> ", inProgress)
                    + " -> " + spec.subject());
        }
        for (SubjectSpec.ReferenceSpec reference : spec.references()) {
            SubjectSpec referenced = bySubject.get(reference.subject());
            if (referenced != null) {
                visit(referenced, bySubject, done, inProgress);
            }
        }
        inProgress.remove(spec.subject());
        done.add(spec.subject());
    }
}
