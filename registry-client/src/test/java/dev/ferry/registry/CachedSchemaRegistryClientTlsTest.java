package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.ferry.common.ConfigException;
import dev.ferry.testkit.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with certificates made by the JDK's keytool (testkit's {@link TestCertificate}), against
 * WireMock over HTTPS: a server that requires a client certificate (mutual TLS), one that does not
 * (a custom trust store alone, with basic or bearer credentials riding on TLS), and one whose
 * certificate names another host.
 */
class CachedSchemaRegistryClientTlsTest {

    @TempDir
    static Path dir;

    static TestCertificate serverCertificate;
    static TestCertificate wrongHostCertificate;
    static TestCertificate clientCertificate;
    static WireMockServer mutualTls;
    static WireMockServer oneWayTls;
    static WireMockServer wrongHost;

    @BeforeAll
    static void start() {
        serverCertificate = TestCertificate.selfSigned(dir, "server", "dns:localhost", "ip:127.0.0.1");
        wrongHostCertificate = TestCertificate.selfSigned(dir, "wrong-host", "dns:wrong.host.invalid");
        clientCertificate = TestCertificate.selfSigned(dir, "client");
        mutualTls = start(https(serverCertificate)
                .needClientAuth(true)
                .trustStorePath(clientCertificate.keyStore().toString())
                .trustStoreType("PKCS12")
                .trustStorePassword(clientCertificate.password()));
        oneWayTls = start(https(serverCertificate));
        wrongHost = start(https(wrongHostCertificate));
    }

    private static WireMockConfiguration https(TestCertificate certificate) {
        return wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(certificate.keyStore().toString())
                .keystoreType("PKCS12")
                .keystorePassword(certificate.password())
                .keyManagerPassword(certificate.password());
    }

    private static WireMockServer start(WireMockConfiguration configuration) {
        WireMockServer server = new WireMockServer(configuration);
        server.start();
        server.stubFor(get("/schemas/ids/1")
                .willReturn(
                        okForContentType("application/vnd.schemaregistry.v1+json", "{\"schema\":\"\\\"string\\\"\"}")));
        return server;
    }

    @AfterAll
    static void stop() {
        for (WireMockServer server : new WireMockServer[] {mutualTls, oneWayTls, wrongHost}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    /** The mutual-TLS registry's URL, trust in the server certificate's PEM file, no retries, and these keys. */
    private static Map<String, Object> trustingPemFileOfMutualTls(Map<String, Object> keystore) {
        Map<String, Object> properties = new HashMap<>(keystore);
        properties.put("schema.registry.url", "https://localhost:" + mutualTls.httpsPort());
        properties.put(
                "schema.registry.ssl.truststore.location",
                serverCertificate.certificateFile().toString());
        properties.put("schema.registry.ssl.truststore.type", "PEM");
        properties.put("max.retries", 0);
        return properties;
    }

    private static SchemaRegistryConfigBuilder config(WireMockServer server, String host) {
        return SchemaRegistryConfig.builder()
                .urls("https://" + host + ":" + server.httpsPort())
                .maxRetries(0)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    @Test
    void inlinePemTrustAndClientCertificate() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config(mutualTls, "localhost")
                .sslTruststoreCertificates(serverCertificate.certificatePem())
                .sslKeystorePem(clientCertificate.certificatePem(), clientCertificate.privateKeyPem())
                .build())) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
    }

