package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with server and client certificates made by the JDK's keytool, against WireMock over HTTPS
 * requiring a client certificate.
 */
class CachedSchemaRegistryClientTlsTest {

    static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static WireMockServer server;
    static String serverCertPem;
    static String clientCertPem;
    static String clientKeyPem;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve("server.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", PASSWORD, "-file", dir.resolve("server.pem").toString());
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=ferry-client",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", dir.resolve("client.p12").toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", dir.resolve("client.p12").toString(),
                "-storepass", PASSWORD, "-file", dir.resolve("client.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", dir.resolve("client.pem").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve("server-trust.p12").toString(), "-storepass", PASSWORD);
        serverCertPem = Files.readString(dir.resolve("server.pem"));
        clientCertPem = Files.readString(dir.resolve("client.pem"));
        clientKeyPem = privateKeyPem(dir.resolve("client.p12"));

        server = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD)
                .needClientAuth(true).trustStorePath(dir.resolve("server-trust.p12").toString())
                .trustStoreType("PKCS12").trustStorePassword(PASSWORD));
        server.start();
        server.stubFor(get("/schemas/ids/1").willReturn(okForContentType("application/vnd.schemaregistry.v1+json",
                "{\"schema\":\"\\\"string\\\"\"}")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static SchemaRegistryConfig.Builder config() {
        return SchemaRegistryConfig.builder().urls("https://localhost:" + server.httpsPort()).maxRetries(0)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
    }

    @Test
    void inlinePemTrustAndClientCertificate() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config()
                .sslTruststoreCertificates(serverCertPem).sslKeystorePem(clientCertPem, clientKeyPem).build())) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
    }

    @Test
    void storeFilesFromProperties() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(java.util.Map.of(
                "schema.registry.url", "https://localhost:" + server.httpsPort(),
                "schema.registry.ssl.truststore.location", dir.resolve("server.pem").toString(),
                "schema.registry.ssl.truststore.type", "PEM",
                "schema.registry.ssl.keystore.location", dir.resolve("client.p12").toString(),
                "schema.registry.ssl.keystore.password", PASSWORD,
                "schema.registry.ssl.keystore.type", "PKCS12",
                "max.retries", 0));

        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config)) {
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro("\"string\""));
        }
    }

    @Test
    void untrustedServerFails() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config()
                .sslKeystorePem(clientCertPem, clientKeyPem).build())) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(e.httpStatus()).isZero();
            assertThat(e.serverMessage()).contains("SSL");
        }
    }

    @Test
    void missingClientCertificateIsRejectedByTheServer() {
        try (CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(config()
                .sslTruststoreCertificates(serverCertPem).build())) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(e.httpStatus()).isZero();
        }
    }

    private static String privateKeyPem(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        byte[] pkcs8 = keyStore.getKey("client", PASSWORD.toCharArray()).getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
