package dev.ferry.codegen.internal.generate;

import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.source.SchemaFormat;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One schema language: how to find its files, relate them, check them and generate Java. */
public interface SchemaBackend {

    SchemaFormat format();

    /** The schema files of this language, in the order they should be considered. */
    List<SchemaSource> scan();

    /** A digest of every option that shapes generated code: when it changes, everything regenerates. */
    String fingerprint();

    /** Per file, the other files among {@code sources} it uses. Every source is a key. */
    Map<Path, Set<Path>> dependencies(List<SchemaSource> sources);

    /**
     * Generates Java for {@code targets} (a subset of {@code sources}, which all stay visible for
     * references) into {@code stagingDirectory}.
     *
     * @throws SchemaProblemsException if a schema does not parse
     */
    GeneratedFiles generate(List<SchemaSource> sources, Set<Path> targets, Path stagingDirectory);

    /**
     * Parses every file and reports every problem at once.
     *
     * @throws SchemaProblemsException if any schema does not parse
     */
    void validate(List<SchemaSource> sources);

    /**
     * The records or messages {@code sources} define, for topic bindings: by schema full name and by
     * Java class name.
     *
     * @throws SchemaProblemsException if a schema does not parse
     */
    Map<String, BoundType> types(List<SchemaSource> sources);
}
