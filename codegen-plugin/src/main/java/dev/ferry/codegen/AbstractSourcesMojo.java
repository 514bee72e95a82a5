package dev.ferry.codegen;

import dev.ferry.codegen.internal.avro.AvroBackend;
import dev.ferry.codegen.internal.avro.AvroOptions;
import dev.ferry.codegen.internal.generate.SchemaBackend;
import dev.ferry.codegen.internal.protobuf.ProtobufBackend;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** The goals that parse the project's schema sources, main or test: generate, generate-test and validate. */
abstract class AbstractSourcesMojo extends AbstractFerryMojo {

    /** Where the main .proto files are; this is protoc's import root, and test .proto files may import them. */
    @Parameter(property = "ferry.protoSourceDirectory", defaultValue = "${project.basedir}/src/main/proto")
    File protoSourceDirectory;

    /**
     * .avsc files or directories parsed before the others. Rarely needed: files that use each other's
     * types are parsed in dependency order anyway.
     */
    @Parameter
    List<File> imports;

    AbstractSourcesMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    /**
     * The schema directories of one source set.
     *
     * @param protoImports directories its .proto files may import besides their own
     */
    record Sources(File avro, File proto, List<Path> protoImports) {}

    Sources mainSources(File avroSourceDirectory) {
        return new Sources(avroSourceDirectory, protoSourceDirectory, List.of());
    }

    Sources testSources(File testAvroSourceDirectory, File testProtoSourceDirectory) {
        return new Sources(testAvroSourceDirectory, testProtoSourceDirectory, List.of(protoSourceDirectory.toPath()));
    }

    List<Path> importPaths() {
        return imports == null ? List.of() : imports.stream().map(File::toPath).toList();
    }

    /** The backends that read one source set's Avro and Protobuf schemas. */
    List<SchemaBackend> backends(
            Sources sources, AvroOptions avro, ClassLoader loader, List<String> classpath, Path work) {
        return List.of(
                new AvroBackend(sources.avro().toPath(), avro, loader),
                new ProtobufBackend(
                        sources.proto().toPath(),
                        protobufOptions(sources.protoImports(), classpath),
                        protocLocator(work),
                        work));
    }
}
