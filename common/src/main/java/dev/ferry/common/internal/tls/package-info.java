/**
 * The one loader of a client's TLS key and trust material, for the producer's {@code ssl.*} keys and
 * the registry client's {@code schema.registry.ssl.*} keys: {@code TlsMaterial.load} takes a
 * {@code KeySource} and a {@code TrustSource} (JKS or PKCS12 store files, PEM files, inline PEM;
 * PKCS#8 keys, plain or password-encrypted) and gives key and trust managers, or a
 * {@code TlsConfigException} naming the key and the file at fault, never a password. Each client
 * builds its own {@code SSLContext} from them. Not an API: it may change in any release.
 */
package dev.ferry.common.internal.tls;
