package dev.ferry.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExampleEnvironmentTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://registry:8081|https://registry:8081",
                "https://app:s3cret@registry:8081/apis/ccompat/v7|https://[hidden]@registry:8081/apis/ccompat/v7",
                "http://a:1@r1:8081, http://r2:8081|http://[hidden]@r1:8081, http://r2:8081",
                "http://u:pa/Ex4mple@h|http://[hidden]@h",
                "http://u:pw#Ex4mple@h:1|http://[hidden]@h:1",
                "http://u:pw,Ex4mple@h:1|http://[hidden]@h:1",
            })
    void registryUrlsAreShownWithoutUserInfo(String urls, String shown) {
        assertThat(ExampleEnvironment.describeRegistry(urls, null)).isEqualTo(shown);
    }

    @Test
    void theInMemoryRegistryIsNamedByItsScope() {
        assertThat(ExampleEnvironment.describeRegistry("mock://ferry-quickstart", "ferry-quickstart"))
                .isEqualTo("mock://ferry-quickstart (in memory)");
    }
}
