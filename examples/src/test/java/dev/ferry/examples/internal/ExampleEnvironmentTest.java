package dev.ferry.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleEnvironmentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://registry:8081|https://registry:8081",
        "https://app:s3cret@registry:8081/apis/ccompat/v7|https://registry:8081/apis/ccompat/v7",
        "http://a:1@r1:8081, http://r2:8081/x@y|http://r1:8081,http://r2:8081/x@y",
    })
    void registryUrlsAreShownWithoutUserInfo(String urls, String shown) {
        assertThat(ExampleEnvironment.withoutUserInfo(urls)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://u:pw/Ex4mple@h", "http://u:pw#Ex4mple@h:1", "http://u:pw,Ex4mple@h:1"})
    void aPasswordThatBreaksTheUrlNeverShows(String urls) {
        assertThatThrownBy(() -> ExampleEnvironment.withoutUserInfo(urls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("Ex4mple");
    }
}
