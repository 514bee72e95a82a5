package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
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
 * Certificates and PKCS#8 private keys (plain or password-encrypted) in PEM text, as kafka-clients
 * reads them for {@code ssl.*.type=PEM}, {@code ssl.truststore.certificates} and {@code ssl.keystore.key}.
 * Errors name the configuration key, never the text.
 */
final class PemText {
    private static final Pattern CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern ENCRYPTED_PRIVATE_KEY =
            Pattern.compile("-----BEGIN ENCRYPTED PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END ENCRYPTED PRIVATE KEY-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "DSA"};

    private PemText() {
    }

    static Certificate[] certificates(String pem, String key) {
        List<Certificate> certificates = new ArrayList<>();
        Matcher matcher = CERTIFICATE.matcher(pem);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (matcher.find()) {
                certificates.add(factory.generateCertificate(new ByteArrayInputStream(decode(matcher.group(1), key))));
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, Password.HIDDEN, "holds a PEM certificate that cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(key, Password.HIDDEN, "holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return certificates.toArray(Certificate[]::new);
    }

    /**
     * @param keyPassword decrypts an ENCRYPTED PRIVATE KEY block; may be null for a plain one
     * @param passwordKey the key of the password setting, for error messages
     */
    static PrivateKey privateKey(String pem, String key, Password keyPassword, String passwordKey) {
        Matcher plain = PRIVATE_KEY.matcher(pem);
        if (plain.find()) {
            return keyOf(new PKCS8EncodedKeySpec(decode(plain.group(1), key)), key);
        }
        Matcher encrypted = ENCRYPTED_PRIVATE_KEY.matcher(pem);
        if (!encrypted.find()) {
            throw new ConfigException(key, Password.HIDDEN,
                    "holds no PKCS#8 '-----BEGIN PRIVATE KEY-----' or '-----BEGIN ENCRYPTED PRIVATE KEY-----' block");
        }
        if (keyPassword == null) {
            throw new ConfigException(passwordKey, null, "is required: the private key in " + key + " is encrypted");
        }
        return keyOf(decrypt(decode(encrypted.group(1), key), keyPassword, passwordKey), key);
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, Password password, String passwordKey) {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new ConfigException(passwordKey, Password.HIDDEN, "cannot be applied: the encrypted private key is malformed");
        }
        // PBES2 keys name their cipher in the parameters; some JDKs report only "PBES2" as the algorithm name
        List<String> algorithms = new ArrayList<>(List.of(info.getAlgName()));
        if (info.getAlgParameters() != null) {
            algorithms.add(info.getAlgParameters().toString());
        }
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                Key pbeKey = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.value().toCharArray()));
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, pbeKey, info.getAlgParameters());
                return info.getKeySpec(cipher);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new ConfigException(passwordKey, Password.HIDDEN, "does not decrypt the encrypted private key ("
                + last.getClass().getSimpleName() + ")");
    }

    private static PrivateKey keyOf(PKCS8EncodedKeySpec spec, String key) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // PKCS#8 names the algorithm only inside the structure: try the next one
            }
        }
        throw new ConfigException(key, Password.HIDDEN, "holds a private key that is neither RSA, EC, EdDSA nor DSA");
    }

    private static byte[] decode(String base64, String key) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, Password.HIDDEN, "holds a PEM block that is not valid base64");
        }
    }
}
