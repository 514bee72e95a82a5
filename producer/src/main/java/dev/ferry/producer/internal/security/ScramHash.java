package dev.ferry.producer.internal.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hash and HMAC of a SCRAM mechanism, and the functions RFC 5802 builds from them. */
enum ScramHash {
    SHA_256("SHA-256", "HmacSHA256"),
    SHA_512("SHA-512", "HmacSHA512");

    /** kafka-clients refuses fewer iterations for SCRAM-SHA-256 and -512, and so does Ferry. */
    static final int MIN_ITERATIONS = 4096;

    private final String digest;
    private final String hmac;

    ScramHash(String digest, String hmac) {
        this.digest = digest;
        this.hmac = hmac;
    }

    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest + " is missing from this JVM", e);
        }
    }

    byte[] hmac(byte[] key, byte[] data) {
        Mac mac = mac(key);
        return mac.doFinal(data);
    }

    /** Hi(str, salt, i) of RFC 5802: PBKDF2 with this HMAC, one block. */
    byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = mac(password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is missing from this JVM", e);
        }
    }
}
