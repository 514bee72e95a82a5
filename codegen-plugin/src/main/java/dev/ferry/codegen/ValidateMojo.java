package dev.ferry.codegen;

import dev.ferry.codegen.internal.avro.AvroOptions;
import dev.ferry.codegen.internal.generate.SchemaBackend;
import dev.ferry.codegen.internal.validate.SchemaValidator;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Parses every Avro and Protobuf schema, main and test, and fails the build listing each syntax or
 * semantic error as {@code file:line:column: message}, as a compiler would. Generates nothing.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>validate</goal></goals>
 * </execution>
 * }</pre>
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(
        name = "validate",
        defaultPhase = LifecyclePhase.PROCESS_SOURCES,
        requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class ValidateMojo extends AbstractSourcesMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.validate.skip", defaultValue = "false")
    boolean skipValidate;

    @Parameter(property = "ferry.avroSourceDirectory", defaultValue = "${project.basedir}/src/main/avro")
    File avroSourceDirectory;

    @Parameter(property = "ferry.testAvroSourceDirectory", defaultValue = "${project.basedir}/src/test/avro")
    File testAvroSourceDirectory;

    @Parameter(property = "ferry.testProtoSourceDirectory", defaultValue = "${project.basedir}/src/test/proto")
    File testProtoSourceDirectory;

    @Inject
    public ValidateMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipValidate;
    }

    @Override
    void executeGoal() throws DependencyResolutionRequiredException {
        Path work = workDirectory("validate");
        List<String> classpath = project.getCompileClasspathElements();
        AvroOptions avro = new AvroOptions(
                AvroOptions.defaults().stringType(),
                false,
                AvroOptions.defaults().fieldVisibility(),
                true,
                List.of(),
                importPaths());
        ClassLoader loader = getClass().getClassLoader();
        List<SchemaBackend> backends = Stream.of(
                        mainSources(avroSourceDirectory),
                        testSources(testAvroSourceDirectory, testProtoSourceDirectory))
                .flatMap(sources -> backends(sources, avro, loader, classpath, work).stream())
                .toList();
        int checked = new SchemaValidator(backends).validate();
        getLog().info("ferry: " + checked + " schemas valid");
    }
}
