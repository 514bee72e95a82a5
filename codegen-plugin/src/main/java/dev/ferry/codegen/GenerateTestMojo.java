package dev.ferry.codegen;

import dev.ferry.codegen.internal.binding.BindingRequest;
import java.io.File;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * The test twin of {@link GenerateMojo}: generates Java from {@code src/test/avro} and
 * {@code src/test/proto} into the test sources. Test .proto files may import the main ones.
 *
 * <pre>{@code
 * <execution>
 *   <goals><goal>generate-test</goal></goals>
 * </execution>
 * }</pre>
 *
 * <p>Maven runs a mojo instance on one thread; instances are not shared.
 */
@Mojo(
        name = "generate-test",
        defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES,
        requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {

    /** Skips this goal only. */
    @Parameter(property = "ferry.generate-test.skip", defaultValue = "false")
    boolean skipGenerateTest;

    /** Where the test .avsc files are. */
    @Parameter(property = "ferry.testAvroSourceDirectory", defaultValue = "${project.basedir}/src/test/avro")
    File testAvroSourceDirectory;

    /** Where the test .proto files are. */
    @Parameter(property = "ferry.testProtoSourceDirectory", defaultValue = "${project.basedir}/src/test/proto")
    File testProtoSourceDirectory;

    /** Where the generated Java goes; added to the test compile sources. */
    @Parameter(
            property = "ferry.testOutputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/ferry")
    File testOutputDirectory;

    /** Where the listing of generated Avro classes goes ({@code META-INF/ferry/avro-classes}). */
    @Parameter(
            property = "ferry.testResourceDirectory",
            defaultValue = "${project.build.directory}/generated-test-resources/ferry")
    File testResourceDirectory;

    @Inject
    public GenerateTestMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    boolean goalSkipped() {
        return skipGenerateTest;
    }

    @Override
    String goal() {
        return "generate-test";
    }

    @Override
    Layout layout() {
        return new Layout(
                true,
                testSources(testAvroSourceDirectory, testProtoSourceDirectory),
                testOutputDirectory,
                testResourceDirectory);
    }

    @Override
    BindingRequest bindings(ClassLoader projectLoader, List<String> classpath) {
        return BindingRequest.none();
    }
}
