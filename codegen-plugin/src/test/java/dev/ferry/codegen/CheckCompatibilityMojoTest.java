package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * The goal's parameter checks (its skip switches are in AbstractFerryMojoTest); the comparison itself is
 * covered by CompatibilityCheckerTest and the ITs.
 */
class CheckCompatibilityMojoTest {

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

    private static CheckCompatibilityMojo mojo(String level) {
        CheckCompatibilityMojo mojo = new CheckCompatibilityMojo(null);
        mojo.compatibilityLevel = level;
        return mojo;
    }
}
