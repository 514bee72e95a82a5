package dev.ferry.codegen.internal.compat;

import dev.ferry.registry.SchemaType;
import java.nio.file.Path;
import java.util.Map;

/** Reads every schema of one language below a directory, for comparing versions. */
public interface SchemaReader {

    SchemaType type();

    /**
     * The schemas below {@code root} by pairing key; none when the directory is missing.
     *
     * @param what "the project's" or a baseline's description, for error messages
     * @throws dev.ferry.codegen.internal.CodegenFailure if a schema does not parse
     */
    Map<String, VersionedSchema> read(Path root, String what);
}
