package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.producer.SecurityConfig;
import dev.ferry.common.internal.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side TLS engines from the {@code ssl.*} settings: one SSLContext with the configured key
 * and trust material, and per connection an SSLEngine with the enabled protocols, cipher suites and
 * host name verification. Everything is loaded in {@link #create}, so a bad store fails the
 * producer's construction with a ConfigException naming the key, not its first connection.
 *
 * <p>Thread safety: immutable after creation; engines may be made from any thread.
 */
public final class SslFactory {
    private static final char[] NO_PASSWORD = new char[0];

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    /** Null when host name verification is off. */
    private final String endpointIdentification;
    private final boolean hasClientCertificate;

    private SslFactory(SSLContext context, String[] protocols, String[] cipherSuites, String endpointIdentification,
                       boolean hasClientCertificate) {
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.endpointIdentification = endpointIdentification;
        this.hasClientCertificate = hasClientCertificate;
    }

    /** @throws ConfigException naming the key whose value cannot be used */
    public static SslFactory create(SecurityConfig config) {
        checkOneSourceEach(config);
        checkStorePasswords(config);
        SSLContext context;
        try {
            context = SSLContext.getInstance(config.sslProtocol());
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(SecurityConfig.SSL_PROTOCOL, config.sslProtocol(), "is not a protocol this JVM supports, e.g. TLSv1.3");
        }
        KeyManager[] keyManagers = keyManagers(config);
        try {
            context.init(keyManagers, trustManagers(config), null);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS from the ssl.* configuration: " + e.getMessage());
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        String[] protocols = checkedSubset(SecurityConfig.SSL_ENABLED_PROTOCOLS, config.sslEnabledProtocols(), supported.getProtocols());
        String[] suites = config.sslCipherSuites().isEmpty() ? null
                : checkedSubset(SecurityConfig.SSL_CIPHER_SUITES, config.sslCipherSuites(), supported.getCipherSuites());
        String identification = config.sslEndpointIdentificationAlgorithm().isEmpty() ? null
                : config.sslEndpointIdentificationAlgorithm().toUpperCase(java.util.Locale.ROOT);
        return new SslFactory(context, protocols, suites, identification, keyManagers != null);
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

    /**
     * Two sources for one store would leave one of them silently unused; kafka-clients rejects both
     * pairs ("should not be specified if ... location is specified").
     */
    private static void checkOneSourceEach(SecurityConfig config) {
        if (config.sslTruststoreCertificates() != null && config.sslTruststoreLocation() != null) {
            throw new ConfigException(SecurityConfig.SSL_TRUSTSTORE_CERTIFICATES, Password.HIDDEN, "must not be set"
                    + " together with " + SecurityConfig.SSL_TRUSTSTORE_LOCATION + ": give the trusted certificates one way");
        }
        if ((config.sslKeystoreKey() != null || config.sslKeystoreCertificateChain() != null)
                && config.sslKeystoreLocation() != null) {
            throw new ConfigException(config.sslKeystoreKey() != null ? SecurityConfig.SSL_KEYSTORE_KEY
                    : SecurityConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN, Password.HIDDEN, "must not be set together with "
                    + SecurityConfig.SSL_KEYSTORE_LOCATION + ": give the client certificate one way");
        }
    }

    /**
     * A store password no store uses would be ignored; kafka-clients rejects each of these: PEM
     * stores have no store password, and a password without a store protects nothing.
     */
    private static void checkStorePasswords(SecurityConfig config) {
        boolean pemTrust = config.sslTruststoreCertificates() != null
                || (config.sslTruststoreLocation() != null && "PEM".equals(config.sslTruststoreType()));
        if (config.sslTruststorePassword() != null && pemTrust) {
            throw new ConfigException(SecurityConfig.SSL_TRUSTSTORE_PASSWORD, Password.HIDDEN, "must not be set for a"
                    + " PEM trust store (" + SecurityConfig.SSL_TRUSTSTORE_TYPE + "=PEM or "
                    + SecurityConfig.SSL_TRUSTSTORE_CERTIFICATES + "), which has no password");
        }
        if (config.sslTruststorePassword() != null && config.sslTruststoreLocation() == null) {
            throw new ConfigException(SecurityConfig.SSL_TRUSTSTORE_PASSWORD, Password.HIDDEN,
                    "is set but " + SecurityConfig.SSL_TRUSTSTORE_LOCATION + " is not");
        }
        boolean pemKey = config.sslKeystoreKey() != null || config.sslKeystoreCertificateChain() != null
                || (config.sslKeystoreLocation() != null && "PEM".equals(config.sslKeystoreType()));
        if (config.sslKeystorePassword() != null && pemKey) {
            throw new ConfigException(SecurityConfig.SSL_KEYSTORE_PASSWORD, Password.HIDDEN, "must not be set for a"
                    + " PEM key store (" + SecurityConfig.SSL_KEYSTORE_TYPE + "=PEM or " + SecurityConfig.SSL_KEYSTORE_KEY
                    + "), which has no store password: " + SecurityConfig.SSL_KEY_PASSWORD + " decrypts an encrypted key");
        }
        if (config.sslKeystorePassword() != null && config.sslKeystoreLocation() == null) {
            throw new ConfigException(SecurityConfig.SSL_KEYSTORE_PASSWORD, Password.HIDDEN,
                    "is set but " + SecurityConfig.SSL_KEYSTORE_LOCATION + " is not");
        }
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
            throw new ConfigException(key, String.join(",", wanted), Redaction.value(unknown)
                    + " not supported by this JVM; supported: " + known);
        }
        return wanted.toArray(String[]::new);
    }

    private static TrustManager[] trustManagers(SecurityConfig config) {
        KeyStore store = null;
        if (config.sslTruststoreCertificates() != null) {
            store = certificateStore(PemText.certificates(config.sslTruststoreCertificates().value(),
                    SecurityConfig.SSL_TRUSTSTORE_CERTIFICATES));
        } else if (config.sslTruststoreLocation() != null) {
            String key = SecurityConfig.SSL_TRUSTSTORE_LOCATION;
            store = "PEM".equals(config.sslTruststoreType())
                    ? certificateStore(PemText.certificates(readText(config.sslTruststoreLocation(), key), key))
                    : loadStore(config.sslTruststoreLocation(), key, config.sslTruststoreType(),
                            SecurityConfig.SSL_TRUSTSTORE_TYPE, config.sslTruststorePassword(), SecurityConfig.SSL_TRUSTSTORE_PASSWORD);
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(config.sslTrustmanagerAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(SecurityConfig.SSL_TRUSTMANAGER_ALGORITHM, config.sslTrustmanagerAlgorithm(),
                    "is not a trust manager algorithm this JVM knows, e.g. PKIX");
        } catch (KeyStoreException e) {
            throw new ConfigException(SecurityConfig.SSL_TRUSTSTORE_LOCATION, config.sslTruststoreLocation(),
                    "cannot be used as a trust store: " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(SecurityConfig config) {
        KeyStore store;
        char[] keyPassword = NO_PASSWORD;
        String passwordKey = SecurityConfig.SSL_KEY_PASSWORD;
        if (config.sslKeystoreKey() != null) {
            if (config.sslKeystoreCertificateChain() == null) {
                throw new ConfigException(SecurityConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN, null,
                        "must be set together with " + SecurityConfig.SSL_KEYSTORE_KEY);
            }
            store = keyStore(config.sslKeystoreCertificateChain().value(), SecurityConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN,
                    config.sslKeystoreKey().value(), SecurityConfig.SSL_KEYSTORE_KEY, config.sslKeyPassword());
        } else if (config.sslKeystoreCertificateChain() != null) {
            throw new ConfigException(SecurityConfig.SSL_KEYSTORE_KEY, null,
                    "must be set together with " + SecurityConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN);
        } else if (config.sslKeystoreLocation() != null) {
            String key = SecurityConfig.SSL_KEYSTORE_LOCATION;
            if ("PEM".equals(config.sslKeystoreType())) {
                String pem = readText(config.sslKeystoreLocation(), key);
                store = keyStore(pem, key, pem, key, config.sslKeyPassword());
            } else {
                store = loadStore(config.sslKeystoreLocation(), key, config.sslKeystoreType(), SecurityConfig.SSL_KEYSTORE_TYPE,
                        config.sslKeystorePassword(), SecurityConfig.SSL_KEYSTORE_PASSWORD);
                Password password = config.sslKeyPassword() != null ? config.sslKeyPassword() : config.sslKeystorePassword();
                if (config.sslKeyPassword() == null) {
                    passwordKey = SecurityConfig.SSL_KEYSTORE_PASSWORD;
                }
                keyPassword = password == null ? NO_PASSWORD : password.value().toCharArray();
            }
        } else {
            return null;
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(config.sslKeymanagerAlgorithm());
            factory.init(store, keyPassword);
            return factory.getKeyManagers();
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(SecurityConfig.SSL_KEYMANAGER_ALGORITHM, config.sslKeymanagerAlgorithm(),
                    "is not a key manager algorithm this JVM knows, e.g. SunX509");
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(passwordKey, Password.HIDDEN, "does not unlock the private key in "
                    + SecurityConfig.SSL_KEYSTORE_LOCATION + " " + config.sslKeystoreLocation());
        } catch (KeyStoreException e) {
            throw new ConfigException(SecurityConfig.SSL_KEYSTORE_LOCATION, config.sslKeystoreLocation(),
                    "cannot be used as a key store: " + e.getMessage());
        }
    }

    private static KeyStore loadStore(String location, String key, String type, String typeKey, Password password,
                                      String passwordKey) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new ConfigException(typeKey, type, "is not a store type this JVM knows: use JKS, PKCS12 or PEM");
        }
        try (InputStream in = Files.newInputStream(path(location, key))) {
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(passwordKey, password == null ? null : Password.HIDDEN,
                        "does not open " + key + " " + location + " (" + type + ")");
            }
            throw new ConfigException(key, location, "cannot be read as a " + type + " store: " + describe(e));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot be read as a " + type + " store: " + describe(e));
        }
    }

    private static KeyStore keyStore(String chainPem, String chainKey, String keyPem, String keyKey, Password keyPassword) {
        Certificate[] chain = PemText.certificates(chainPem, chainKey);
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("client", PemText.privateKey(keyPem, keyKey, keyPassword, SecurityConfig.SSL_KEY_PASSWORD),
                    NO_PASSWORD, chain);
        } catch (KeyStoreException e) {
            throw new ConfigException(keyKey, Password.HIDDEN, "does not match the certificate chain: " + e.getMessage());
        }
        return store;
    }

    private static KeyStore certificateStore(Certificate[] certificates) {
        KeyStore store = emptyStore();
        try {
            for (int i = 0; i < certificates.length; i++) {
                store.setCertificateEntry("trusted-" + i, certificates[i]);
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("an in-memory key store refused a certificate", e);
        }
        return store;
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot create an in-memory PKCS12 store", e);
        }
    }

    private static String readText(String location, String key) {
        try {
            return Files.readString(path(location, key), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot be read: " + describe(e));
        }
    }

    /** The JDK's exception names the raw path: its reason and position are kept, the path is shown as it may be. */
    private static Path path(String location, String key) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, location, "is not a file path: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    /** Why a file cannot be used; a file system exception's message is the raw path, which the message shows as it may. */
    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException fileSystem) {
            return fileSystem.getReason() != null ? fileSystem.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
