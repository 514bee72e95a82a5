package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.tls.KeySource;
import dev.ferry.common.internal.tls.TlsMaterial;
import dev.ferry.common.internal.tls.TrustSource;
import dev.ferry.producer.SecurityConfig;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Client-side TLS engines from the {@code ssl.*} settings: one SSLContext with the key and trust
 * material that common's {@link TlsMaterial} loads, and per connection an SSLEngine with the
 * enabled protocols, cipher suites and host name verification. Everything is loaded in
 * {@link #create}, so a bad store fails the producer's construction with a ConfigException naming
 * the key, not its first connection.
 *
 * <p>Thread safety: immutable after creation; engines may be made from any thread.
 */
public final class SslFactory {
    private static final String PREFIX = "ssl.";

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    /** Null when host name verification is off. */
    private final String endpointIdentification;

    private final boolean hasClientCertificate;

    private SslFactory(
            SSLContext context,
            String[] protocols,
            String[] cipherSuites,
            String endpointIdentification,
            boolean hasClientCertificate) {
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.endpointIdentification = endpointIdentification;
        this.hasClientCertificate = hasClientCertificate;
    }

    /** @throws ConfigException naming the key whose value cannot be used */
    public static SslFactory create(SecurityConfig config) {
        TlsMaterial material = TlsMaterial.load(PREFIX, keySource(config), trustSource(config));
        SSLContext context;
        try {
            context = SSLContext.getInstance(config.sslProtocol());
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(
                    SecurityConfig.SSL_PROTOCOL,
                    config.sslProtocol(),
                    "is not a protocol this JVM supports, e.g. TLSv1.3");
        }
        try {
            context.init(material.keyManagers(), material.trustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS from the ssl.* configuration: " + e.getMessage());
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        String[] protocols = checkedSubset(
                SecurityConfig.SSL_ENABLED_PROTOCOLS, config.sslEnabledProtocols(), supported.getProtocols());
        String[] suites = config.sslCipherSuites().isEmpty()
                ? null
                : checkedSubset(
                        SecurityConfig.SSL_CIPHER_SUITES, config.sslCipherSuites(), supported.getCipherSuites());
        String identification = config.sslEndpointIdentificationAlgorithm().isEmpty()
                ? null
                : config.sslEndpointIdentificationAlgorithm().toUpperCase(java.util.Locale.ROOT);
        return new SslFactory(context, protocols, suites, identification, material.hasClientCertificate());
    }

    private static KeySource keySource(SecurityConfig config) {
        return new KeySource(
                config.sslKeystoreLocation(),
                config.sslKeystoreType(),
                config.sslKeystorePassword(),
                config.sslKeystoreCertificateChain(),
                config.sslKeystoreKey(),
                config.sslKeyPassword(),
                config.sslKeymanagerAlgorithm());
    }

    private static TrustSource trustSource(SecurityConfig config) {
        return new TrustSource(
                config.sslTruststoreLocation(),
                config.sslTruststoreType(),
                config.sslTruststorePassword(),
                config.sslTruststoreCertificates(),
                config.sslTrustmanagerAlgorithm());
    }

    /**
     * What to add to the message of a handshake the broker refused: a broker that requires client
     * certificates ({@code ssl.client.auth=required}) ends the handshake with an alert, which names
     * no reason the user would connect to a missing {@code ssl.keystore.*}.
     */
    public String refusalHint(Exception failure) {
        String message = failure.getMessage();
        if (hasClientCertificate || message == null || !message.startsWith("Received fatal alert")) {
            return "";
        }
        return "; no client certificate is configured (" + SecurityConfig.SSL_KEYSTORE_LOCATION + ", or "
                + SecurityConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN + " and " + SecurityConfig.SSL_KEYSTORE_KEY
                + "), which a broker with ssl.client.auth=required refuses";
    }

    /** A client engine for one connection; {@code host} is what the broker's certificate must name when verification is on. */
    public SSLEngine createEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols);
        if (cipherSuites != null) {
            parameters.setCipherSuites(cipherSuites);
        }
        parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static String[] checkedSubset(String key, List<String> wanted, String[] supported) {
        List<String> known = Arrays.asList(supported);
        List<String> unknown = new ArrayList<>(wanted);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigException(
                    key,
                    String.join(",", wanted),
                    Redaction.value(unknown) + " not supported by this JVM; supported: " + known);
        }
        return wanted.toArray(String[]::new);
    }
}
