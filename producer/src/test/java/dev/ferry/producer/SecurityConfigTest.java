package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.testkit.TestCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** security.protocol, SASL and TLS settings: what is checked when the config is built, and that secrets stay hidden. */
class SecurityConfigTest {
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SECRET = "Top-Secret-4711";

    @TempDir
    static Path dir;

    static TestCertificate certificate;
    static String encryptedKeyPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.selfSigned(dir, "client");
        encryptedKeyPem = certificate.encryptedPrivateKeyPem(SECRET);
    }

    private static Map<String, Object> props(String... pairs) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "broker:9093");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    private static String plainJaas(String password) {
        return PLAIN_MODULE + " required username=\"app\" password=\"" + password + "\";";
    }

    @Test
    void kafkaClientsPropertiesForSaslSslAreReadAndSecretsStayHidden() throws Exception {
        // given
        Map<String, Object> props = props(
                "security.protocol",
                "sasl_ssl",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                plainJaas(SECRET),
                "ssl.truststore.location",
                certificate.keyStore().toString(),
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.password",
                certificate.password(),
                "ssl.keystore.certificate.chain",
                certificate.certificatePem(),
                "ssl.keystore.key",
                encryptedKeyPem,
                "ssl.key.password",
                SECRET,
                "ssl.endpoint.identification.algorithm",
                "");

        // when
        ProducerConfig config = ProducerConfig.fromProperties(props);

        // then
        SecurityConfig security = config.security();
        assertThat(security.securityProtocol()).isEqualTo(SecurityProtocol.SASL_SSL);
        assertThat(security.saslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(security.saslJaasConfig().value()).isEqualTo(plainJaas(SECRET));
        assertThat(security.sslEndpointIdentificationAlgorithm()).isEmpty();
        assertThat(config.pluginConfigs())
                .containsEntry("sasl.jaas.config", new Password(plainJaas(SECRET)))
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(List.of(
                        config.toString(),
                        security.toString(),
                        config.pluginConfigs().toString()))
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain(SECRET, certificate.password(), "PRIVATE KEY")
                        .contains("sasl.jaas.config=[hidden]"));
    }

    @Test
    void theTypedBuilderMatchesTheProperties() {
        SecurityConfig security = SecurityConfig.builder()
                .securityProtocol(SecurityProtocol.SSL)
                .sslTruststoreCertificates(certificate.certificatePem())
                .sslKeystoreLocation(certificate.keyStore().toString())
                .sslKeystoreType("pkcs12")
                .sslKeystorePassword(certificate.password())
                .build();

        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers("b:1")
                .clientId("typed")
                .security(security)
                .build();

        assertThat(config.security().sslKeystoreType()).isEqualTo("PKCS12");
        assertThat(config.toBuilder().build().pluginConfigs()).isEqualTo(config.pluginConfigs());
    }

    @Test
    void pemKeyStoreFilesAndInlinePemTrustBuild() throws Exception {
        Path pemKeyStore = dir.resolve("client-keystore.pem");
        Files.writeString(pemKeyStore, certificate.privateKeyPem() + certificate.certificatePem());

        assertThatCode(() -> ProducerConfig.fromProperties(props(
                        "security.protocol",
                        "SSL",
                        "ssl.keystore.location",
                        pemKeyStore.toString(),
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.truststore.location",
                        certificate.certificateFile().toString(),
                        "ssl.truststore.type",
                        "PEM")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no jaas config|sasl.mechanism=PLAIN|Missing required configuration sasl.jaas.config for security.protocol=SASL_PLAINTEXT",
                "default mechanism|sasl.jaas.config=JAAS|Invalid value GSSAPI for configuration sasl.mechanism: must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512",
                "oauth mechanism|sasl.mechanism=OAUTHBEARER,sasl.jaas.config=JAAS|Invalid value OAUTHBEARER for configuration sasl.mechanism",
                "oauth module|sasl.mechanism=PLAIN,sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"
                        + "|login module org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule is not supported",
                "no password|sasl.mechanism=PLAIN,sasl.jaas.config=" + PLAIN_MODULE
                        + " required username=\"app\";|needs a password option",
                "quoted module|sasl.mechanism=PLAIN,sasl.jaas.config=\"" + SECRET + "\" required;"
                        + "|the login module (not shown: it is not a plain class name) is not supported"
            })
    void saslProblemsNameTheKey(String name, String settings, String message) {
        Map<String, Object> props = props("security.protocol", "SASL_PLAINTEXT");
        for (String setting : settings.split(",")) {
            String[] pair = setting.split("=", 2);
            props.put(pair[0], pair[1].equals("JAAS") ? plainJaas(SECRET) : pair[1]);
        }

        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void tlsProblemsNameTheKeyButNoSecret() {
        String store = certificate.keyStore().toString();
        assertRejected(
                "ssl.truststore.location=/no/such/truststore.jks",
                "Invalid value /no/such/truststore.jks for configuration ssl.truststore.location: cannot be read");
        assertRejected(
                "ssl.truststore.location=" + store + ";ssl.truststore.type=PKCS12;ssl.truststore.password=" + SECRET,
                "Invalid value [hidden] for configuration ssl.truststore.password: does not open ssl.truststore.location");
        assertRejected(
                "ssl.truststore.location=" + store + ";ssl.truststore.type=BKS",
                "Invalid value BKS for configuration ssl.truststore.type");
        assertRejected(
                "ssl.truststore.location=/no/such/brokers.pem;ssl.truststore.type=PEM",
                "for configuration ssl.truststore.location: cannot be read");
        assertRejected(
                "ssl.keystore.location=" + store + ";ssl.keystore.type=PKCS12;ssl.keystore.password="
                        + certificate.password() + ";ssl.key.password=" + SECRET,
                "Invalid value [hidden] for configuration ssl.key.password: does not unlock the private key");
        assertRejected(
                "ssl.keystore.key=KEY",
                "Invalid value null for configuration ssl.keystore.certificate.chain: "
                        + "must be set together with ssl.keystore.key");
        assertRejected(
                "ssl.keystore.key=ENCRYPTED;ssl.keystore.certificate.chain=CHAIN",
                "Invalid value null for configuration ssl.key.password: is required: the private key in ssl.keystore.key is encrypted");
        assertRejected(
                "ssl.keystore.key=ENCRYPTED;ssl.keystore.certificate.chain=CHAIN;ssl.key.password=not-" + SECRET,
                "Invalid value [hidden] for configuration ssl.key.password: does not decrypt the encrypted private key");
        assertRejected(
                "ssl.truststore.certificates=no certificate here",
                "configuration ssl.truststore.certificates: holds no");
        assertRejected(
                "ssl.enabled.protocols=TLSv1.3,TLSv9",
                "Invalid value TLSv1.3,TLSv9 for configuration ssl.enabled.protocols: [TLSv9] not supported");
        assertRejected("ssl.protocol=TLSv9", "Invalid value TLSv9 for configuration ssl.protocol");
        assertRejected(
                "ssl.endpoint.identification.algorithm=sometimes",
                "Invalid value 'sometimes' for configuration ssl.endpoint.identification.algorithm: must be https "
                        + "(check the broker's host name against its certificate) or empty (no check)");
    }

    @Test
    void aStorePasswordThatNoStoreUsesIsRejectedAsKafkaClientsDoes() throws Exception {
        Path pemKeyStore = dir.resolve("client-keystore-for-passwords.pem");
        Files.writeString(pemKeyStore, certificate.privateKeyPem() + certificate.certificatePem());
        String pemTrust = "ssl.truststore.location=" + certificate.certificateFile() + ";ssl.truststore.type=PEM";

        assertRejected(
                pemTrust + ";ssl.truststore.password=" + SECRET,
                "Invalid value [hidden] for configuration"
                        + " ssl.truststore.password: must not be set for a PEM trust store (ssl.truststore.type=PEM or"
                        + " ssl.truststore.certificates), which has no password");
        assertRejected(
                "ssl.truststore.certificates=CHAIN;ssl.truststore.password=" + SECRET,
                "for configuration ssl.truststore.password: must not be set for a PEM trust store");
        assertRejected(
                "ssl.truststore.password=" + SECRET,
                "for configuration ssl.truststore.password: is set but ssl.truststore.location is not");
        assertRejected(
                "ssl.keystore.location=" + pemKeyStore + ";ssl.keystore.type=PEM;ssl.keystore.password=" + SECRET,
                "for configuration ssl.keystore.password: must not be set for a PEM key store (ssl.keystore.type=PEM or"
                        + " ssl.keystore.key), which has no store password: ssl.key.password decrypts an encrypted key");
        assertRejected(
                "ssl.keystore.key=KEY;ssl.keystore.certificate.chain=CHAIN;ssl.keystore.password=" + SECRET,
                "for configuration ssl.keystore.password: must not be set for a PEM key store");
        assertRejected(
                "ssl.keystore.password=" + SECRET,
                "for configuration ssl.keystore.password: is set but ssl.keystore.location is not");
        assertThatCode(() -> ProducerConfig.fromProperties(props(
                        "security.protocol",
                        "SSL",
                        "ssl.truststore.location",
                        certificate.certificateFile().toString(),
                        "ssl.truststore.type",
                        "PEM",
                        "ssl.keystore.location",
                        pemKeyStore.toString(),
                        "ssl.keystore.type",
                        "PEM")))
                .as("the same stores without the passwords")
                .doesNotThrowAnyException();
    }

    @Test
    void aStoreGivenTwoWaysIsRejectedAsKafkaClientsDoes() throws Exception {
        Path pemKeyStore = dir.resolve("client-keystore-two-ways.pem");
        Files.writeString(pemKeyStore, certificate.privateKeyPem() + certificate.certificatePem());

        assertRejected(
                "ssl.truststore.location=" + certificate.certificateFile() + ";ssl.truststore.type=PEM"
                        + ";ssl.truststore.certificates=" + SECRET,
                "Invalid value [hidden] for configuration ssl.truststore.certificates: must not be set together with"
                        + " ssl.truststore.location: give the trusted certificates one way");
        assertRejected(
                "ssl.keystore.location=" + pemKeyStore + ";ssl.keystore.type=PEM;ssl.keystore.key=" + SECRET
                        + ";ssl.keystore.certificate.chain=CHAIN",
                "Invalid value [hidden] for configuration ssl.keystore.key: must not be set together with"
                        + " ssl.keystore.location: give the client certificate one way");
    }

    @Test
    void aStoreLocationIsShownWithoutWhatMayBeASecret() {
        assertRejected(
                "ssl.truststore.location=/tmp/u:" + SECRET + "@h/trust.jks",
                "Invalid value [hidden]@h/trust.jks for configuration ssl.truststore.location: cannot be read as a JKS"
                        + " store: no such file");
        assertRejected(
                "ssl.keystore.location=/tmp/u:" + SECRET + "@h/key.pem;ssl.keystore.type=PEM",
                "Invalid value [hidden]@h/key.pem for configuration ssl.keystore.location: cannot be read: no such file");
        assertRejected(
                "ssl.truststore.location=/tmp/u:" + SECRET + "@h\\0/trust.jks",
                "Invalid value [hidden] for configuration"
                        + " ssl.truststore.location: is not a file path: Nul character not allowed");
    }

    @Test
    void anUnsupportedListEntryIsShownWithoutWhatMayBeASecret() {
        assertRejected(
                "ssl.cipher.suites=TLS_AES_128_GCM_SHA256,http://u:" + SECRET + "@h",
                "Invalid value TLS_AES_128_GCM_SHA256,http://[hidden]@h for configuration ssl.cipher.suites:"
                        + " [http://[hidden]@h] not supported by this JVM");
    }

    @Test
    void encryptedPemKeysDecryptWithTheKeyPassword() {
        assertThatCode(() -> ProducerConfig.fromProperties(props(
                        "security.protocol",
                        "SSL",
                        "ssl.keystore.key",
                        encryptedKeyPem,
                        "ssl.keystore.certificate.chain",
                        certificate.certificatePem(),
                        "ssl.key.password",
                        SECRET)))
                .doesNotThrowAnyException();
    }

    @Test
    void tlsSettingsAreNotLoadedWithoutTls() {
        assertThatCode(() -> ProducerConfig.fromProperties(props(
                        "security.protocol",
                        "SASL_PLAINTEXT",
                        "sasl.mechanism",
                        "PLAIN",
                        "sasl.jaas.config",
                        plainJaas(SECRET),
                        "ssl.truststore.location",
                        "/no/such/file")))
                .doesNotThrowAnyException();
    }

    @Test
    void passwordsNeverShowInToString() {
        assertThat(new Password(SECRET)).hasToString("[hidden]").isEqualTo(new Password(SECRET));
    }

    private void assertRejected(String settings, String message) {
        Map<String, Object> props = props("security.protocol", "SSL");
        for (String setting : settings.split(";")) {
            String[] pair = setting.split("=", 2);
            props.put(
                    pair[0],
                    switch (pair[1]) {
                        case "KEY" -> certificate.privateKeyPem();
                        case "ENCRYPTED" -> encryptedKeyPem;
                        case "CHAIN" -> certificate.certificatePem();
                        default -> pair[1].translateEscapes();
                    });
        }
        Throwable failure = catchThrowable(() -> ProducerConfig.fromProperties(props));
        assertThat(failure)
                .as(settings)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .message()
                .doesNotContain(SECRET)
                .doesNotContain(certificate.password());
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("the whole chain").doesNotContain(SECRET);
    }
}
