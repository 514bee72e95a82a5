package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * The mojo's own duties (its skip switches are in AbstractFerryMojoTest); generation itself is covered
 * by the internal tests and the invoker ITs.
 */
class GenerateMojoTest {

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
