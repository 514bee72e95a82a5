package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ferry.codegen.internal.protobuf.ProtobufOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every goal's skip switches (no project is set: any work would fail), and what protoc is given. */
class AbstractFerryMojoTest {

    static Stream<Arguments> goals() {
        return Stream.of(
                goal("generate", () -> new GenerateMojo(null), mojo -> mojo.skipGenerate = true),
                goal("generate-test", () -> new GenerateTestMojo(null), mojo -> mojo.skipGenerateTest = true),
                goal("validate", () -> new ValidateMojo(null), mojo -> mojo.skipValidate = true),
                goal(
                        "check-compatibility",
                        () -> new CheckCompatibilityMojo(null),
                        mojo -> mojo.skipCheckCompatibility = true),
                goal("download", () -> new DownloadMojo(null), mojo -> mojo.skipDownload = true),
                goal("register", () -> new RegisterMojo(null), mojo -> mojo.skipRegister = true),
                goal(
                        "test-compatibility",
                        () -> new TestCompatibilityMojo(null),
                        mojo -> mojo.skipTestCompatibility = true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goals")
    void skipDoesNothing(String goal, Supplier<AbstractFerryMojo> create, Supplier<AbstractFerryMojo> goalSkipped) {
        AbstractFerryMojo mojo = create.get();
        mojo.skip = true;

        assertThatCode(mojo::execute).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goals")
    void goalSkipDoesNothing(String goal, Supplier<AbstractFerryMojo> create, Supplier<AbstractFerryMojo> goalSkipped) {
        assertThatCode(goalSkipped.get()::execute).doesNotThrowAnyException();
    }

    @Test
    void protocImportsFromDependencyDirectoriesButNotFromTheProjectsOwnOutput(@TempDir Path dir) {
        MavenProject project = new MavenProject();
        project.getBuild().setOutputDirectory(dir.resolve("target/classes").toString());
        project.getBuild()
                .setTestOutputDirectory(dir.resolve("target/test-classes").toString());
        GenerateMojo mojo = new GenerateMojo(null);
        mojo.project = project;
        mojo.protocVersion = "4.36.2";

        ProtobufOptions options = mojo.protobufOptions(
                List.of(),
                List.of(
                        dir.resolve("target/test-classes").toString(),
                        dir.resolve("target/classes").toString(),
                        dir.resolve("schemas/target/classes").toString(),
                        dir.resolve("repo/protobuf-java.jar").toString()));

        // The project's own .proto files are its sources, already an import root; they reach its
        // output directories only after generation, so counting them would churn the fingerprint.
        assertThat(options.classpath())
                .containsExactly(dir.resolve("schemas/target/classes"), dir.resolve("repo/protobuf-java.jar"));
    }

    private static <M extends AbstractFerryMojo> Arguments goal(String name, Supplier<M> create, Consumer<M> skipGoal) {
        Supplier<M> goalSkipped = () -> {
            M mojo = create.get();
            skipGoal.accept(mojo);
            return mojo;
        };
        return Arguments.of(name, create, goalSkipped);
    }
}
