package dev.ferry.producer.internal.config;

import static dev.ferry.producer.SecurityConfig.*;

import dev.ferry.common.Password;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigType;
import dev.ferry.producer.SecurityProtocol;
import dev.ferry.producer.internal.security.SaslCredentials;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The state behind {@code SecurityConfig.Builder} and {@link #KEYS}, its key table: one row per
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} key with type, default (kafka-clients
 * 4.x's), rule, documentation and secret flag. The producer's table lists these rows too. The
 * builder's typed setters go through the table, so a value is refused with the same message whether
 * it comes from properties or code. Not thread-safe.
 */
public final class SecuritySettings {
    private static final ConfigType<String> PROTOCOL = new ConfigType<>(
            "string", value -> (value instanceof SecurityProtocol p ? p : SecurityProtocol.parse(text(value))).name());

    public static final ConfigTable<SecuritySettings> KEYS = new ConfigTable<>(
            "the producer's security",
            List.of(
                    ConfigKey.<SecuritySettings, String>of(
                                    SECURITY_PROTOCOL,
                                    PROTOCOL,
                                    (s, v) -> s.securityProtocol = SecurityProtocol.parse(v),
                                    s -> s.securityProtocol.name())
                            .withDefault("PLAINTEXT")
                            .withDoc("`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`."),
                    nonBlank(
                                    SASL_MECHANISM,
                                    "GSSAPI",
                                    "must name a SASL mechanism",
                                    (s, v) -> s.saslMechanism = v,
                                    s -> s.saslMechanism)
                            .withDoc("`PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512` (checked when SASL is used; "
                                    + "kafka-clients' default `GSSAPI` is not supported)."),
                    password(SASL_JAAS_CONFIG, SecuritySettings::jaasConfig, s -> s.saslJaasConfig)
                            .asSecret()
                            .withDoc("One JAAS line, `PlainLoginModule` or `ScramLoginModule` with `username` and "
                                    + "`password`; its syntax is checked at once."),
                    nonBlank(
                                    SSL_PROTOCOL,
                                    "TLSv1.3",
                                    "must not be empty",
                                    (s, v) -> s.sslProtocol = v,
                                    s -> s.sslProtocol)
                            .withDoc("The protocol of the `SSLContext`."),
                    ConfigKey.<SecuritySettings, List<String>>of(
                                    SSL_ENABLED_PROTOCOLS,
                                    ProducerTypes.LIST,
                                    (s, v) -> s.sslEnabledProtocols = v,
                                    s -> s.sslEnabledProtocols)
                            .withDefault(List.of("TLSv1.2", "TLSv1.3"))
                            .validatedBy(v -> v.isEmpty() ? "must list at least one protocol, e.g. TLSv1.3" : null)
                            .withDoc("The TLS versions offered."),
                    ConfigKey.<SecuritySettings, List<String>>of(
                                    SSL_CIPHER_SUITES,
                                    ProducerTypes.LIST,
                                    (s, v) -> s.sslCipherSuites = v,
                                    s -> s.sslCipherSuites.isEmpty() ? null : s.sslCipherSuites)
                            .withDefault(List.of())
                            .withDefaultDoc("the JVM's")
                            .withDoc("The cipher suites offered."),
                    ConfigKey.<SecuritySettings, String>of(
                                    SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
                                    ProducerTypes.STRING,
                                    (s, v) -> s.sslEndpointIdentificationAlgorithm = v.trim(),
                                    s -> s.sslEndpointIdentificationAlgorithm)
                            .withDefault("https")
                            .validatedBy(v -> v.isBlank()
                                            || List.of("HTTPS", "LDAPS")
                                                    .contains(v.trim().toUpperCase(Locale.ROOT))
                                    ? null
                                    : "must be https (check the broker's host name against its certificate) or empty "
                                            + "(no check)")
                            .withDoc("`https` checks the broker's host name against its certificate; empty turns the "
                                    + "check off."),
                    nonBlank(
                                    SSL_TRUSTSTORE_LOCATION,
                                    null,
                                    "must not be empty",
                                    (s, v) -> s.sslTruststoreLocation = v,
                                    s -> s.sslTruststoreLocation)
                            .withDefaultDoc("the JVM's trust store")
                            .withDoc("Trust store file (JKS, PKCS12 or PEM)."),
                    password(
                                    SSL_TRUSTSTORE_PASSWORD,
                                    (s, v) -> s.sslTruststorePassword = v,
                                    s -> s.sslTruststorePassword)
                            .asSecret()
                            .withDoc("Password of the trust store file."),
                    storeType(SSL_TRUSTSTORE_TYPE, (s, v) -> s.sslTruststoreType = v, s -> s.sslTruststoreType),
                    password(
                                    SSL_TRUSTSTORE_CERTIFICATES,
                                    (s, v) -> s.sslTruststoreCertificates = v,
                                    s -> s.sslTruststoreCertificates)
                            .withDoc(
                                    "Trusted certificates as inline PEM text (with `ssl.truststore.type=PEM`); held as a "
                                            + "password, so never printed."),
                    nonBlank(
                                    SSL_KEYSTORE_LOCATION,
                                    null,
                                    "must not be empty",
                                    (s, v) -> s.sslKeystoreLocation = v,
                                    s -> s.sslKeystoreLocation)
                            .withDoc("Key store file with the client certificate, for mutual TLS."),
                    password(SSL_KEYSTORE_PASSWORD, (s, v) -> s.sslKeystorePassword = v, s -> s.sslKeystorePassword)
                            .asSecret()
                            .withDoc("Password of the key store file."),
                    storeType(SSL_KEYSTORE_TYPE, (s, v) -> s.sslKeystoreType = v, s -> s.sslKeystoreType),
                    password(SSL_KEY_PASSWORD, (s, v) -> s.sslKeyPassword = v, s -> s.sslKeyPassword)
                            .asSecret()
                            .withDoc("Password of the key in the key store when it differs from the store's, or of an "
                                    + "encrypted PKCS#8 key (PEM file or inline)."),
                    password(
                                    SSL_KEYSTORE_CERTIFICATE_CHAIN,
                                    (s, v) -> s.sslKeystoreCertificateChain = v,
                                    s -> s.sslKeystoreCertificateChain)
                            .withDoc("Client certificate chain as inline PEM text, with `ssl.keystore.key`; held as a "
                                    + "password, so never printed."),
                    password(SSL_KEYSTORE_KEY, (s, v) -> s.sslKeystoreKey = v, s -> s.sslKeystoreKey)
                            .asSecret()
                            .withDoc("The client's PKCS#8 private key as inline PEM text (encrypted: with "
                                    + "`ssl.key.password`)."),
                    nonBlank(
                                    SSL_KEYMANAGER_ALGORITHM,
                                    "SunX509",
                                    "must not be empty",
                                    (s, v) -> s.sslKeymanagerAlgorithm = v,
                                    s -> s.sslKeymanagerAlgorithm)
                            .withDoc("The `KeyManagerFactory` algorithm."),
                    nonBlank(
                                    SSL_TRUSTMANAGER_ALGORITHM,
                                    "PKIX",
                                    "must not be empty",
                                    (s, v) -> s.sslTrustmanagerAlgorithm = v,
                                    s -> s.sslTrustmanagerAlgorithm)
                            .withDoc("The `TrustManagerFactory` algorithm.")),
            List.of());

    public SecurityProtocol securityProtocol;
    public String saslMechanism;
    public Password saslJaasConfig;
    public String sslProtocol;
    public List<String> sslEnabledProtocols;
    public List<String> sslCipherSuites;
    public String sslEndpointIdentificationAlgorithm;
    public String sslTruststoreLocation;
    public Password sslTruststorePassword;
    public String sslTruststoreType;
    public Password sslTruststoreCertificates;
    public String sslKeystoreLocation;
    public Password sslKeystorePassword;
    public String sslKeystoreType;
    public Password sslKeyPassword;
    public Password sslKeystoreCertificateChain;
    public Password sslKeystoreKey;
    public String sslKeymanagerAlgorithm;
    public String sslTrustmanagerAlgorithm;

    /** Settings holding every default. */
    public SecuritySettings() {
        KEYS.applyDefaults(this);
    }

    /** A copy through the table's rows. */
    public SecuritySettings copy() {
        return KEYS.copy(this, new SecuritySettings());
    }

    /** The JAAS line's syntax is checked at once; a problem names the key, never the text. */
    private static void jaasConfig(SecuritySettings s, Password jaasConfig) {
        SaslCredentials.fromJaasConfig(SASL_JAAS_CONFIG, jaasConfig.value());
        s.saslJaasConfig = jaasConfig;
    }

    private static ConfigKey<SecuritySettings, String> nonBlank(
            String key,
            String defaultValue,
            String whenBlank,
            BiConsumer<SecuritySettings, String> setter,
            Function<SecuritySettings, String> getter) {
        return ConfigKey.of(
                        key, ProducerTypes.STRING, (SecuritySettings s, String v) -> setter.accept(s, v.trim()), getter)
                .withDefault(defaultValue)
                .validatedBy(v -> v.isBlank() ? whenBlank : null);
    }

    /** JKS, PKCS12, PEM or another type the JVM knows, upper-cased as kafka-clients compares them. */
    private static ConfigKey<SecuritySettings, String> storeType(
            String key, BiConsumer<SecuritySettings, String> setter, Function<SecuritySettings, String> getter) {
        return nonBlank(key, "JKS", "must not be empty", (s, v) -> setter.accept(s, v.toUpperCase(Locale.ROOT)), getter)
                .withDoc("`JKS`, `PKCS12` or `PEM`.");
    }

    private static ConfigKey<SecuritySettings, Password> password(
            String key, BiConsumer<SecuritySettings, Password> setter, Function<SecuritySettings, Password> getter) {
        return ConfigKey.of(key, ProducerTypes.PASSWORD, setter, getter);
    }

    private static String text(Object value) {
        return ProducerTypes.STRING.parse().apply(value);
    }
}
