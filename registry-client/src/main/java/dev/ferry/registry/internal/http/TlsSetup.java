package dev.ferry.registry.internal.http;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.tls.KeySource;
import dev.ferry.common.internal.tls.TlsMaterial;
import dev.ferry.common.internal.tls.TrustSource;
import dev.ferry.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Applies {@code schema.registry.ssl.*} to an OkHttp client, with the key and trust material that
 * common's {@link TlsMaterial} loads (the producer's loader: JKS, PKCS12 and PEM files, inline PEM,
 * plain and encrypted PKCS#8 keys). Every failure names the key (and file) at fault, never a password.
 */
public final class TlsSetup {

    private TlsSetup() {}

    /**
     * Loads every store and key the settings name, so that a configuration is rejected when it is
     * built rather than when its first client is created.
     *
     * @throws ConfigException naming the key and the file that cannot be used, never a password
     */
    public static void check(SchemaRegistryConfig.Ssl ssl) {
        if (ssl.isCustomized()) {
            sslContext(ssl, new CertificateRequests());
        }
    }

    /**
     * Without a client certificate configured, {@code requests} stands in as the key manager (the
     * JDK's trust store is then still the one trusted, as without any setting).
     */
    static OkHttpClient.Builder apply(
            SchemaRegistryConfig config, OkHttpClient.Builder builder, CertificateRequests requests) {
        SchemaRegistryConfig.Ssl ssl = config.ssl();
        if (!ssl.endpointIdentification()) {
            builder.hostnameVerifier((host, session) -> true);
        }
        Context context = sslContext(ssl, requests);
        return builder.sslSocketFactory(context.ssl().getSocketFactory(), context.trustManager());
    }

    private record Context(SSLContext ssl, X509TrustManager trustManager) {}

    private static Context sslContext(SchemaRegistryConfig.Ssl ssl, CertificateRequests requests) {
        TlsMaterial material = TlsMaterial.load(SchemaRegistryConfig.SSL_PREFIX, keySource(ssl), trustSource(ssl));
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    material.hasClientCertificate() ? material.keyManagers() : new KeyManager[] {requests},
                    material.trustManagers(),
                    null);
            return new Context(context, material.trustManager());
        } catch (GeneralSecurityException e) {
            // the material loaded, so no one key is at fault: the JVM refuses what the keys hold together
            throw new ConfigException(
                    "Cannot set up TLS from the " + SchemaRegistryConfig.SSL_PREFIX + "* configuration: "
                            + e.getMessage(),
                    e);
        }
    }

    private static KeySource keySource(SchemaRegistryConfig.Ssl ssl) {
        return new KeySource(
                location(ssl.keystoreLocation()),
                ssl.keystoreType(),
                secret(ssl.keystorePassword()),
                secret(ssl.keystoreCertificateChain()),
                secret(ssl.keystoreKey()),
                secret(ssl.keyPassword()),
                null);
    }

    private static TrustSource trustSource(SchemaRegistryConfig.Ssl ssl) {
        return new TrustSource(
                location(ssl.truststoreLocation()),
                ssl.truststoreType(),
                secret(ssl.truststorePassword()),
                secret(ssl.truststoreCertificates()),
                null);
    }

    private static String location(Path path) {
        return path == null ? null : path.toString();
    }

    private static Password secret(String value) {
        return value == null ? null : new Password(value);
    }
}
