package dev.ferry.common.internal.tls;

import dev.ferry.common.Password;

/**
 * Where a client's trusted certificates come from: a store file ({@code truststore.location}, of
 * {@code truststore.type} JKS, PKCS12 or PEM), PEM text ({@code truststore.certificates}), or neither,
 * for the JDK's own trust store.
 *
 * @param location     the store file, or null
 * @param type         JKS, PKCS12 or PEM (any case); null means JKS
 * @param password     the store's password, or null; a PEM store has none
 * @param certificates PEM certificates given inline, or null
 * @param algorithm    the trust manager algorithm; null means the JDK's default (PKIX)
 */
public record TrustSource(String location, String type, Password password, Password certificates, String algorithm) {

    /** The JDK's trust store, as without any setting. */
    public static TrustSource jdkDefault() {
        return new TrustSource(null, null, null, null, null);
    }
}
