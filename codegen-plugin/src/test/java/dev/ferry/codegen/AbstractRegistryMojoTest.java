package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a registry goal reports a registry configuration the user can fix: a build failure naming the key, no secret. */
class AbstractRegistryMojoTest {

    @Test
    void aUrlListWithUserInfoFailsTheBuildWithoutThePassword() {
        DownloadMojo mojo = mojo("https://u:p4ss@reg,", Map.of());

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "registry configuration: Invalid value https://[hidden]@reg, for configuration schema.registry.url:"
                                + " contains an empty URL, allowed: comma-separated http(s):// URLs or one mock://scope");
    }

    @Test
    void aMalformedUrlFailsTheBuildWithoutThePasswordAnywhereInTheChain() {
        DownloadMojo mojo = mojo("http://u:UrlPa55@127.0.0.1:45957/a b", Map.of());

        Throwable failure = catchThrowable(mojo::execute);

        assertThat(failure)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("registry configuration: Invalid value http://[hidden]@127.0.0.1:45957/a b for"
                        + " configuration schema.registry.url: is malformed (Illegal character in path at index 33)");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).contains("URISyntaxException").doesNotContain("UrlPa55");
    }

    @Test
    void anUnreadableTrustStoreFailsTheBuildNamingKeyAndFile(@TempDir Path dir) {
        Path missing = dir.resolve("trust.p12");
        DownloadMojo mojo = mojo(
                "https://registry:8081",
                Map.of(
                        "schema.registry.ssl.truststore.location", missing.toString(),
                        "schema.registry.ssl.truststore.password", "trust-pw-1",
                        "schema.registry.ssl.truststore.type", "PKCS12"));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("registry configuration: Invalid value " + missing
                        + " for configuration schema.registry.ssl.truststore.location: cannot be read as a PKCS12 store:"
                        + " no such file");
    }

    @Test
    void aStorePasswordWithoutItsLocationFailsTheBuild() {
        DownloadMojo mojo =
                mojo("https://registry:8081", Map.of("schema.registry.ssl.keystore.password", "store-pw-2"));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage(
                        "registry configuration: Invalid value [hidden] for configuration"
                                + " schema.registry.ssl.keystore.password: is set but schema.registry.ssl.keystore.location is not");
    }

    private static DownloadMojo mojo(String url, Map<String, String> properties) {
        DownloadMojo mojo = new DownloadMojo(null);
        mojo.subjectPatterns = List.of(".*");
        mojo.schemaRegistryUrl = url;
        mojo.registryProperties = properties;
        return mojo;
    }
}
