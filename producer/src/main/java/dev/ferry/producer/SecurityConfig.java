package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;
import dev.ferry.producer.internal.config.ConfigValues;
import dev.ferry.producer.internal.security.SaslCredentials;
import dev.ferry.producer.internal.security.SaslMechanism;
import dev.ferry.producer.internal.security.SslFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

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

    private static final Map<String, BiConsumer<Builder, Object>> PROPERTY_SETTERS = propertySetters();

    private final Builder source;

    private SecurityConfig(Builder source) {
        this.source = source;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** PLAINTEXT, as kafka-clients defaults. */
    public static SecurityConfig plaintext() {
        return builder().build();
    }

    public Builder toBuilder() {
        return source.copy();
    }

    /** Every key this class reads. */
    static java.util.Set<String> knownKeys() {
        return PROPERTY_SETTERS.keySet();
    }

    /** Sets one key from a properties map; for {@link ProducerConfig#fromProperties}. */
    static void set(Builder builder, String key, Object value) {
        PROPERTY_SETTERS.get(key).accept(builder, value);
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
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(SECURITY_PROTOCOL, securityProtocol().name());
        map.put(SASL_MECHANISM, saslMechanism());
        putIfNotNull(map, SASL_JAAS_CONFIG, saslJaasConfig());
        map.put(SSL_PROTOCOL, sslProtocol());
        map.put(SSL_ENABLED_PROTOCOLS, String.join(",", sslEnabledProtocols()));
        if (!sslCipherSuites().isEmpty()) {
            map.put(SSL_CIPHER_SUITES, String.join(",", sslCipherSuites()));
        }
        map.put(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, sslEndpointIdentificationAlgorithm());
        putIfNotNull(map, SSL_TRUSTSTORE_LOCATION, sslTruststoreLocation());
        putIfNotNull(map, SSL_TRUSTSTORE_PASSWORD, sslTruststorePassword());
        map.put(SSL_TRUSTSTORE_TYPE, sslTruststoreType());
        putIfNotNull(map, SSL_TRUSTSTORE_CERTIFICATES, sslTruststoreCertificates());
        putIfNotNull(map, SSL_KEYSTORE_LOCATION, sslKeystoreLocation());
        putIfNotNull(map, SSL_KEYSTORE_PASSWORD, sslKeystorePassword());
        map.put(SSL_KEYSTORE_TYPE, sslKeystoreType());
        putIfNotNull(map, SSL_KEY_PASSWORD, sslKeyPassword());
        putIfNotNull(map, SSL_KEYSTORE_CERTIFICATE_CHAIN, sslKeystoreCertificateChain());
        putIfNotNull(map, SSL_KEYSTORE_KEY, sslKeystoreKey());
        map.put(SSL_KEYMANAGER_ALGORITHM, sslKeymanagerAlgorithm());
        map.put(SSL_TRUSTMANAGER_ALGORITHM, sslTrustmanagerAlgorithm());
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "SecurityConfig"
                + configs().entrySet().stream()
                        .map(e -> e.getKey() + "=" + Redaction.value(e.getKey(), e.getValue()))
                        .toList();
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, BiConsumer<Builder, Object>> propertySetters() {
        Map<String, BiConsumer<Builder, Object>> s = new LinkedHashMap<>();
        s.put(
                SECURITY_PROTOCOL,
                (b, v) -> b.securityProtocol(SecurityProtocol.parse(ConfigValues.toString(SECURITY_PROTOCOL, v))));
        s.put(SASL_MECHANISM, (b, v) -> b.saslMechanism(ConfigValues.toString(SASL_MECHANISM, v)));
        s.put(SASL_JAAS_CONFIG, (b, v) -> b.saslJaasConfig(password(SASL_JAAS_CONFIG, v)));
        s.put(SSL_PROTOCOL, (b, v) -> b.sslProtocol(ConfigValues.toString(SSL_PROTOCOL, v)));
        s.put(SSL_ENABLED_PROTOCOLS, (b, v) -> b.sslEnabledProtocols(ConfigValues.toList(SSL_ENABLED_PROTOCOLS, v)));
        s.put(SSL_CIPHER_SUITES, (b, v) -> b.sslCipherSuites(ConfigValues.toList(SSL_CIPHER_SUITES, v)));
        s.put(
                SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
                (b, v) -> b.sslEndpointIdentificationAlgorithm(
                        ConfigValues.toString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, v)));
        s.put(
                SSL_TRUSTSTORE_LOCATION,
                (b, v) -> b.sslTruststoreLocation(ConfigValues.toString(SSL_TRUSTSTORE_LOCATION, v)));
        s.put(SSL_TRUSTSTORE_PASSWORD, (b, v) -> b.sslTruststorePassword(password(SSL_TRUSTSTORE_PASSWORD, v)));
        s.put(SSL_TRUSTSTORE_TYPE, (b, v) -> b.sslTruststoreType(ConfigValues.toString(SSL_TRUSTSTORE_TYPE, v)));
        s.put(
                SSL_TRUSTSTORE_CERTIFICATES,
                (b, v) -> b.sslTruststoreCertificates(password(SSL_TRUSTSTORE_CERTIFICATES, v)));
        s.put(SSL_KEYSTORE_LOCATION, (b, v) -> b.sslKeystoreLocation(ConfigValues.toString(SSL_KEYSTORE_LOCATION, v)));
        s.put(SSL_KEYSTORE_PASSWORD, (b, v) -> b.sslKeystorePassword(password(SSL_KEYSTORE_PASSWORD, v)));
        s.put(SSL_KEYSTORE_TYPE, (b, v) -> b.sslKeystoreType(ConfigValues.toString(SSL_KEYSTORE_TYPE, v)));
        s.put(SSL_KEY_PASSWORD, (b, v) -> b.sslKeyPassword(password(SSL_KEY_PASSWORD, v)));
        s.put(
                SSL_KEYSTORE_CERTIFICATE_CHAIN,
                (b, v) -> b.sslKeystoreCertificateChain(password(SSL_KEYSTORE_CERTIFICATE_CHAIN, v)));
        s.put(SSL_KEYSTORE_KEY, (b, v) -> b.sslKeystoreKey(password(SSL_KEYSTORE_KEY, v)));
        s.put(
                SSL_KEYMANAGER_ALGORITHM,
                (b, v) -> b.sslKeymanagerAlgorithm(ConfigValues.toString(SSL_KEYMANAGER_ALGORITHM, v)));
        s.put(
                SSL_TRUSTMANAGER_ALGORITHM,
                (b, v) -> b.sslTrustmanagerAlgorithm(ConfigValues.toString(SSL_TRUSTMANAGER_ALGORITHM, v)));
        return Collections.unmodifiableMap(s);
    }

    /** A secret from a properties map: a string (trimmed, as kafka-clients does) or a {@link Password}. */
    private static Password password(String key, Object value) {
        if (value instanceof Password password) {
            return password;
        }
        if (value instanceof String s) {
            return new Password(s.trim());
        }
        throw new ConfigException(
                key, Password.HIDDEN + " (" + value.getClass().getSimpleName() + ")", "must be a string");
    }

    /**
     * Collects settings; each setter checks its value at once, {@link #build()} loads the stores and
     * checks the rules between settings. Defaults are kafka-clients 4.x's.
     */
    public static final class Builder {
        private SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
        private String saslMechanism = "GSSAPI";
        private Password saslJaasConfig;
        private String sslProtocol = "TLSv1.3";
        private List<String> sslEnabledProtocols = List.of("TLSv1.2", "TLSv1.3");
        private List<String> sslCipherSuites = List.of();
        private String sslEndpointIdentificationAlgorithm = "https";
        private String sslTruststoreLocation;
        private Password sslTruststorePassword;
        private String sslTruststoreType = "JKS";
        private Password sslTruststoreCertificates;
        private String sslKeystoreLocation;
        private Password sslKeystorePassword;
        private String sslKeystoreType = "JKS";
        private Password sslKeyPassword;
        private Password sslKeystoreCertificateChain;
        private Password sslKeystoreKey;
        private String sslKeymanagerAlgorithm = "SunX509";
        private String sslTrustmanagerAlgorithm = "PKIX";

        private Builder() {}

        Builder copy() {
            Builder b = new Builder();
            b.securityProtocol = securityProtocol;
            b.saslMechanism = saslMechanism;
            b.saslJaasConfig = saslJaasConfig;
            b.sslProtocol = sslProtocol;
            b.sslEnabledProtocols = sslEnabledProtocols;
            b.sslCipherSuites = sslCipherSuites;
            b.sslEndpointIdentificationAlgorithm = sslEndpointIdentificationAlgorithm;
            b.sslTruststoreLocation = sslTruststoreLocation;
            b.sslTruststorePassword = sslTruststorePassword;
            b.sslTruststoreType = sslTruststoreType;
            b.sslTruststoreCertificates = sslTruststoreCertificates;
            b.sslKeystoreLocation = sslKeystoreLocation;
            b.sslKeystorePassword = sslKeystorePassword;
            b.sslKeystoreType = sslKeystoreType;
            b.sslKeyPassword = sslKeyPassword;
            b.sslKeystoreCertificateChain = sslKeystoreCertificateChain;
            b.sslKeystoreKey = sslKeystoreKey;
            b.sslKeymanagerAlgorithm = sslKeymanagerAlgorithm;
            b.sslTrustmanagerAlgorithm = sslTrustmanagerAlgorithm;
            return b;
        }

        /** {@code security.protocol}: default PLAINTEXT. */
        public Builder securityProtocol(SecurityProtocol protocol) {
            this.securityProtocol = Objects.requireNonNull(protocol, SECURITY_PROTOCOL);
            return this;
        }

        /** {@code sasl.mechanism}: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (checked in {@link #build()} when SASL is used). */
        public Builder saslMechanism(String mechanism) {
            Objects.requireNonNull(mechanism, SASL_MECHANISM);
            if (mechanism.isBlank()) {
                throw new ConfigException(SASL_MECHANISM, "''", "must name a SASL mechanism");
            }
            this.saslMechanism = mechanism.trim();
            return this;
        }

        /**
         * {@code sasl.jaas.config}: one line in kafka-clients' format, e.g.
         * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="...";}
         * (or {@code ScramLoginModule}). Its syntax is checked at once; a problem names the key, never the text.
         */
        public Builder saslJaasConfig(String jaasConfig) {
            return saslJaasConfig(new Password(Objects.requireNonNull(jaasConfig, SASL_JAAS_CONFIG)));
        }

        public Builder saslJaasConfig(Password jaasConfig) {
            SaslCredentials.fromJaasConfig(SASL_JAAS_CONFIG, jaasConfig.value());
            this.saslJaasConfig = jaasConfig;
            return this;
        }

        /** {@code ssl.protocol}: the protocol of the SSLContext; default TLSv1.3. */
        public Builder sslProtocol(String protocol) {
            this.sslProtocol = nonBlank(SSL_PROTOCOL, protocol);
            return this;
        }

        /** {@code ssl.enabled.protocols}: default TLSv1.2, TLSv1.3. */
        public Builder sslEnabledProtocols(List<String> protocols) {
            if (protocols.isEmpty()) {
                throw new ConfigException(SSL_ENABLED_PROTOCOLS, "''", "must list at least one protocol, e.g. TLSv1.3");
            }
            this.sslEnabledProtocols = List.copyOf(protocols);
            return this;
        }

        /** {@code ssl.cipher.suites}: empty (default) for the JVM's defaults. */
        public Builder sslCipherSuites(List<String> suites) {
            this.sslCipherSuites = List.copyOf(suites);
            return this;
        }

        /** {@code ssl.endpoint.identification.algorithm}: https (default) checks the broker's host name; empty turns the check off. */
        public Builder sslEndpointIdentificationAlgorithm(String algorithm) {
            String value = Objects.requireNonNull(algorithm, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM)
                    .trim();
            String upper = value.toUpperCase(Locale.ROOT);
            if (!value.isEmpty() && !upper.equals("HTTPS") && !upper.equals("LDAPS")) {
                throw new ConfigException(
                        SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
                        value,
                        "must be https (check the broker's host name against its certificate) or empty (no check)");
            }
            this.sslEndpointIdentificationAlgorithm = value;
            return this;
        }

        public Builder sslTruststoreLocation(String location) {
            this.sslTruststoreLocation = nonBlank(SSL_TRUSTSTORE_LOCATION, location);
            return this;
        }

        public Builder sslTruststorePassword(String password) {
            return sslTruststorePassword(new Password(password));
        }

        public Builder sslTruststorePassword(Password password) {
            this.sslTruststorePassword = Objects.requireNonNull(password, SSL_TRUSTSTORE_PASSWORD);
            return this;
        }

        /** {@code ssl.truststore.type}: JKS (default), PKCS12 or PEM. */
        public Builder sslTruststoreType(String type) {
            this.sslTruststoreType = nonBlank(SSL_TRUSTSTORE_TYPE, type).toUpperCase(Locale.ROOT);
            return this;
        }

        /** {@code ssl.truststore.certificates}: trusted certificates as PEM text. */
        public Builder sslTruststoreCertificates(String pem) {
            return sslTruststoreCertificates(new Password(pem));
        }

        public Builder sslTruststoreCertificates(Password pem) {
            this.sslTruststoreCertificates = Objects.requireNonNull(pem, SSL_TRUSTSTORE_CERTIFICATES);
            return this;
        }

        public Builder sslKeystoreLocation(String location) {
            this.sslKeystoreLocation = nonBlank(SSL_KEYSTORE_LOCATION, location);
            return this;
        }

        public Builder sslKeystorePassword(String password) {
            return sslKeystorePassword(new Password(password));
        }

        public Builder sslKeystorePassword(Password password) {
            this.sslKeystorePassword = Objects.requireNonNull(password, SSL_KEYSTORE_PASSWORD);
            return this;
        }

        /** {@code ssl.keystore.type}: JKS (default), PKCS12 or PEM. */
        public Builder sslKeystoreType(String type) {
            this.sslKeystoreType = nonBlank(SSL_KEYSTORE_TYPE, type).toUpperCase(Locale.ROOT);
            return this;
        }

        /** {@code ssl.key.password}: the private key's password when it differs from the store's, or decrypts a PEM key. */
        public Builder sslKeyPassword(String password) {
            return sslKeyPassword(new Password(password));
        }

        public Builder sslKeyPassword(Password password) {
            this.sslKeyPassword = Objects.requireNonNull(password, SSL_KEY_PASSWORD);
            return this;
        }

        /** {@code ssl.keystore.certificate.chain}: the client certificate chain as PEM text, with {@link #sslKeystoreKey}. */
        public Builder sslKeystoreCertificateChain(String pem) {
            return sslKeystoreCertificateChain(new Password(pem));
        }

        public Builder sslKeystoreCertificateChain(Password pem) {
            this.sslKeystoreCertificateChain = Objects.requireNonNull(pem, SSL_KEYSTORE_CERTIFICATE_CHAIN);
            return this;
        }

        /** {@code ssl.keystore.key}: the client's PKCS#8 private key as PEM text (encrypted ones need {@code ssl.key.password}). */
        public Builder sslKeystoreKey(String pem) {
            return sslKeystoreKey(new Password(pem));
        }

        public Builder sslKeystoreKey(Password pem) {
            this.sslKeystoreKey = Objects.requireNonNull(pem, SSL_KEYSTORE_KEY);
            return this;
        }

        public Builder sslKeymanagerAlgorithm(String algorithm) {
            this.sslKeymanagerAlgorithm = nonBlank(SSL_KEYMANAGER_ALGORITHM, algorithm);
            return this;
        }

        public Builder sslTrustmanagerAlgorithm(String algorithm) {
            this.sslTrustmanagerAlgorithm = nonBlank(SSL_TRUSTMANAGER_ALGORITHM, algorithm);
            return this;
        }

        private static String nonBlank(String key, String value) {
            Objects.requireNonNull(value, key);
            if (value.isBlank()) {
                throw new ConfigException(key, "''", "must not be empty");
            }
            return value.trim();
        }

        /**
         * Checks the SASL settings when SASL is used and loads every store and key when TLS is used.
         *
         * @throws ConfigException naming the key that is missing, unsupported or cannot be loaded
         */
        public SecurityConfig build() {
            SecurityConfig config = new SecurityConfig(copy());
            if (securityProtocol.usesSasl()) {
                SaslMechanism.forConfig(config);
                SaslCredentials.forConfig(config);
            }
            if (securityProtocol.usesTls()) {
                SslFactory.create(config);
            }
            return config;
        }
    }
}
