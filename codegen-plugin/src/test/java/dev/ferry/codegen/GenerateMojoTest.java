package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The mojo's own duties; generation itself is covered by the internal tests and the invoker ITs. */
class GenerateMojoTest {

    @Test
    void skipDoesNothing() {
        GenerateMojo mojo = new GenerateMojo(null);
        mojo.skip = true;

        // No project is set: any work would fail.
        assertThatCode(mojo::execute).doesNotThrowAnyException();
    }

    @Test
    void goalSkipDoesNothing() {
        GenerateMojo mojo = new GenerateMojo(null);
        mojo.skipGenerate = true;

        assertThatCode(mojo::execute).doesNotThrowAnyException();
    }

    @Test
    void aBadParameterFailsTheBuildNamingIt() {
        GenerateMojo mojo = new GenerateMojo(null);
        mojo.stringType = "Text";
        mojo.fieldVisibility = "PRIVATE";

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("stringType is 'Text': allowed values are CharSequence, String, Utf8");
    }
}
