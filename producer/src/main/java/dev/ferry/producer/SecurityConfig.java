package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.producer.internal.config.SecuritySettings;
import dev.ferry.producer.internal.security.SaslCredentials;
import dev.ferry.producer.internal.security.SaslMechanism;
import dev.ferry.producer.internal.security.SslFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the producer secures its broker connections: {@code security.protocol}, SASL
 * ({@code sasl.mechanism}, {@code sasl.jaas.config}) and TLS ({@code ssl.*}), under kafka-clients'
 * names and with its defaults. Part of {@link ProducerConfig}; {@link ProducerConfig#fromProperties}
 * reads these keys too.
 *
 * <pre>{@code
 * SecurityConfig security = SecurityConfig.builder()
 *         .securityProtocol(SecurityProtocol.SASL_SSL)
 *         .saslMechanism("SCRAM-SHA-512")
 *         .saslJaasConfig("org.apache.kafka.common.security.scram.ScramLoginModule required "
 *                 + "username=\"orders-app\" password=\"" + secret + "\";")
 *         .sslTruststoreLocation("/etc/kafka/truststore.p12").sslTruststoreType("PKCS12")
 *         .sslTruststorePassword(trustPassword)
 *         .build();
 * ProducerConfig config = ProducerConfig.builder().bootstrapServers("broker:9093").security(security).build();
 * }</pre>
 *
 * <p>Supported: PLAINTEXT, SSL (with a client certificate for mutual TLS), SASL_PLAINTEXT and
 * SASL_SSL with the PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 mechanisms; key and trust stores as JKS,
 * PKCS12 or PEM (files or inline). {@link #builder() build()} checks everything that can be checked
 * without a broker: the mechanism, the JAAS line, and that every store and key can be loaded; a
 * problem is a {@link ConfigException} naming the key. Secrets ({@code sasl.jaas.config}, passwords,
 * PEM keys) are held as {@link Password} and never appear in {@code toString()} or an exception.
 *
 * <p>Thread safety: immutable, safe to share. The builder is not thread-safe.
 */
public final class SecurityConfig {
    public static final String SECURITY_PROTOCOL = "security.protocol";
    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";
    public static final String SSL_PROTOCOL = "ssl.protocol";
    public static final String SSL_ENABLED_PROTOCOLS = "ssl.enabled.protocols";
    public static final String SSL_CIPHER_SUITES = "ssl.cipher.suites";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = "ssl.endpoint.identification.algorithm";
    public static final String SSL_TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_CERTIFICATES = "ssl.truststore.certificates";
    public static final String SSL_KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "ssl.key.password";
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN = "ssl.keystore.certificate.chain";
    public static final String SSL_KEYSTORE_KEY = "ssl.keystore.key";
    public static final String SSL_KEYMANAGER_ALGORITHM = "ssl.keymanager.algorithm";
    public static final String SSL_TRUSTMANAGER_ALGORITHM = "ssl.trustmanager.algorithm";

    private final SecuritySettings source;

    private SecurityConfig(SecuritySettings source) {
        this.source = source;
    }

    public static Builder builder() {
        return new Builder(new SecuritySettings());
    }

    /** PLAINTEXT, as kafka-clients defaults. */
    public static SecurityConfig plaintext() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder(source.copy());
    }

    /** The settings this configuration was built from; for {@link ProducerConfig}. */
    SecuritySettings settings() {
        return source.copy();
    }

    /** Checks and builds settings read by {@link ProducerConfig}. */
    static SecurityConfig build(SecuritySettings settings) {
        return new Builder(settings.copy()).build();
    }

    public SecurityProtocol securityProtocol() {
        return source.securityProtocol;
    }

    /** {@code sasl.mechanism}; default GSSAPI, as kafka-clients (which Ferry does not support: set PLAIN or SCRAM-*). */
    public String saslMechanism() {
        return source.saslMechanism;
    }

    /** {@code sasl.jaas.config}, or null. */
    public Password saslJaasConfig() {
        return source.saslJaasConfig;
    }

    public String sslProtocol() {
        return source.sslProtocol;
    }

    public List<String> sslEnabledProtocols() {
        return source.sslEnabledProtocols;
    }

    /** {@code ssl.cipher.suites}; empty for the JVM's defaults. */
    public List<String> sslCipherSuites() {
        return source.sslCipherSuites;
    }

    /** {@code https} (default: the broker's certificate must name the host connected to) or empty (no check). */
    public String sslEndpointIdentificationAlgorithm() {
        return source.sslEndpointIdentificationAlgorithm;
    }

    /** {@code ssl.truststore.location}, or null for the JVM's default trust store. */
    public String sslTruststoreLocation() {
        return source.sslTruststoreLocation;
    }

    public Password sslTruststorePassword() {
        return source.sslTruststorePassword;
    }

    /** JKS (default), PKCS12 or PEM. */
    public String sslTruststoreType() {
        return source.sslTruststoreType;
    }

    /** {@code ssl.truststore.certificates}: trusted certificates as inline PEM, or null. */
    public Password sslTruststoreCertificates() {
        return source.sslTruststoreCertificates;
    }

    public String sslKeystoreLocation() {
        return source.sslKeystoreLocation;
    }

    public Password sslKeystorePassword() {
        return source.sslKeystorePassword;
    }

    /** JKS (default), PKCS12 or PEM. */
    public String sslKeystoreType() {
        return source.sslKeystoreType;
    }

    public Password sslKeyPassword() {
        return source.sslKeyPassword;
    }

    /** {@code ssl.keystore.certificate.chain}: the client certificate chain as inline PEM, or null. */
    public Password sslKeystoreCertificateChain() {
        return source.sslKeystoreCertificateChain;
    }

    /** {@code ssl.keystore.key}: the client's private key as inline PKCS#8 PEM, or null. */
    public Password sslKeystoreKey() {
        return source.sslKeystoreKey;
    }

    public String sslKeymanagerAlgorithm() {
        return source.sslKeymanagerAlgorithm;
    }

    public String sslTrustmanagerAlgorithm() {
        return source.sslTrustmanagerAlgorithm;
    }

    /** Every setting under its kafka-clients name; secrets as {@link Password}, unset ones left out. */
    public Map<String, Object> configs() {
        return SecuritySettings.KEYS.values(source);
    }

    @Override
    public String toString() {
        return "SecurityConfig" + SecuritySettings.KEYS.describe(configs());
    }

    /**
     * Collects settings; each setter checks its value at once, {@link #build()} loads the stores and
     * checks the rules between settings. Defaults are kafka-clients 4.x's. Secrets are taken as text,
     * as in kafka-clients' properties, and held as {@link Password} from the setter on.
     */
    public static final class Builder {
        private final SecuritySettings settings;

        private Builder(SecuritySettings settings) {
            this.settings = settings;
        }

        private Builder set(String key, Object value) {
            SecuritySettings.KEYS.set(settings, key, value);
            return this;
        }

        /** {@code security.protocol}: default PLAINTEXT. */
        public Builder securityProtocol(SecurityProtocol protocol) {
            return set(
                    SECURITY_PROTOCOL,
                    Objects.requireNonNull(protocol, SECURITY_PROTOCOL).name());
        }

        /** {@code sasl.mechanism}: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (checked in {@link #build()} when SASL is used). */
        public Builder saslMechanism(String mechanism) {
            return set(SASL_MECHANISM, mechanism);
        }

        /**
         * {@code sasl.jaas.config}: one line in kafka-clients' format, e.g.
         * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="...";}
         * (or {@code ScramLoginModule}). Its syntax is checked at once; a problem names the key, never the text.
         */
        public Builder saslJaasConfig(String jaasConfig) {
            return set(SASL_JAAS_CONFIG, new Password(jaasConfig));
        }

        /** {@code ssl.protocol}: the protocol of the SSLContext; default TLSv1.3. */
        public Builder sslProtocol(String protocol) {
            return set(SSL_PROTOCOL, protocol);
        }

        /** {@code ssl.enabled.protocols}: default TLSv1.2, TLSv1.3. */
        public Builder sslEnabledProtocols(List<String> protocols) {
            return set(SSL_ENABLED_PROTOCOLS, List.copyOf(protocols));
        }

        /** {@code ssl.cipher.suites}: empty (default) for the JVM's defaults. */
        public Builder sslCipherSuites(List<String> suites) {
            return set(SSL_CIPHER_SUITES, List.copyOf(suites));
        }

        /** {@code ssl.endpoint.identification.algorithm}: https (default) checks the broker's host name; empty turns the check off. */
        public Builder sslEndpointIdentificationAlgorithm(String algorithm) {
            return set(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, algorithm);
        }

        public Builder sslTruststoreLocation(String location) {
            return set(SSL_TRUSTSTORE_LOCATION, location);
        }

        public Builder sslTruststorePassword(String password) {
            return set(SSL_TRUSTSTORE_PASSWORD, new Password(password));
        }

        /** {@code ssl.truststore.type}: JKS (default), PKCS12 or PEM. */
        public Builder sslTruststoreType(String type) {
            return set(SSL_TRUSTSTORE_TYPE, type);
        }

        /** {@code ssl.truststore.certificates}: trusted certificates as PEM text. */
        public Builder sslTruststoreCertificates(String pem) {
            return set(SSL_TRUSTSTORE_CERTIFICATES, new Password(pem));
        }

        public Builder sslKeystoreLocation(String location) {
            return set(SSL_KEYSTORE_LOCATION, location);
        }

        public Builder sslKeystorePassword(String password) {
            return set(SSL_KEYSTORE_PASSWORD, new Password(password));
        }

        /** {@code ssl.keystore.type}: JKS (default), PKCS12 or PEM. */
        public Builder sslKeystoreType(String type) {
            return set(SSL_KEYSTORE_TYPE, type);
        }

        /** {@code ssl.key.password}: the private key's password when it differs from the store's, or decrypts a PEM key. */
        public Builder sslKeyPassword(String password) {
            return set(SSL_KEY_PASSWORD, new Password(password));
        }

        /** {@code ssl.keystore.certificate.chain}: the client certificate chain as PEM text, with {@link #sslKeystoreKey}. */
        public Builder sslKeystoreCertificateChain(String pem) {
            return set(SSL_KEYSTORE_CERTIFICATE_CHAIN, new Password(pem));
        }

        /** {@code ssl.keystore.key}: the client's PKCS#8 private key as PEM text (encrypted ones need {@code ssl.key.password}). */
        public Builder sslKeystoreKey(String pem) {
            return set(SSL_KEYSTORE_KEY, new Password(pem));
        }

        public Builder sslKeymanagerAlgorithm(String algorithm) {
            return set(SSL_KEYMANAGER_ALGORITHM, algorithm);
        }

        public Builder sslTrustmanagerAlgorithm(String algorithm) {
            return set(SSL_TRUSTMANAGER_ALGORITHM, algorithm);
        }

        /**
         * Checks the SASL settings when SASL is used and loads every store and key when TLS is used.
         *
         * @throws ConfigException naming the key that is missing, unsupported or cannot be loaded
         */
        public SecurityConfig build() {
            SecurityConfig config = new SecurityConfig(settings.copy());
            if (config.securityProtocol().usesSasl()) {
                SaslMechanism.forConfig(config);
                SaslCredentials.forConfig(config);
            }
            if (config.securityProtocol().usesTls()) {
                SslFactory.create(config);
            }
            return config;
        }
    }
}
