package dev.ferry.producer.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.internal.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingMapTest {

    @Test
    void toStringHidesSecretValuesWhileLookupsSeeThem() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("schema.registry.url", "http://registry:8081");
        plain.put("basic.auth.credentials.source", "USER_INFO");
        plain.put("basic.auth.user.info", "app:s3cret-1");
        plain.put("bearer.auth.token", "tok-2");
        plain.put("schema.registry.ssl.keystore.password", "pw-3");
        plain.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----k4");
        plain.put("sasl.jaas.config", "Module required password=\"j5\";");
        plain.put("client.secret", "c6");

        Map<String, Object> masked = SecretMaskingMap.of(plain);

        assertThat(masked.toString())
                .doesNotContain("s3cret-1", "tok-2", "pw-3", "k4", "j5", "c6")
                .contains(
                        "schema.registry.url=http://registry:8081",
                        "basic.auth.credentials.source=USER_INFO",
                        "basic.auth.user.info=[hidden]");
        assertThat(masked).isEqualTo(plain).containsEntry("basic.auth.user.info", "app:s3cret-1");
        assertThatThrownBy(() -> masked.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringStripsTheUserInfoOfUrlsAndHidesRequestHeaders() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("schema.registry.url", "https://app:pw-1@reg-a:8081,https://reg-b:8081, http://bob:p/w@2@reg-c");
        plain.put("other.registry.url", "https://carl:pw,5@reg-f");
        plain.put("registry.urls", List.of("https://carol:pw-3@reg-d", "https://reg-e"));
        plain.put("request.header.X-Api-Key", "key-4");
        plain.put("request.header.X-Tenant", "blue");

        Map<String, Object> masked = SecretMaskingMap.of(plain);

        assertThat(masked.toString())
                .isEqualTo("{schema.registry.url=https://[hidden]@reg-a:8081,https://reg-b:8081,"
                        + " http://[hidden]@reg-c, other.registry.url=https://[hidden]@reg-f,"
                        + " registry.urls=[https://[hidden]@reg-d, https://reg-e],"
                        + " request.header.X-Api-Key=[hidden], request.header.X-Tenant=[hidden]}");
        assertThat(masked).isEqualTo(plain);
        assertThat(Redaction.isSecretKey("request.header.X-Api-Key")).isTrue();
    }
}
