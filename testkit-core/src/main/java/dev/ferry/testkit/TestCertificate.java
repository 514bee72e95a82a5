package dev.ferry.testkit;

import dev.ferry.testkit.internal.Keytool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * A self-signed certificate and its EC private key for TLS tests, made by the JDK's keytool: as a
 * PKCS12 key store, as PEM text (the key also encrypted, {@link #encryptedPrivateKeyPem}), and as a
 * PEM certificate file (a trust store for Kafka and OkHttp).
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
public record TestCertificate(
        String name,
        Path keyStore,
        String password,
        String certificatePem,
        Path certificateFile,
        String privateKeyPem) {

    /**
     * Makes a certificate valid for two days with {@code CN=<name>}.
     *
     * @param subjectAltNames keytool SAN entries such as {@code dns:localhost} or {@code ip:127.0.0.1}; none for a client
     */
    public static TestCertificate selfSigned(Path directory, String name, String... subjectAltNames) {
        Path store = directory.resolve(name + ".p12");
        String password = name + "-store-pw";
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-keypass",
                password));
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
            String certificate =
                    pem("CERTIFICATE", keyStore.getCertificate(name).getEncoded());
            String key = pem(
                    "PRIVATE KEY", keyStore.getKey(name, password.toCharArray()).getEncoded());
            Path certificateFile = directory.resolve(name + ".pem");
            Files.writeString(certificateFile, certificate, StandardCharsets.US_ASCII);
            return new TestCertificate(name, store, password, certificate, certificateFile, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the key store " + store, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read back the key store " + store, e);
        }
    }

    /**
     * The private key as encrypted PKCS#8 PEM ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}), with
     * PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes
     * it. The DER is put together by hand: Java 17 cannot name PBES2 parameters in an
     * EncryptedPrivateKeyInfo.
     */
    public String encryptedPrivateKeyPem(String keyPassword) {
        byte[] der = Base64.getMimeDecoder().decode(privateKeyPem.replaceAll("-----[A-Z ]+-----", ""));
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        try {
            SecretKey key =
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(keyPassword.toCharArray()));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
            byte[] encryptedKey = cipher.doFinal(der);
            byte[] pbes2Oid = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x05, 0x0D};
            byte[] algorithmId = tlv(0x30, pbes2Oid, cipher.getParameters().getEncoded());
            return pem("ENCRYPTED PRIVATE KEY", tlv(0x30, algorithmId, tlv(0x04, encryptedKey)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the cipher's parameters", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot encrypt a key with " + algorithm, e);
        }
    }

    /** A DER tag-length-value, long enough for a PKCS#8 key. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Leaves the private key and password out: a certificate in a test log is fine, its key is not. */
    @Override
    public String toString() {
        return "TestCertificate[" + name + ", " + keyStore + "]";
    }
}