    @Test
    void storeFilesFromProperties() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(trustingPemFileOfMutualTls(Map.of(
                "schema.registry.ssl.keystore.location",
                clientCertificate.keyStore().toString(),
                "schema.registry.ssl.keystore.password",
                clientCertificate.password(),
                "schema.registry.ssl.keystore.type",
                "PKCS12")));

        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
    }

    /** The same inputs as the producer's ssl.* keys (one loader in common): an encrypted PKCS#8 key, inline or in a PEM file. */
    @Test
    void encryptedPemKeysInlineAndInAFileFromProperties() throws Exception {
        String keyPassword = "Pem-Key-Pw-8";
        String encryptedKey = clientCertificate.encryptedPrivateKeyPem(keyPassword);
        Path pemKeyStore = Files.writeString(
                dir.resolve("client-encrypted.pem"), encryptedKey + clientCertificate.certificatePem());
        Map<String, Object> inline = Map.of(
                "schema.registry.url",
                "https://localhost:" + mutualTls.httpsPort(),
                "schema.registry.ssl.truststore.type",
                "PEM",
                "schema.registry.ssl.truststore.certificates",
                serverCertificate.certificatePem(),
                "schema.registry.ssl.keystore.certificate.chain",
                clientCertificate.certificatePem(),
                "schema.registry.ssl.keystore.key",
                encryptedKey,
                "schema.registry.ssl.key.password",
                keyPassword,
                "max.retries",
                0);
        Map<String, Object> file = trustingPemFileOfMutualTls(Map.of(
                "schema.registry.ssl.keystore.location",
                pemKeyStore.toString(),
                "schema.registry.ssl.keystore.type",
                "PEM",
                "schema.registry.ssl.key.password",
                keyPassword));

        for (Map<String, Object> properties : List.of(inline, file)) {
            try (CachedSchemaRegistryClient client =
                    new CachedSchemaRegistryClient(SchemaRegistryConfig.fromProperties(properties))) {
                assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
            }
        }
        Map<String, Object> wrongPassword = new HashMap<>(inline);
        wrongPassword.put("schema.registry.ssl.key.password", "not-" + keyPassword);
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(wrongPassword))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Invalid value [hidden] for configuration schema.registry.ssl.key.password: does"
                                + " not decrypt the encrypted private key in schema.registry.ssl.keystore.key (")
                .hasMessageNotContaining(keyPassword);
    }

    @Test
    void untrustedServerFails() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config(mutualTls, "localhost")
                .sslKeystorePem(clientCertificate.certificatePem(), clientCertificate.privateKeyPem())
                .build())) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(e.httpStatus()).isZero();
            assertThat(e.serverMessage()).contains("SSL");
        }
    }

    @Test
    void missingClientCertificateIsRejectedByTheServer() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config(mutualTls, "localhost")
                .sslTruststoreCertificates(serverCertificate.certificatePem())
                .build())) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(e.httpStatus()).isZero();
            // Under TLS 1.3 the refusal is a bare alert or, as often, a closed connection once the request is sent.
            assertThat(e.getMessage())
                    .endsWith(
                            "; the registry asked for a client certificate and none is configured "
                                    + "(schema.registry.ssl.keystore.location, or schema.registry.ssl.keystore.certificate.chain and "
                                    + "schema.registry.ssl.keystore.key): a registry requiring mutual TLS refuses the connection");
        }
    }

    @Test
    void customTrustStoreAloneWithBasicAuthOverTls() {
        readsOverOneWayTlsSending(
                config(oneWayTls, "127.0.0.1")
                        .sslTruststore(serverCertificate.keyStore(), serverCertificate.password(), "PKCS12")
                        .basicAuth("alice", "hunter2"),
                "Basic YWxpY2U6aHVudGVyMg==");
    }

    @Test
    void bearerTokenOverTls() {
        readsOverOneWayTlsSending(
                config(oneWayTls, "localhost")
                        .sslTruststoreCertificates(serverCertificate.certificatePem())
                        .bearerToken("eyJ.tls-token.sig"),
                "Bearer eyJ.tls-token.sig");
    }

    /** The client reads schema 1 from the one-way TLS registry, sending this Authorization header. */
    private void readsOverOneWayTlsSending(SchemaRegistryConfigBuilder config, String authorization) {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config.build())) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
        oneWayTls.verify(
                getRequestedFor(urlEqualTo("/schemas/ids/1")).withHeader("Authorization", equalTo(authorization)));
    }

    @Test
    void aCertificateForAnotherHostFailsUnlessVerificationIsOff() {
        SchemaRegistryConfigBuilder trusting =
                config(wrongHost, "localhost").sslTruststoreCertificates(wrongHostCertificate.certificatePem());
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(trusting.build())) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(e.httpStatus()).isZero();
            assertThat(e.serverMessage()).contains("localhost");
            assertThat(e.getMessage())
                    .as("a registry that asks for no certificate")
                    .doesNotContain("client certificate");
        }

        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(
                trusting.sslEndpointIdentification(false).build())) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
    }
}
