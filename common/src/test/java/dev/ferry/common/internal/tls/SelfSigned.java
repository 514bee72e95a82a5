package dev.ferry.common.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * A self-signed certificate and its key pair, made with the JDK alone (no keytool, no library): the
 * X.509 structure is written as DER by hand and signed with {@link Signature}; the JDK's
 * {@link CertificateFactory} reads it back, so a wrong encoding fails here, not in the test.
 */
record SelfSigned(String name, KeyPair keys, X509Certificate certificate) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

    enum KeyType {
        RSA(
                "RSA",
                "SHA256withRSA",
                der(0x30, der(0x06, bytes(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B)), der(0x05))),
        EC("EC", "SHA256withECDSA", der(0x30, der(0x06, bytes(0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02)))),
        ED25519("Ed25519", "Ed25519", der(0x30, der(0x06, bytes(0x2B, 0x65, 0x70))));

        private final String keyAlgorithm;
        private final String signatureAlgorithm;
        private final byte[] signatureAlgorithmId;

        KeyType(String keyAlgorithm, String signatureAlgorithm, byte[] signatureAlgorithmId) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
            this.signatureAlgorithmId = signatureAlgorithmId;
        }

        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (this == RSA) {
                generator.initialize(2048);
            } else if (this == EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        }
    }

    /** A certificate for {@code CN=<name>}, valid from an hour ago for two days. */
    static SelfSigned create(String name, KeyType type) throws GeneralSecurityException {
        KeyPair keys = type.generate();
        byte[] serial = new byte[8];
        RANDOM.nextBytes(serial);
        serial[0] &= 0x7F;
        byte[] subject = der(
                0x30,
                der(
                        0x31,
                        der(
                                0x30,
                                der(0x06, bytes(0x55, 0x04, 0x03)),
                                der(0x0C, name.getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = der(
                0x30,
                der(0x17, ascii(UTC_TIME.format(now.minusHours(1)))),
                der(0x17, ascii(UTC_TIME.format(now.plusDays(2)))));
        byte[] version3 = der(0xA0, der(0x02, bytes(0x02)));
        byte[] toBeSigned = der(
                0x30,
                version3,
                der(0x02, serial),
                type.signatureAlgorithmId,
                subject,
                validity,
                subject,
                keys.getPublic().getEncoded());
        Signature signer = Signature.getInstance(type.signatureAlgorithm);
        signer.initSign(keys.getPrivate());
        signer.update(toBeSigned);
        byte[] signature = concat(bytes(0x00), signer.sign());
        byte[] certificate = der(0x30, toBeSigned, type.signatureAlgorithmId, der(0x03, signature));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificate));
        parsed.verify(keys.getPublic());
        return new SelfSigned(name, keys, parsed);
    }

    String certificatePem() throws GeneralSecurityException {
        return pem("CERTIFICATE", certificate.getEncoded());
    }

    /** The private key as unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}. */
    String keyPem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /**
     * PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}
     * writes it. The DER is put together by hand: Java 17 cannot name PBES2 parameters in an EncryptedPrivateKeyInfo.
     */
    String pbes2KeyPem(String password) throws GeneralSecurityException, IOException {
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                secret(algorithm, password),
                new PBEParameterSpec(randomBytes(16), 10_000, new IvParameterSpec(randomBytes(16))));
        byte[] encryptedKey = cipher.doFinal(keys.getPrivate().getEncoded());
        byte[] pbes2 = der(0x06, bytes(0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D));
        byte[] encrypted = der(0x30, der(0x30, pbes2, cipher.getParameters().getEncoded()), der(0x04, encryptedKey));
        return pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(encrypted).getEncoded());
    }

    /** PKCS#8 encrypted with PBES1 (PBEWithSHA1AndDESede), as {@code openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES} writes it. */
    String pbes1KeyPem(String password) throws GeneralSecurityException, IOException {
        String algorithm = "PBEWithSHA1AndDESede";
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, secret(algorithm, password), new PBEParameterSpec(randomBytes(8), 2048));
        byte[] encryptedKey = cipher.doFinal(keys.getPrivate().getEncoded());
        return pem(
                "ENCRYPTED PRIVATE KEY",
                new EncryptedPrivateKeyInfo(cipher.getParameters(), encryptedKey).getEncoded());
    }

    /** A JKS or PKCS12 store holding the key and certificate under the alias {@link #name}. */
    Path keyStore(Path directory, String type, String storePassword, String keyPassword)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(name, keys.getPrivate(), keyPassword.toCharArray(), new Certificate[] {certificate});
        return write(store, directory.resolve(name + "-key." + type.toLowerCase(java.util.Locale.ROOT)), storePassword);
    }

    /** A JKS or PKCS12 store trusting this certificate. */
    Path trustStore(Path directory, String type, String storePassword) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry(name, certificate);
        return write(
                store, directory.resolve(name + "-trust." + type.toLowerCase(java.util.Locale.ROOT)), storePassword);
    }

    private static Path write(KeyStore store, Path file, String password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static SecretKey secret(String algorithm, String password) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray()));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A DER tag-length-value; the length in the short or long form. */
    static byte[] der(int tag, byte[]... parts) {
        byte[] content = concat(parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "SelfSigned[" + name + ", " + keys.getPrivate().getAlgorithm() + "]";
    }
}
