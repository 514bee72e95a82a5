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
     */
    public CompatibilityReport check(CompatibilityLevel level, List<Baseline> baselinesNewestFirst) {
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
            for (VersionedSchema schema : current.values()) {
                List<ParsedSchema> previous = earlier.stream()
                        .map(versions -> versions.get(schema.key()))
                        .filter(Objects::nonNull)
                        .map(VersionedSchema::schema)
                        .toList();
                if (previous.isEmpty()) {
                    added.add(schema.file().toString());
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
                }
            });
        }
        return new CompatibilityReport(checked, added, removed, incompatibilities);
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
