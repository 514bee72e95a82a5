package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.compat.SchemaReader;
import dev.ferry.codegen.internal.compat.VersionedSchema;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.serdes.avro.AvroFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Reads the .avsc files below a directory, each resolved with the types the others define, keyed by
 * the full name of the type each file defines, so a file may move or be renamed between versions.
 *
 * <p>The project's schemas are its {@code imports} (files or directories, as generate parses them) and
 * the files below the directory; all are compared. A baseline is read alone when it defines every type
 * it uses. An artifact often packages only src/main/avro, though, not an imports directory beside it:
 * the import files defining types the baseline lacks then complete it, as the current version of those
 * types (the alternative is refusing to read the baseline at all). They are not the baseline's own
 * schemas, so they are not returned, and a change in them is seen only where a baseline packages them.
 *
 * @param baseline whether the files are an earlier version (their problems are not the user's to fix in place)
 * @param imports .avsc files or directories parsed before the others, as generate's {@code imports}
 */
public record AvroSchemaReader(boolean baseline, List<Path> imports) implements SchemaReader {

    public AvroSchemaReader {
        imports = List.copyOf(imports);
    }

    @Override
    public SchemaFormat format() {
        return SchemaFormat.AVRO;
    }

    @Override
    public Map<String, VersionedSchema> read(Path root, String what) {
        if (baseline) {
            return SchemaReader.super.read(root, what);
        }
        List<SchemaSource> sources = SchemaScanner.scan(imports, root, format());
        return sources.isEmpty() ? Map.of() : read(root, sources, what);
    }

    @Override
    public Map<String, VersionedSchema> read(Path root, List<SchemaSource> sources, String what) {
        List<SchemaSource> completion = baseline ? missingFromImports(sources) : List.of();
        List<SchemaSource> parsedTogether = new ArrayList<>(completion);
        parsedTogether.addAll(sources);
        AvroBackend backend =
                new AvroBackend(root, AvroOptions.defaults(), getClass().getClassLoader());
        AvroSchemaParser.Parsed parsed =
                AvroSchemaParser.parse(parsedTogether, new DependencyGraph(backend.dependencies(parsedTogether)));
        if (!parsed.problems().isEmpty()) {
            throw SchemaReader.unparsable(
                    baseline, what, "Avro schemas", new SchemaProblemsException(parsed.problems()));
        }
        Map<String, VersionedSchema> schemas = new LinkedHashMap<>();
        Set<Path> completionFiles = completion.stream().map(SchemaSource::file).collect(Collectors.toSet());
        parsed.schemas().forEach((file, schema) -> {
            if (completionFiles.contains(file)) {
                return;
            }
            String key = isNamed(schema)
                    ? schema.getFullName()
                    : root.relativize(file).toString().replace('\\', '/');
            schemas.putIfAbsent(key, new VersionedSchema(key, file, AvroFormat.of(schema)));
        });
        return schemas;
    }

    /**
     * The import files whose types the baseline {@code sources} do not define. A file defining any of
     * the baseline's types is left out whole: Avro refuses a name defined twice, and the baseline's own
     * version is the one to compare.
     */
    private List<SchemaSource> missingFromImports(List<SchemaSource> sources) {
        if (imports.isEmpty()) {
            return List.of();
        }
        Set<String> defined = new HashSet<>();
        sources.forEach(
                source -> defined.addAll(AvroNameScanner.scan(source.content()).defined()));
        return SchemaScanner.scanEntries(imports, format()).stream()
                .filter(source -> AvroNameScanner.scan(source.content()).defined().stream()
                        .noneMatch(defined::contains))
                .toList();
    }

    private static boolean isNamed(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
    }
}
