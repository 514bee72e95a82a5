package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every goal's skip switches. No project is set: any work would fail. */
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

    private static <M extends AbstractFerryMojo> Arguments goal(String name, Supplier<M> create, Consumer<M> skipGoal) {
        Supplier<M> goalSkipped = () -> {
            M mojo = create.get();
            skipGoal.accept(mojo);
            return mojo;
        };
        return Arguments.of(name, create, goalSkipped);
    }
}
