package dev.ferry.common.internal.tls;

import dev.ferry.common.Password;

/**
 * Where a client's own certificate and private key come from (for mutual TLS): a store file
 * ({@code keystore.location}, of {@code keystore.type} JKS, PKCS12 or PEM), PEM text
 * ({@code keystore.certificate.chain} and {@code keystore.key}), or neither.
 *
 * @param location         the store file, or null
 * @param type             JKS, PKCS12 or PEM (any case); null means JKS
 * @param password         the store's password, or null; a PEM store has none
 * @param certificateChain the PEM certificate chain given inline, or null
 * @param key              the PEM private key given inline (PKCS#8, plain or encrypted), or null
 * @param keyPassword      the password of the key in a store, or of an encrypted PEM key; null for
 *                         a store means the store's password
 * @param algorithm        the key manager algorithm; null means the JDK's default (SunX509)
 */
public record KeySource(
        String location,
        String type,
        Password password,
        Password certificateChain,
        Password key,
        Password keyPassword,
        String algorithm) {

    /** No client certificate. */
    public static KeySource none() {
        return new KeySource(null, null, null, null, null, null, null);
    }
}
