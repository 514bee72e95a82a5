package dev.ferry.codegen.internal.avro;

import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.compat.SchemaReader;
import dev.ferry.codegen.internal.compat.VersionedSchema;
import dev.ferry.codegen.internal.incremental.DependencyGraph;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.serdes.avro.AvroFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Reads the .avsc files below a directory, each resolved with the types the others define, keyed by
 * the full name of the type each file defines, so a file may move or be renamed between versions.
 *
 * @param baseline whether the files are an earlier version (their problems are not the user's to fix in place)
 */
public record AvroSchemaReader(boolean baseline) implements SchemaReader {

    @Override
    public SchemaFormat format() {
        return SchemaFormat.AVRO;
    }

    @Override
    public Map<String, VersionedSchema> read(Path root, List<SchemaSource> sources, String what) {
        AvroBackend backend =
                new AvroBackend(root, AvroOptions.defaults(), getClass().getClassLoader());
        AvroSchemaParser.Parsed parsed =
                AvroSchemaParser.parse(sources, new DependencyGraph(backend.dependencies(sources)));
        if (!parsed.problems().isEmpty()) {
            throw SchemaReader.unparsable(
                    baseline, what, "Avro schemas", new SchemaProblemsException(parsed.problems()));
        }
        Map<String, VersionedSchema> schemas = new LinkedHashMap<>();
        parsed.schemas().forEach((file, schema) -> {
            String key = isNamed(schema)
                    ? schema.getFullName()
                    : root.relativize(file).toString().replace('\\', '/');
            schemas.putIfAbsent(key, new VersionedSchema(key, file, AvroFormat.of(schema)));
        });
        return schemas;
    }

    private static boolean isNamed(Schema schema) {
        return schema.getType() == Schema.Type.RECORD
                || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
    }
}
