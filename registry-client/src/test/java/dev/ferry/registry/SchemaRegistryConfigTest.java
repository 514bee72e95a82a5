package dev.ferry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import dev.ferry.testkit.TestCertificate;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaRegistryConfigTest {

    @TempDir
    static Path dir;

    static TestCertificate client;

    @BeforeAll
    static void makeStores() {
        client = TestCertificate.selfSigned(dir, "client");
    }

    /** A key store without entries: loads with its password, holds nothing to trust or present. */
    private static Path emptyStore(String name, String type, String password) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void defaultsAreConfluentsExceptTheLatestTtl() {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().urls("http://registry:8081").build();

        assertThat(config.urls()).containsExactly(URI.create("http://registry:8081"));
        assertThat(config.mockScope()).isEmpty();
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.bearerToken()).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.retryWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryMaxWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.maxSchemasPerSubject()).isEqualTo(1000);
        assertThat(config.latestCacheSize()).isEqualTo(1000);
        assertThat(config.latestCacheTtl()).contains(Duration.ofSeconds(60));
        assertThat(config.missingIdCacheTtl()).isZero();
        assertThat(config.missingCacheSize()).isEqualTo(10_000);
        assertThat(config.ssl().isCustomized()).isFalse();
    }

    @Test
    void fromPropertiesReadsEveryConfluentKeyAndIgnoresOthers() throws Exception {
        Path truststore = emptyStore("trust.p12", "PKCS12", "trustpw");
        Map<String, Object> properties = new HashMap<>();
        properties.put("schema.registry.url", "https://a:8081/base/, https://b:8081");
        properties.put("basic.auth.credentials.source", "USER_INFO");
        properties.put("basic.auth.user.info", "app:s3cret");
        properties.put("request.header.X-Tenant", "blue");
        properties.put("http.connect.timeout.ms", 1500);
        properties.put("http.read.timeout.ms", "2500");
        properties.put("max.retries", "5");
        properties.put("retries.wait.ms", 10L);
        properties.put("retries.max.wait.ms", 200);
        properties.put("max.schemas.per.subject", 50);
        properties.put("latest.cache.size", 7);
        properties.put("latest.cache.ttl.sec", "-1");
        properties.put("missing.id.cache.ttl.sec", 30);
        properties.put("missing.version.cache.ttl.sec", 31);
        properties.put("missing.schema.cache.ttl.sec", 32);
        properties.put("missing.cache.size", 99);
        properties.put("schema.registry.ssl.truststore.location", truststore.toString());
        properties.put("schema.registry.ssl.truststore.password", "trustpw");
        properties.put("schema.registry.ssl.truststore.type", "pkcs12");
        properties.put("schema.registry.ssl.endpoint.identification.algorithm", "");
        properties.put("key.serializer", "whatever");
        properties.put("acks", "all");

        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(properties);

        assertThat(config.urls()).containsExactly(URI.create("https://a:8081/base"), URI.create("https://b:8081"));
        assertThat(config.basicAuthUserInfo()).contains("app:s3cret");
        assertThat(config.requestHeaders()).containsExactly(Map.entry("X-Tenant", "blue"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.retryWait()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.retryMaxWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.maxSchemasPerSubject()).isEqualTo(50);
        assertThat(config.latestCacheSize()).isEqualTo(7);
        assertThat(config.latestCacheTtl()).isEmpty();
        assertThat(config.missingIdCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.missingVersionCacheTtl()).isEqualTo(Duration.ofSeconds(31));
        assertThat(config.missingSchemaCacheTtl()).isEqualTo(Duration.ofSeconds(32));
        assertThat(config.missingCacheSize()).isEqualTo(99);
        assertThat(config.ssl().truststoreLocation()).isEqualTo(truststore);
        assertThat(config.ssl().truststoreType()).isEqualTo("PKCS12");
        assertThat(config.ssl().truststorePassword()).isEqualTo("trustpw");
        assertThat(config.ssl().endpointIdentification()).isFalse();
    }

    @Test
    void urlListAndUserInfoInTheUrl() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(
                Map.of("schema.registry.url", List.of("http://bob:pa%3Ass@a:8081", "http://b:8082")));

        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8082"));
        assertThat(config.basicAuthUserInfo()).contains("bob:pa:ss");
        assertThat(config.toString())
                .doesNotContain("bob")
                .doesNotContain("pa:ss")
                .doesNotContain("pa%3Ass");
    }

    @Test
    void mockScope() {
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().urls("mock://orders-test").build();

        assertThat(config.mockScope()).contains("orders-test");
        assertThat(config.urls()).isEmpty();
    }

    @Test
    void toStringHidesEverySecret() throws Exception {
        SchemaRegistryConfig basic = SchemaRegistryConfig.builder()
                .urls("http://a:1")
                .basicAuth("alice", "hunter2")
                .sslKeystore(emptyStore("k.p12", "PKCS12", "storepw"), "storepw", "PKCS12", "keypw")
                .sslTruststore(emptyStore("t.jks", "JKS", "trustpw"), "trustpw", "JKS")
                .build();
        SchemaRegistryConfig bearer = SchemaRegistryConfig.builder()
                .urls("http://a:1")
                .bearerToken("tok-123")
                .build();

        assertThat(basic.toString())
                .doesNotContain("hunter2", "alice", "storepw", "keypw", "trustpw")
                .contains("basic.auth.user.info=[hidden]");
        assertThat(bearer.toString()).doesNotContain("tok-123").contains("bearer.auth.token=[hidden]");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "max.retries|-1|Invalid value '-1' for configuration max.retries: must be at least 0",
                "max.retries|three|Invalid value 'three' for configuration max.retries: must be an int",
                "http.read.timeout.ms|0|Invalid value '0' for configuration http.read.timeout.ms: must be at least 1 ms",
                "retries.wait.ms|-5|Invalid value '-5' for configuration retries.wait.ms: must be at least 0 ms",
                "latest.cache.ttl.sec|0|Invalid value '0' for configuration latest.cache.ttl.sec: must be at least 1 s, or -1 for never",
                "latest.cache.size|0|Invalid value '0' for configuration latest.cache.size: must be at least 1",
                "missing.cache.size|99999999999|Invalid value '99999999999' for configuration missing.cache.size: must be an int",
                "basic.auth.credentials.source|SASL_INHERIT|Invalid value 'SASL_INHERIT' for configuration basic.auth.credentials.source: must be URL or USER_INFO (SASL_INHERIT is not supported)",
                "bearer.auth.credentials.source|OAUTHBEARER|Invalid value 'OAUTHBEARER' for configuration bearer.auth.credentials.source: must be STATIC_TOKEN",
                "schema.registry.ssl.truststore.type|XYZ|Invalid value 'XYZ' for configuration schema.registry.ssl.truststore.type: must be one of JKS, PKCS12, PEM",
                "schema.registry.ssl.endpoint.identification.algorithm|none|Invalid value 'none' for configuration schema.registry.ssl.endpoint.identification.algorithm: must be https or empty",
                "schema.registry.ssl.truststore.certificates|not pem|Invalid value 'not pem' for configuration schema.registry.ssl.truststore.certificates: must be PEM text with a '-----BEGIN CERTIFICATE' block",
                "schema.registry.url|ftp://x|Invalid value ftp://x for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|http://a,,http://b|Invalid value http://a,,http://b for configuration schema.registry.url: contains an empty URL, allowed: comma-separated http(s):// URLs or one mock://scope",
                "schema.registry.url|mock://a,http://b|Invalid value mock://a,http://b for configuration schema.registry.url: a mock:// URL must be the only one",
                "schema.registry.url|mock://#x|Invalid value mock://#x for configuration schema.registry.url: has no scope, allowed: mock://<scope name>",
                "schema.registry.url|http://justuser@h:1|Invalid value http://[hidden]@h:1 for configuration schema.registry.url: has user info without 'user:password' form, allowed: http(s)://user:password@host",
                "request.header.Authorization|Basic x|Invalid value [hidden] for configuration request.header.Authorization: is not allowed: set credentials with basic.auth.user.info or bearer.auth.token",
            })
    void rejectsMalformedValuesInTheTablesStyle(String key, String value, String message) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("schema.registry.url", "http://registry:8081");
        properties.put("schema.registry.ssl.truststore.location", "/t");
        properties.put(key, value);

        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(properties))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void crossFieldRulesAreCheckedInBuild() {
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value null for configuration schema.registry.url: is required: comma-separated"
                        + " http(s):// URLs or mock://scope");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("http://a:1")
                        .basicAuthCredentialsSource(SchemaRegistryConfig.CredentialsSource.USER_INFO)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value USER_INFO for configuration basic.auth.credentials.source: needs"
                        + " basic.auth.user.info to be set");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("http://a:1")
                        .basicAuthUserInfo("a:b")
                        .basicAuthCredentialsSource(SchemaRegistryConfig.CredentialsSource.URL)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration basic.auth.user.info: is set but"
                        + " basic.auth.credentials.source is URL: set that to USER_INFO");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("http://a:1")
                        .basicAuth("a", "b")
                        .bearerToken("t")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration bearer.auth.token: is set together with basic"
                        + " auth (basic.auth.user.info or the URL's user info), allowed: one of them");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("http://a:1")
                        .retryWait(Duration.ofSeconds(5))
                        .retryMaxWait(Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 5000 for configuration retries.wait.ms: must be at most"
                        + " retries.max.wait.ms (1000)");
    }

    @Test
    void aBasicAuthUserWithAColonIsRefusedAsTheUserInfoItWouldMakeWithoutShowingThePassword() {
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().basicAuth("a:b", "BasicPa55"))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden] for configuration basic.auth.user.info: must have a user that is not"
                                + " empty and has no ':'");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().basicAuth("", "BasicPa55"))
                .hasMessageNotContaining("BasicPa55");
    }

    @Test
    void userInfoNeverAppearsInErrors() {
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().urls("gopher://carol:topsecret@x"))
                .hasMessageNotContaining("topsecret")
                .hasMessageContaining("[hidden]@x");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().basicAuthUserInfo("nocolon-secret"))
                .hasMessageNotContaining("nocolon-secret");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://u:p4ss@reg,|Invalid value https://[hidden]@reg, for configuration schema.registry.url: contains an empty URL, allowed: comma-separated http(s):// URLs or one mock://scope",
                "mock://scope,https://u:p4ss@reg|Invalid value mock://scope,https://[hidden]@reg for configuration schema.registry.url: a mock:// URL must be the only one",
                "https://u:p4ss/x@reg|Invalid value https://[hidden]@reg for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
                "u:p4ss@reg|Invalid value [hidden]@reg for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
            })
    void everyUrlInAnErrorHasItsUserInfoHidden(String urls, String message) {
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of("schema.registry.url", urls)))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessage(message)
                .hasMessageNotContaining("p4ss");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://u:UrlPa55@127.0.0.1:45957/a b|Illegal character in path at index 33: http://[hidden]@127.0.0.1:45957/a b",
                "http://u:Url%zzPa55@127.0.0.1:45957|Malformed escape pair at index 7: http://[hidden]@127.0.0.1:45957",
                "http://127.0.0.1:1,http://u:UrlPa55@127.0.0.1:45957/a b|Illegal character in path at index 33: http://[hidden]@127.0.0.1:45957/a b",
            })
    void aMalformedUrlKeepsTheReasonAndPositionButNotThePasswordDownTheChain(String urls, String cause) {
        Throwable failure =
                catchThrowable(() -> SchemaRegistryConfig.fromProperties(Map.of("schema.registry.url", urls)));

        assertThat(failure)
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value http://[hidden]@127.0.0.1:45957")
                .hasMessageContaining(" for configuration schema.registry.url: is malformed ("
                        + cause.substring(0, cause.indexOf(':')) + ")")
                .hasMessageEndingWith(", allowed: http(s)://host[:port][/path] or mock://scope");
        assertThat(failure.getCause()).isInstanceOf(URISyntaxException.class).hasMessage(cause);
        assertThat(stackTrace(failure)).doesNotContain("UrlPa55");
    }

    /** A password in a URL that breaks its syntax, or a secret put in the wrong key. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "schema.registry.url|http://u:UrlPa55,x@127.0.0.1:45957|Invalid value http://[hidden]@127.0.0.1:45957 for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|http://u:Url Pa55,x@127.0.0.1:45957|Invalid value http://[hidden]@127.0.0.1:45957 for configuration schema.registry.url: is malformed (Illegal character in authority), allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|http://u:UrlPa55/x@127.0.0.1:45957 b|Invalid value http://[hidden]@127.0.0.1:45957 b for configuration schema.registry.url: is malformed (Illegal character in path at index 31), allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|http://u:UrlPa55#x@127.0.0.1:45957|Invalid value http://[hidden]@127.0.0.1:45957 for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|u:UrlPa55@127.0.0.1:45957|Invalid value [hidden]@127.0.0.1:45957 for configuration schema.registry.url: is not supported, allowed: http(s)://host[:port][/path] or mock://scope",
                "schema.registry.url|http://u:UrlPa55@127.0.0.1:45957/\"x\"|Invalid value [hidden] for configuration schema.registry.url: is malformed (Illegal character in path), allowed: http(s)://host[:port][/path] or mock://scope",
                "max.retries|http://u:ValPa55@h:1|Invalid value 'http://[hidden]@h:1' for configuration max.retries: must be an int",
                "http.read.timeout.ms|password=\"ValPa55\"|Invalid value [hidden] for configuration http.read.timeout.ms: must be a whole number",
                "basic.auth.credentials.source|\"ValPa55|Invalid value [hidden] for configuration basic.auth.credentials.source: must be URL or USER_INFO",
                "schema.registry.ssl.endpoint.identification.algorithm|x\\nValPa55|Invalid value [hidden] for configuration schema.registry.ssl.endpoint.identification.algorithm: must be https or empty",
                "schema.registry.ssl.truststore.location|/tmp/u:ValPa55@h/\\0|Invalid value [hidden] for configuration schema.registry.ssl.truststore.location: must be a file path (Nul character not allowed)",
            })
    void aRejectedValueIsShownWithoutWhatMayBeASecret(String key, String value, String message) {
        Map<String, Object> properties = new HashMap<>(Map.of("schema.registry.url", "http://registry:8081"));
        properties.put(key, value.translateEscapes());

        Throwable failure = catchThrowable(() -> SchemaRegistryConfig.fromProperties(properties));

        assertThat(failure).isExactlyInstanceOf(ConfigException.class).hasMessage(message);
        assertThat(stackTrace(failure)).doesNotContain("Pa55");
    }

    @Test
    void aStoreThatCannotBeReadIsNamedWithoutTheUserInfoInItsPath() {
        Throwable failure = catchThrowable(() -> SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://registry:8081",
                "schema.registry.ssl.truststore.location", "/tmp/u:ValPa55@h/trust.p12")));

        assertThat(failure)
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden]@h/trust.p12 for configuration schema.registry.ssl.truststore.location:"
                                + " cannot be read as a JKS store: no such file");
        assertThat(stackTrace(failure)).doesNotContain("ValPa55");
    }

    @Test
    void anObjectOfTheWrongTypeIsNamedByItsTypeNotItsFields() {
        record Credentials(String user, String password) {}

        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                        "schema.registry.url", "http://registry:8081", "max.retries", new Credentials("u", "ObjPa55"))))
                .hasMessage("Invalid value (a Credentials) for configuration max.retries: must be an int");
    }

    @Test
    void aMissingStoreFileIsRejectedByBuildNamingKeyAndFile() {
        Path missing = dir.resolve("no-such-trust.p12");

        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                        "schema.registry.url", "https://registry:8081",
                        "schema.registry.ssl.truststore.location", missing.toString(),
                        "schema.registry.ssl.truststore.password", "trust-pw-1",
                        "schema.registry.ssl.truststore.type", "PKCS12")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + missing + " for configuration schema.registry.ssl.truststore.location:"
                        + " cannot be read as a PKCS12 store: no such file");
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("https://registry:8081")
                        .sslKeystore(missing, null, "PEM", null)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + missing + " for configuration schema.registry.ssl.keystore.location:"
                        + " cannot be read: no such file");
    }

    @Test
    void aWrongStorePasswordIsRejectedByBuildWithoutShowingIt() {
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("https://registry:8081")
                        .sslTruststore(client.keyStore(), "wrong-pw-3", "PKCS12")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration schema.registry.ssl.truststore.password: does not"
                        + " open schema.registry.ssl.truststore.location '" + client.keyStore() + "' (PKCS12)")
                .hasMessageNotContaining("wrong-pw-3")
                .hasMessageNotContaining(client.password());
        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("https://registry:8081")
                        .sslKeystore(client.keyStore(), client.password(), "PKCS12", "wrong-key-pw-4")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration schema.registry.ssl.key.password: does not unlock"
                        + " the private key in schema.registry.ssl.keystore.location '" + client.keyStore() + "'")
                .hasMessageNotContaining("wrong-key-pw-4");
    }

    @Test
    void aPemFileWithoutCertificatesIsRejectedByBuild() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-certificate.pem"), "hello");

        assertThatThrownBy(() -> SchemaRegistryConfig.builder()
                        .urls("https://registry:8081")
                        .sslTruststore(notPem, null, "PEM")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + notPem + " for configuration schema.registry.ssl.truststore.location:"
                        + " holds no PEM certificate");
    }

    @Test
    void storesThatLoadAreAccepted() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url",
                "https://registry:8081",
                "schema.registry.ssl.truststore.location",
                client.certificateFile().toString(),
                "schema.registry.ssl.truststore.type",
                "PEM",
                "schema.registry.ssl.keystore.location",
                client.keyStore().toString(),
                "schema.registry.ssl.keystore.password",
                client.password(),
                "schema.registry.ssl.keystore.type",
                "PKCS12"));

        assertThat(config.ssl().keystoreLocation()).isEqualTo(client.keyStore());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "schema.registry.ssl.truststore.password|pw-5|Invalid value [hidden] for configuration schema.registry.ssl.truststore.password: is set but schema.registry.ssl.truststore.location is not",
                "schema.registry.ssl.truststore.type|PKCS12|Invalid value 'PKCS12' for configuration schema.registry.ssl.truststore.type: is set but schema.registry.ssl.truststore.location is not",
                "schema.registry.ssl.keystore.password|pw-6|Invalid value [hidden] for configuration schema.registry.ssl.keystore.password: is set but schema.registry.ssl.keystore.location is not",
                "schema.registry.ssl.key.password|pw-7|Invalid value [hidden] for configuration schema.registry.ssl.key.password: is set but schema.registry.ssl.keystore.location is not",
                "schema.registry.ssl.keystore.type|JKS|Invalid value 'JKS' for configuration schema.registry.ssl.keystore.type: is set but schema.registry.ssl.keystore.location is not",
            })
    void aStorePasswordOrTypeWithoutItsLocationIsRejected(String key, String value, String message) {
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(
                        Map.of("schema.registry.url", "https://registry:8081", key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "schema.registry.ssl.truststore|password|Invalid value [hidden] for configuration schema.registry.ssl.truststore.password: must not be set for a PEM trust store (schema.registry.ssl.truststore.type=PEM or schema.registry.ssl.truststore.certificates), which has no password",
                "schema.registry.ssl.keystore|password|Invalid value [hidden] for configuration schema.registry.ssl.keystore.password: must not be set for a PEM key store (schema.registry.ssl.keystore.type=PEM or schema.registry.ssl.keystore.key), which has no store password: schema.registry.ssl.key.password decrypts an encrypted key",
                "schema.registry.ssl|key.password|Invalid value [hidden] for configuration schema.registry.ssl.key.password: is set but the private key in schema.registry.ssl.keystore.location 'FILE' is not encrypted: remove the password",
            })
    void aPasswordForAPemFileIsRejectedNotIgnored(String prefix, String passwordKey, String message) throws Exception {
        Path pem = Files.writeString(
                dir.resolve("key-and-certificate.pem"), client.privateKeyPem() + client.certificatePem());
        String store = prefix.endsWith("truststore") ? "truststore" : "keystore";
        Map<String, Object> properties = new HashMap<>(Map.of(
                "schema.registry.url",
                "https://registry:8081",
                "schema.registry.ssl." + store + ".location",
                pem.toString(),
                "schema.registry.ssl." + store + ".type",
                "PEM",
                prefix + "." + passwordKey,
                "PemPa55"));

        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(properties))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message.replace("FILE", pem.toString()))
                .hasMessageNotContaining("PemPa55");
        properties.remove(prefix + "." + passwordKey);
        assertThat(SchemaRegistryConfig.fromProperties(properties).ssl().isCustomized())
                .isTrue();
    }

    @Test
    void typePemGoesWithInlineCertificatesWithoutALocation() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "https://registry:8081",
                "schema.registry.ssl.truststore.type", "PEM",
                "schema.registry.ssl.truststore.certificates", client.certificatePem()));

        assertThat(config.ssl().truststoreCertificates()).isEqualTo(client.certificatePem());
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                        "schema.registry.url", "https://registry:8081",
                        "schema.registry.ssl.truststore.type", "JKS",
                        "schema.registry.ssl.truststore.certificates", client.certificatePem())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'JKS' for configuration schema.registry.ssl.truststore.type: is set but"
                        + " schema.registry.ssl.truststore.location is not (with"
                        + " schema.registry.ssl.truststore.certificates the type is PEM)");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        RecordingListener listener = new RecordingListener();
        SchemaRegistryConfig original = SchemaRegistryConfig.builder()
                .urls("http://a:1")
                .basicAuth("u", "p")
                .requestHeader("X-A", "1")
                .maxRetries(9)
                .latestCacheNeverExpires()
                .listener(listener)
                .build();

        SchemaRegistryConfig copy =
                original.toBuilder().readTimeout(Duration.ofSeconds(3)).build();

        assertThat(copy.basicAuthUserInfo()).isEqualTo(Optional.of("u:p"));
        assertThat(copy.requestHeaders()).isEqualTo(Map.of("X-A", "1"));
        assertThat(copy.maxRetries()).isEqualTo(9);
        assertThat(copy.latestCacheTtl()).isEmpty();
        assertThat(copy.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.listener()).isSameAs(listener);
        assertThat(original.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void withoutAListenerRefreshesAreToldToNobodyAndNullIsRefused() {
        assertThat(SchemaRegistryConfig.fromProperties(Map.of("schema.registry.url", "http://a:1"))
                        .listener())
                .isSameAs(SchemaRegistryListener.NONE);
        assertThatThrownBy(() -> SchemaRegistryConfig.builder().listener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("listener");
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
