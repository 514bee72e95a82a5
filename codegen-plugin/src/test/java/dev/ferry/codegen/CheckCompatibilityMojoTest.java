package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal's parameter checks (its skip switches are in AbstractFerryMojoTest) and how it reads Avro
 * imports; the comparison itself is covered by CompatibilityCheckerTest and the ITs.
 */
class CheckCompatibilityMojoTest {
    private static final String MONEY = """
      {"type": "record", "name": "Money", "namespace": "com.acme", "fields": [{"name": "cents", "type": "long"}]}""";
    private static final String ORDER = """
      {"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
        {"name": "id", "type": "string"}, {"name": "total", "type": "com.acme.Money"}]}""";

    @TempDir
    Path dir;

    @Test
    void levelNoneChecksNothing() {
        CheckCompatibilityMojo mojo = mojo("none");

        assertThatCode(mojo::execute).doesNotThrowAnyException();
    }

    @Test
    void anUnknownLevelIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(mojo("BACKWARDS")::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "compatibilityLevel is 'BACKWARDS': allowed values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
                                + " FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }

    @Test
    void aBaselineIsRequired() {
        assertThatThrownBy(mojo("BACKWARD")::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "check-compatibility needs a baseline: set baselineDirectory (a directory of the earlier schemas)"
                                + " or baselineArtifact (groupId:artifactId:version of an earlier release)");
    }

    @Test
    void aDirectoryAndAnArtifactExcludeEachOther() {
        CheckCompatibilityMojo mojo = mojo("FULL");
        mojo.baselineDirectory = new File("baseline");
        mojo.baselineArtifact = "com.acme:schemas:1.0";

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("baselineDirectory and baselineArtifact exclude each other: set one");
    }

    @Test
    void aMissingBaselineDirectoryIsNamed() {
        CheckCompatibilityMojo mojo = mojo("FULL");
        mojo.baselineDirectory = new File("/no/such/baseline");

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("baselineDirectory /no/such/baseline is not a directory");
    }

    @Test
    void theProjectsSchemasMayUseTypesFromImportsOutsideTheAvroDirectory() throws Exception {
        write("src/main/avro-common/money.avsc", MONEY);
        write("src/main/avro/order.avsc", ORDER);
        // An artifact packaging src/main/avro only: the baseline lacks Money too.
        write("baseline/order.avsc", ORDER);
        CapturingLog log = new CapturingLog();
        CheckCompatibilityMojo mojo = projectMojo(log);

        assertThatCode(mojo::execute).doesNotThrowAnyException();
        assertThat(log.infos)
                .anySatisfy(line -> assertThat(line).startsWith("ferry: 1 schemas compatible at BACKWARD"));
    }

    @Test
    void anImportedTypeTheBaselineHoldsIsComparedWithIt() throws Exception {
        write("src/main/avro-common/money.avsc", MONEY);
        write("src/main/avro/order.avsc", ORDER);
        write(
                "baseline/money.avsc",
                MONEY.replace("\"long\"}", "\"long\"}, {\"name\": \"currency\", \"type\": \"string\"}"));
        write("baseline/order.avsc", ORDER);
        CheckCompatibilityMojo mojo = projectMojo(new CapturingLog());
        mojo.compatibilityLevel = "FORWARD";

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("com.acme.Money")
                .hasMessageContaining("currency");
    }

    private CheckCompatibilityMojo projectMojo(CapturingLog log) {
        MavenProject project = new MavenProject();
        project.getBuild().setDirectory(dir.resolve("target").toString());
        project.getBuild().setOutputDirectory(dir.resolve("target/classes").toString());
        CheckCompatibilityMojo mojo = mojo("BACKWARD");
        mojo.project = project;
        mojo.protocVersion = "4.36.2";
        mojo.avroSourceDirectory = dir.resolve("src/main/avro").toFile();
        mojo.protoSourceDirectory = dir.resolve("src/main/proto").toFile();
        mojo.imports = List.of(dir.resolve("src/main/avro-common").toFile());
        mojo.baselineDirectory = dir.resolve("baseline").toFile();
        mojo.failOnRemovedSchema = true;
        mojo.setLog(log);
        return mojo;
    }

    private void write(String file, String content) throws Exception {
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
    }

    /** Keeps what the goal reports, to see that it compared. */
    private static final class CapturingLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }
    }

    private static CheckCompatibilityMojo mojo(String level) {
        CheckCompatibilityMojo mojo = new CheckCompatibilityMojo(null);
        mojo.compatibilityLevel = level;
        return mojo;
    }
}
