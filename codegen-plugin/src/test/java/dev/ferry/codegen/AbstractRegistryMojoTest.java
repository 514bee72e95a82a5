package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** How a registry goal reports a registry configuration the user can fix: a build failure naming the key, no secret. */
class AbstractRegistryMojoTest {

  @Test
  void aUrlListWithUserInfoFailsTheBuildWithoutThePassword() {
    DownloadMojo mojo = mojo("https://u:p4ss@reg,", Map.of());

    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("registry configuration: schema.registry.url was 'https://[hidden]@reg,': contains an empty URL,"
            + " allowed: comma-separated http(s):// URLs or one mock://scope");
  }

  private static DownloadMojo mojo(String url, Map<String, String> properties) {
    DownloadMojo mojo = new DownloadMojo(null);
    mojo.subjectPatterns = List.of(".*");
    mojo.schemaRegistryUrl = url;
    mojo.registryProperties = properties;
    return mojo;
  }
}
