package dev.ferry.common.internal.tls;

import dev.ferry.common.Password;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Certificates and PKCS#8 private keys, plain or password-encrypted, in PEM text, as kafka-clients
 * reads them for {@code ssl.*.type=PEM}, {@code ssl.truststore.certificates} and
 * {@code ssl.keystore.key}. Errors name the key (and file), never the text.
 */
final class PemReader {
    private static final Pattern CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern ENCRYPTED_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END ENCRYPTED PRIVATE KEY-----");
    /** OpenSSL's older per-algorithm forms, which kafka-clients does not read either. */
    private static final Pattern TRADITIONAL_KEY = Pattern.compile("-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----");

    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "DSA"};
    private static final byte[] PROOF =
            "ferry: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    private PemReader() {}

    static Certificate[] certificates(String pem, Origin origin) {
        List<Certificate> certificates = new ArrayList<>();
        Matcher matcher = CERTIFICATE.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (matcher.find()) {
                certificates.add(
                        factory.generateCertificate(new ByteArrayInputStream(decode(matcher.group(1), origin))));
            }
        } catch (GeneralSecurityException e) {
            throw origin.error("holds a PEM certificate that cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw origin.error("holds no PEM certificate");
        }
        return certificates.toArray(Certificate[]::new);
    }

    /**
     * @param password    decrypts an ENCRYPTED PRIVATE KEY block; must be null for a plain one, which
     *                    it would not protect
     * @param passwordKey the key of the password setting, for messages
     */
    static PrivateKey privateKey(String pem, Origin origin, Password password, String passwordKey) {
        Matcher plain = PRIVATE_KEY.matcher(pem);
        if (plain.find()) {
            if (password != null) {
                throw new TlsConfigException(
                        passwordKey,
                        password,
                        "is set but the private key in " + origin.describe()
                                + " is not encrypted: remove the password");
            }
            return keyOf(new PKCS8EncodedKeySpec(decode(plain.group(1), origin)), origin);
        }
        Matcher encrypted = ENCRYPTED_PRIVATE_KEY.matcher(pem);
        if (encrypted.find()) {
            if (password == null) {
                throw new TlsConfigException(
                        passwordKey, null, "is required: the private key in " + origin.describe() + " is encrypted");
            }
            return keyOf(decrypt(decode(encrypted.group(1), origin), password, passwordKey, origin), origin);
        }
        Matcher traditional = TRADITIONAL_KEY.matcher(pem);
        if (traditional.find()) {
            throw origin.error("holds a '-----BEGIN " + traditional.group(1) + " PRIVATE KEY-----' block, which is not"
                    + " PKCS#8: convert it with 'openssl pkcs8 -topk8' (add -nocrypt for an unencrypted key)");
        }
        throw origin.error(
                "holds no PKCS#8 '-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----' block");
    }

    /**
     * A key that does not belong to the certificate would be sent along with it and fail only in the
     * handshake, with an error that names neither: signing with the key and checking the signature
     * with the certificate's public key tells now.
     */
    static void checkKeyMatches(PrivateKey key, Certificate certificate, Origin keyOrigin, Origin chainOrigin) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "DSA" -> "SHA256withDSA";
                    default -> key.getAlgorithm();
                };
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROOF);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROOF);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw keyOrigin.error("does not belong to the first certificate in " + chainOrigin.describe());
        }
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, Password password, String passwordKey, Origin origin) {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw origin.error("holds an encrypted private key that is malformed");
        }
        // PBES2 keys name their cipher in the parameters; some JDKs report only "PBES2" as the algorithm name
        List<String> algorithms = new ArrayList<>(List.of(info.getAlgName()));
        if (info.getAlgParameters() != null) {
            algorithms.add(info.getAlgParameters().toString());
        }
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                Key pbeKey = SecretKeyFactory.getInstance(algorithm)
                        .generateSecret(new PBEKeySpec(password.value().toCharArray()));
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, pbeKey, info.getAlgParameters());
                return info.getKeySpec(cipher);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new TlsConfigException(
                passwordKey,
                password,
                "does not decrypt the encrypted private key in " + origin.describe() + " ("
                        + last.getClass().getSimpleName() + ")");
    }

    private static PrivateKey keyOf(PKCS8EncodedKeySpec spec, Origin origin) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // PKCS#8 names the algorithm only inside the structure: try the next one
            }
        }
        throw origin.error("holds a private key that is neither RSA, EC, EdDSA nor DSA");
    }

    private static byte[] decode(String base64, Origin origin) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw origin.error("holds a PEM block that is not valid base64");
        }
    }
}
