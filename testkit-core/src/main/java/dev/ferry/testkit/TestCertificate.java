package dev.ferry.testkit;

import dev.ferry.testkit.internal.Keytool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A self-signed certificate and its EC private key for TLS tests, made by the JDK's keytool: as a
 * PKCS12 key store, as PEM text, and as a PEM certificate file (a trust store for Kafka and OkHttp).
 *
 * <pre>{@code
 * TestCertificate server = TestCertificate.selfSigned(dir, "server", "dns:localhost", "ip:127.0.0.1");
 * TestCertificate client = TestCertificate.selfSigned(dir, "client");
 * serverConfig.keystore(server.keyStore(), server.password());
 * clientConfig.truststoreCertificates(server.certificatePem());
 * }</pre>
 *
 * @param keyStore       PKCS12 store holding the key and certificate under the alias {@code name}
 * @param password       the store's and the key's password
 * @param certificatePem the certificate in PEM
 * @param certificateFile the certificate in PEM, as a file
 * @param privateKeyPem  the private key as unencrypted PKCS#8 PEM
 */
public record TestCertificate(String name, Path keyStore, String password, String certificatePem, Path certificateFile,
                              String privateKeyPem) {

    /**
     * Makes a certificate valid for two days with {@code CN=<name>}.
     *
     * @param subjectAltNames keytool SAN entries such as {@code dns:localhost} or {@code ip:127.0.0.1}; none for a client
     */
    public static TestCertificate selfSigned(Path directory, String name, String... subjectAltNames) {
        Path store = directory.resolve(name + ".p12");
        String password = name + "-store-pw";
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of("-genkeypair", "-alias", name,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password));
        if (subjectAltNames.length > 0) {
            arguments.add("-ext");
            arguments.add("SAN=" + String.join(",", subjectAltNames));
        }
        Keytool.run(arguments.toArray(String[]::new));
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password.toCharArray());
            }
            String certificate = pem("CERTIFICATE", keyStore.getCertificate(name).getEncoded());
            String key = pem("PRIVATE KEY", keyStore.getKey(name, password.toCharArray()).getEncoded());
            Path certificateFile = directory.resolve(name + ".pem");
            Files.writeString(certificateFile, certificate, StandardCharsets.US_ASCII);
            return new TestCertificate(name, store, password, certificate, certificateFile, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the key store " + store, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read back the key store " + store, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Leaves the private key and password out: a certificate in a test log is fine, its key is not. */
    @Override
    public String toString() {
        return "TestCertificate[" + name + ", " + keyStore + "]";
    }
}
