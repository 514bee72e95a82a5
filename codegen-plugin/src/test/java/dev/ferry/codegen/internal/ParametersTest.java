package dev.ferry.codegen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.generic.GenericData.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParametersTest {

    @ParameterizedTest
    @ValueSource(strings = {"String", "string", " STRING "})
    void enumValuesIgnoreCaseAndSpaces(String value) {
        assertThat(Parameters.oneOf("stringType", value, StringType.class)).isEqualTo(StringType.String);
    }

    @Test
    void unknownEnumValueNamesParameterValueAndChoices() {
        assertThatThrownBy(() -> Parameters.oneOf("stringType", "Text", StringType.class))
                .isInstanceOf(CodegenFailure.class)
                .hasMessage("stringType is 'Text': allowed values are CharSequence, String, Utf8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.36.2", "3.25.5", "4.0.0-rc1"})
    void acceptsVersions(String version) {
        assertThat(Parameters.version("protocVersion", version)).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "4.36.2 ; rm", "v4"})
    void rejectsNonVersions(String version) {
        assertThatThrownBy(() -> Parameters.version("protocVersion", version))
                .isInstanceOf(CodegenFailure.class)
                .hasMessage("protocVersion is '" + version + "': expected a version such as 4.36.2");
    }

    @Test
    void classNamesMustBeQualifiedIdentifiers() {
        assertThat(Parameters.className("customConversions", "com.example.Money$Conversion"))
                .isEqualTo("com.example.Money$Conversion");
        assertThatThrownBy(() -> Parameters.className("customConversions", "com.example.1Bad"))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageContaining("customConversions contains 'com.example.1Bad'");
    }
}
