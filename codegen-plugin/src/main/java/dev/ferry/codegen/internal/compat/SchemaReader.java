package dev.ferry.codegen.internal.compat;

import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaScanner;
import dev.ferry.codegen.internal.source.SchemaSource;
import dev.ferry.registry.SchemaType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads every schema of one language below a directory, for comparing versions. */
public interface SchemaReader {

    SchemaFormat format();

    /** The registry's name for the language, whose rules compare its versions. */
    default SchemaType type() {
        return switch (format()) {
            case AVRO -> SchemaType.AVRO;
            case PROTOBUF -> SchemaType.PROTOBUF;
        };
    }

    /**
     * The schemas below {@code root} by pairing key; none when the directory is missing.
     *
     * @param what "the project's" or a baseline's description, for error messages
     * @throws dev.ferry.codegen.internal.CodegenFailure if a schema does not parse
     */
    default Map<String, VersionedSchema> read(Path root, String what) {
        List<SchemaSource> sources = SchemaScanner.scan(root, format());
        return sources.isEmpty() ? Map.of() : read(root, sources, what);
    }

    /** The schemas of {@code sources}, which are below {@code root}, by pairing key. */
    Map<String, VersionedSchema> read(Path root, List<SchemaSource> sources, String what);

    /**
     * The failure for schemas that do not parse. The project's are the user's to fix where they stand, so
     * each problem keeps its position; a baseline's are an earlier release's and cannot be fixed in place.
     *
     * @param files what the schemas are called in the message, such as "Avro schemas"
     */
    static CodegenFailure unparsable(boolean baseline, String what, String files, SchemaProblemsException problems) {
        if (!baseline) {
            return problems;
        }
        return new CodegenFailure(
                what + " " + files + " do not parse: "
                        + problems.problems().stream()
                                .map(SchemaProblem::format)
                                .collect(Collectors.joining("; ")),
                problems);
    }
}
