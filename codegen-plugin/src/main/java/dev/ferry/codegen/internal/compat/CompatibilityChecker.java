package dev.ferry.codegen.internal.compat;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.registry.spi.SchemaFormats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Compares the project's schemas with earlier versions of them, per language, with the rules of
 * that language's serdes {@link SchemaFormat} (Avro's {@code SchemaCompatibility}, Ferry's Protobuf
 * rules): the same judgement the registry makes when the schema is registered.
 */
public final class CompatibilityChecker {
    private final List<Language> languages;

    /**
     * A language: where the project keeps its schemas, its readers of those and of baselines, and where
     * in a baseline directory its schemas are.
     */
    public record Language(
            Path sourceRoot, SchemaReader current, SchemaReader baseline, UnaryOperator<Path> baselineRoot) {}

    public CompatibilityChecker(List<Language> languages) {
        this.languages = List.copyOf(languages);
    }

    /**
     * @param baselinesNewestFirst the earlier versions, each a directory of schemas; non-transitive
     *     levels use only the first
     * @param removedIsBreaking whether a schema of the newest baseline that the project lacks is a
     *     breaking change; it is often one renamed or moved, which the registry still compares under
     *     its unchanged subject while this check, pairing by name, cannot
     */
    public CompatibilityReport check(
            CompatibilityLevel level, List<Baseline> baselinesNewestFirst, boolean removedIsBreaking) {
        if (baselinesNewestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one baseline is needed");
        }
        List<Baseline> compared = level.isTransitive() ? baselinesNewestFirst : baselinesNewestFirst.subList(0, 1);
        int checked = 0;
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Incompatibility> incompatibilities = new ArrayList<>();
        for (Language language : languages) {
            Map<String, VersionedSchema> current = language.current().read(language.sourceRoot(), "the project's");
            List<Map<String, VersionedSchema>> earlier = new ArrayList<>();
            for (Baseline baseline : compared) {
                earlier.add(language.baseline()
                        .read(
                                language.baselineRoot().apply(baseline.root()),
                                "the baseline " + baseline.description() + "'s"));
            }
            SchemaFormat format = SchemaFormats.find(language.current().type())
                    .orElseThrow(() ->
                            new IllegalStateException("no " + language.current().type()
                                    + " schema format on the plugin's class path: ferry-serdes is missing"));
            List<VersionedSchema> addedHere = new ArrayList<>();
            for (VersionedSchema schema : current.values()) {
                List<ParsedSchema> previous = earlier.stream()
                        .map(versions -> versions.get(schema.key()))
                        .filter(Objects::nonNull)
                        .map(VersionedSchema::schema)
                        .toList();
                if (previous.isEmpty()) {
                    added.add(schema.file().toString());
                    addedHere.add(schema);
                    continue;
                }
                checked++;
                for (String message : check(format, level, schema, previous)) {
                    incompatibilities.add(new Incompatibility(schema.file(), message));
                }
            }
            earlier.get(0).forEach((key, schema) -> {
                if (!current.containsKey(key)) {
                    removed.add(schema.file().toString());
                    if (removedIsBreaking) {
                        incompatibilities.add(new Incompatibility(schema.file(), notInProject(schema, addedHere)));
                    }
                }
            });
        }
        return new CompatibilityReport(checked, added, removed, incompatibilities);
    }

    private static String notInProject(VersionedSchema removed, List<VersionedSchema> added) {
        String candidates = added.isEmpty()
                ? ""
                : ", which has new "
                        + added.stream()
                                .map(schema -> schema.key() + " (" + schema.file() + ")")
                                .collect(Collectors.joining(", "));
        return removed.key() + " is not in the project" + candidates + ". A schema renamed or moved keeps its"
                + " subject (TopicNameStrategy), where the registry compares old and new, but this check pairs"
                + " schemas by name and cannot: keep the name " + removed.key() + ", or, if nothing reads or"
                + " writes it any more, set <failOnRemovedSchema>false</failOnRemovedSchema>";
    }

    private static List<String> check(
            SchemaFormat format, CompatibilityLevel level, VersionedSchema schema, List<ParsedSchema> previous) {
        try {
            return format.checkCompatibility(level, schema.schema(), previous);
        } catch (RuntimeException e) {
            throw new CodegenFailure(schema.file() + ": cannot compare with the baseline: " + e.getMessage(), e);
        }
    }
}
