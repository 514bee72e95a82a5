package dev.ferry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.ConfigKeysContract;
import dev.ferry.registry.internal.config.RegistrySettings;
import dev.ferry.testkit.TestCertificate;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key of {@link RegistrySettings#KEYS}: parsed, copied by {@code toBuilder}, masked, rejected. */
class SchemaRegistryConfigKeysTest extends ConfigKeysContract<SchemaRegistryConfig> {

    @TempDir
    static Path dir;

    static TestCertificate client;
    static Path truststore;

    SchemaRegistryConfigKeysTest() {
        super(
                RegistrySettings.KEYS,
                "config:schema-registry",
                SchemaRegistryConfig::fromProperties,
                config -> config.toBuilder().build(),
                SchemaRegistryConfig::values);
    }

    @BeforeAll
    static void makeStores() throws Exception {
        client = TestCertificate.selfSigned(dir, "client");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        truststore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            store.store(out, "trustpw".toCharArray());
        }
    }

    @Override
    protected List<Sample> samples() {
        Map<String, Object> trustStore = Map.of(
                "schema.registry.ssl.truststore.location",
                truststore.toString(),
                "schema.registry.ssl.truststore.password",
                "trustpw",
                "schema.registry.ssl.truststore.type",
                "PKCS12");
        Map<String, Object> keyStore = Map.of(
                "schema.registry.ssl.keystore.location",
                client.keyStore().toString(),
                "schema.registry.ssl.keystore.password",
                client.password(),
                "schema.registry.ssl.keystore.type",
                "PKCS12");
        Map<String, Object> pemKeyStore = Map.of(
                "schema.registry.ssl.keystore.certificate.chain",
                client.certificatePem(),
                "schema.registry.ssl.keystore.key",
                client.privateKeyPem());
        return List.of(
                new Sample(
                        "schema.registry.url",
                        "http://a:1, http://b:2",
                        Map.of(),
                        List.of("http://a:1", "http://b:2"),
                        "ftp://x",
                        "Invalid value ftp://x for configuration schema.registry.url: is not supported, "
                                + "allowed: http(s)://host[:port][/path] or mock://scope"),
                new Sample(
                        "basic.auth.user.info",
                        "u:pw-1",
                        Map.of(),
                        "u:pw-1",
                        "nocolon-pw-2",
                        "Invalid value [hidden] for configuration basic.auth.user.info: must have the form user:password"),
                new Sample(
                        "basic.auth.credentials.source",
                        "user_info",
                        Map.of("basic.auth.user.info", "u:pw-1"),
                        SchemaRegistryConfig.CredentialsSource.USER_INFO,
                        "X",
                        "Invalid value 'X' for configuration basic.auth.credentials.source: must be URL or USER_INFO"),
                new Sample(
                        "bearer.auth.credentials.source",
                        "static_token",
                        Map.of(),
                        "STATIC_TOKEN",
                        "OAUTHBEARER",
                        "Invalid value 'OAUTHBEARER' for configuration bearer.auth.credentials.source: must be STATIC_TOKEN"),
                new Sample(
                        "bearer.auth.token",
                        "tok-3",
                        Map.of(),
                        "tok-3",
                        "tok 4",
                        "Invalid value [hidden] for configuration bearer.auth.token: must be a token of printable ASCII"),
                new Sample(
                        "http.connect.timeout.ms",
                        "1500",
                        Map.of(),
                        Duration.ofMillis(1500),
                        "0",
                        "Invalid value '0' for configuration http.connect.timeout.ms: must be at least 1 ms"),
                new Sample(
                        "http.read.timeout.ms",
                        2500,
                        Map.of(),
                        Duration.ofMillis(2500),
                        0,
                        "Invalid value 0 for configuration http.read.timeout.ms: must be at least 1 ms"),
                new Sample(
                        "max.retries",
                        "5",
                        Map.of(),
                        5,
                        -1,
                        "Invalid value -1 for configuration max.retries: must be at least 0"),
                new Sample(
                        "retries.wait.ms",
                        10L,
                        Map.of(),
                        Duration.ofMillis(10),
                        "-1",
                        "Invalid value '-1' for configuration retries.wait.ms: must be at least 0 ms"),
                new Sample(
                        "retries.max.wait.ms",
                        "200",
                        Map.of("retries.wait.ms", 10),
                        Duration.ofMillis(200),
                        "x",
                        "Invalid value 'x' for configuration retries.max.wait.ms: must be a whole number"),
                new Sample(
                        "max.schemas.per.subject",
                        50,
                        Map.of(),
                        50,
                        0,
                        "Invalid value 0 for configuration max.schemas.per.subject: must be at least 1"),
                new Sample(
                        "latest.cache.size",
                        "7",
                        Map.of(),
                        7,
                        "0",
                        "Invalid value '0' for configuration latest.cache.size: must be at least 1"),
                new Sample(
                        "latest.cache.ttl.sec",
                        "-1",
                        Map.of(),
                        RegistrySettings.NEVER,
                        "-2",
                        "Invalid value '-2' for configuration latest.cache.ttl.sec: must be at least 1 s, or -1 for never"),
                new Sample(
                        "missing.id.cache.ttl.sec",
                        30,
                        Map.of(),
                        Duration.ofSeconds(30),
                        -1,
                        "Invalid value -1 for configuration missing.id.cache.ttl.sec: must be at least 0 s"),
                new Sample(
                        "missing.version.cache.ttl.sec",
                        "31",
                        Map.of(),
                        Duration.ofSeconds(31),
                        "-1",
                        "Invalid value '-1' for configuration missing.version.cache.ttl.sec: must be at least 0 s"),
                new Sample(
                        "missing.schema.cache.ttl.sec",
                        32L,
                        Map.of(),
                        Duration.ofSeconds(32),
                        "1.5",
                        "Invalid value '1.5' for configuration missing.schema.cache.ttl.sec: must be a whole number"),
                new Sample(
                        "missing.cache.size",
                        "99",
                        Map.of(),
                        99,
                        "99999999999",
                        "Invalid value '99999999999' for configuration missing.cache.size: must be an int"),
                new Sample(
                        "schema.registry.ssl.truststore.location",
                        truststore.toString(),
                        trustStore,
                        truststore,
                        42,
                        "Invalid value 42 for configuration schema.registry.ssl.truststore.location: must be a file path"),
                new Sample(
                        "schema.registry.ssl.truststore.password",
                        "trustpw",
                        trustStore,
                        "trustpw",
                        42,
                        "Invalid value [hidden] for configuration schema.registry.ssl.truststore.password: must be a string"),
                new Sample(
                        "schema.registry.ssl.truststore.type",
                        "pkcs12",
                        trustStore,
                        "PKCS12",
                        "XYZ",
                        "Invalid value 'XYZ' for configuration schema.registry.ssl.truststore.type: must be one of JKS, PKCS12, PEM"),
                new Sample(
                        "schema.registry.ssl.truststore.certificates",
                        client.certificatePem(),
                        Map.of(),
                        client.certificatePem(),
                        "not pem",
                        "Invalid value 'not pem' for configuration "
                                + "schema.registry.ssl.truststore.certificates: must be PEM text with a '-----BEGIN CERTIFICATE' block"),
                new Sample(
                        "schema.registry.ssl.keystore.location",
                        client.keyStore().toString(),
                        keyStore,
                        client.keyStore(),
                        "/x\0",
                        "Invalid value [hidden] for configuration schema.registry.ssl.keystore.location: "
                                + "must be a file path (Nul character not allowed)"),
                new Sample(
                        "schema.registry.ssl.keystore.password",
                        client.password(),
                        keyStore,
                        client.password(),
                        42,
                        "Invalid value [hidden] for configuration schema.registry.ssl.keystore.password: must be a string"),
                new Sample(
                        "schema.registry.ssl.keystore.type",
                        "pkcs12",
                        keyStore,
                        "PKCS12",
                        "P12",
                        "Invalid value 'P12' for configuration schema.registry.ssl.keystore.type: must be one of JKS, PKCS12, PEM"),
                new Sample(
                        "schema.registry.ssl.key.password",
                        client.password(),
                        keyStore,
                        client.password(),
                        42,
                        "Invalid value [hidden] for configuration schema.registry.ssl.key.password: must be a string"),
                new Sample(
                        "schema.registry.ssl.keystore.certificate.chain",
                        client.certificatePem(),
                        pemKeyStore,
                        client.certificatePem(),
                        "x",
                        "Invalid value 'x' for configuration "
                                + "schema.registry.ssl.keystore.certificate.chain: must be PEM text with a '-----BEGIN CERTIFICATE' block"),
                new Sample(
                        "schema.registry.ssl.keystore.key",
                        client.privateKeyPem(),
                        pemKeyStore,
                        client.privateKeyPem(),
                        "x",
                        "Invalid value [hidden] for configuration schema.registry.ssl.keystore.key: "
                                + "must be PEM text with a '-----BEGIN PRIVATE KEY' block"),
                new Sample(
                        "schema.registry.ssl.endpoint.identification.algorithm",
                        "",
                        Map.of(),
                        "",
                        "none",
                        "Invalid value 'none' for configuration schema.registry.ssl.endpoint.identification.algorithm: "
                                + "must be https or empty"));
    }

    @Override
    protected Map<String, Object> required() {
        return Map.of("schema.registry.url", "http://registry:8081");
    }

    @Test
    void everySecretNameIsFlagged() {
        for (ConfigKey<RegistrySettings, ?> key : RegistrySettings.KEYS.keys()) {
            assertThat(key.secret()).as(key.name()).isEqualTo(Redaction.looksSecret(key.name()));
        }
    }

    @Test
    void requestHeadersAreReadCopiedAndMasked() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(
                Map.of("schema.registry.url", "http://a:1", "request.header.X-Api-Key", "hdr-5"));

        assertThat(config.values()).containsEntry("request.header.X-Api-Key", "hdr-5");
        assertThat(config.toBuilder().build().values()).isEqualTo(config.values());
        assertThat(config.toString())
                .contains("request.header.X-Api-Key=[hidden]")
                .doesNotContain("hdr-5");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "request.header.X A|HdrPa55|must name a header of printable ASCII without spaces or ':'",
                "request.header.X:A|HdrPa55|must name a header of printable ASCII without spaces or ':'",
                "request.header.authorization|Basic HdrPa55|is not allowed: set credentials with basic.auth.user.info or bearer.auth.token",
                "request.header.X-Api-Key|HdrPa55\\n|must be printable ASCII, without control characters",
                "request.header.X-Api-Key|HdrPa55\u00e9|must be printable ASCII, without control characters",
            })
    void aRejectedRequestHeaderIsNamedByItsKeyInTheTablesStyleAndItsValueNeverShown(
            String key, String value, String allowed) {
        String header = value.translateEscapes();
        Throwable fromProperties = catchThrowable(
                () -> SchemaRegistryConfig.fromProperties(Map.of("schema.registry.url", "http://a:1", key, header)));
        Throwable fromBuilder = catchThrowable(
                () -> SchemaRegistryConfig.builder().requestHeader(key.substring("request.header.".length()), header));

        for (Throwable failure : List.of(fromProperties, fromBuilder)) {
            assertThat(failure)
                    .isExactlyInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value [hidden] for configuration " + key + ": " + allowed);
            assertThat(failure.toString()).doesNotContain("HdrPa55");
        }
    }

    @Test
    void otherComponentsKnowTheseKeysAsTheRegistryClients() {
        ConfigTable<Object> other = new ConfigTable<>("another component", List.of(), List.of());

        assertThat(KeyOwners.ownerOf("latest.cache.ttl.sec", other)).contains("the schema registry client");
        assertThat(KeyOwners.ownerOf("request.header.X-Api-Key", other)).contains("the schema registry client");
        assertThat(KeyOwners.ownerOf("latest.cache.ttl.sec", RegistrySettings.KEYS))
                .isEmpty();
    }
}
