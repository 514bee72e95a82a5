package dev.ferry.registry.internal.http;

import dev.ferry.common.internal.Redaction;
import dev.ferry.registry.SchemaRegistryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Applies {@code schema.registry.ssl.*} to an OkHttp client: trust and key stores, files or PEM. Every
 * failure names the key (and file) at fault, never a password.
 */
public final class TlsSetup {

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private TlsSetup() {
    }

    /**
     * Loads every store and key the settings name, so that a configuration is rejected when it is
     * built rather than when its first client is created.
     *
     * @throws IllegalArgumentException naming the key and the file that cannot be used
     */
    public static void check(SchemaRegistryConfig.Ssl ssl) {
        if (ssl.isCustomized()) {
            sslContext(ssl);
        }
    }

    /**
     * Without a client certificate configured, {@code requests} stands in as the key manager (the
     * JDK's trust store is then still the one trusted, as without any setting).
     */
    static OkHttpClient.Builder apply(SchemaRegistryConfig config, OkHttpClient.Builder builder,
            CertificateRequests requests) {
        SchemaRegistryConfig.Ssl ssl = config.ssl();
        if (!ssl.endpointIdentification()) {
            builder.hostnameVerifier((host, session) -> true);
        }
        Context context = sslContext(ssl, requests);
        return builder.sslSocketFactory(context.ssl().getSocketFactory(), context.trustManager());
    }

    private record Context(SSLContext ssl, X509TrustManager trustManager) {
    }

    private static Context sslContext(SchemaRegistryConfig.Ssl ssl) {
        return sslContext(ssl, new CertificateRequests());
    }

    private static Context sslContext(SchemaRegistryConfig.Ssl ssl, CertificateRequests requests) {
        try {
            X509TrustManager trustManager = trustManager(ssl);
            KeyManager[] keyManagers = keyManagers(ssl);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers != null ? keyManagers : new KeyManager[] {requests},
                    new TrustManager[] {trustManager}, null);
            return new Context(context, trustManager);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from schema.registry.ssl.*: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(SchemaRegistryConfig.Ssl ssl) throws GeneralSecurityException {
        KeyStore store = null;
        if (ssl.truststoreCertificates() != null) {
            store = certificateStore(ssl.truststoreCertificates(), SchemaRegistryConfig.SSL_TRUSTSTORE_CERTIFICATES);
        } else if (ssl.truststoreLocation() != null) {
            String key = SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION;
            store = "PEM".equals(ssl.truststoreType())
                    ? certificateStore(readFile(ssl.truststoreLocation(), key), fileLabel(key, ssl.truststoreLocation()))
                    : loadStore(ssl.truststoreLocation(), ssl.truststoreType(), ssl.truststorePassword(), key);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static KeyManager[] keyManagers(SchemaRegistryConfig.Ssl ssl) throws GeneralSecurityException {
        KeyStore store;
        char[] keyPassword;
        if (ssl.keystoreCertificateChain() != null) {
            store = keyStore(ssl.keystoreCertificateChain(), ssl.keystoreKey(),
                    SchemaRegistryConfig.SSL_KEYSTORE_CERTIFICATE_CHAIN);
            keyPassword = NO_PASSWORD;
        } else if (ssl.keystoreLocation() != null) {
            String key = SchemaRegistryConfig.SSL_KEYSTORE_LOCATION;
            if ("PEM".equals(ssl.keystoreType())) {
                String pem = readFile(ssl.keystoreLocation(), key);
                store = keyStore(pem, pem, fileLabel(key, ssl.keystoreLocation()));
                keyPassword = NO_PASSWORD;
            } else {
                store = loadStore(ssl.keystoreLocation(), ssl.keystoreType(), ssl.keystorePassword(), key);
                String password = ssl.keyPassword() != null ? ssl.keyPassword() : ssl.keystorePassword();
                keyPassword = password == null ? NO_PASSWORD : password.toCharArray();
            }
        } else {
            return null;
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(store, keyPassword);
        } catch (UnrecoverableKeyException e) {
            String passwordKey = ssl.keyPassword() != null
                    ? SchemaRegistryConfig.SSL_KEY_PASSWORD : SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD;
            throw new IllegalArgumentException(passwordKey + " does not unlock the key in "
                    + fileLabel(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION, ssl.keystoreLocation()), e);
        }
        return factory.getKeyManagers();
    }

    private static KeyStore loadStore(Path location, String type, String password, String key)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(fileLabel(key, location) + " cannot be read as " + type + ": "
                    + reason(e), chainable(e));
        }
        return store;
    }

    private static String fileLabel(String key, Path location) {
        return key + " " + Redaction.quoted(location.toString());
    }

    /** A file system exception's message is the raw path, which the label already shows as it may be shown. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException fileSystem) {
            return fileSystem.getReason() != null ? fileSystem.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage();
    }

    /** The cause worth keeping: not a file system exception, which carries the raw path. */
    private static Exception chainable(Exception e) {
        return e instanceof FileSystemException ? null : e;
    }

    private static KeyStore certificateStore(String pem, String key) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = certificates(pem, key);
        KeyStore store = emptyStore();
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        return store;
    }

    private static KeyStore keyStore(String chainPem, String keyPem, String key) throws GeneralSecurityException {
        Collection<? extends Certificate> chain = certificates(chainPem, key);
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(keyPem, key), NO_PASSWORD, chain.toArray(new Certificate[0]));
        return store;
    }

    private static Collection<? extends Certificate> certificates(String pem, String key)
            throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(onlyCertificates(pem).getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(key + " holds an unreadable PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(key + " holds no PEM certificate");
        }
        return certificates;
    }

    private static String onlyCertificates(String pem) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----")
                .matcher(pem);
        while (matcher.find()) {
            out.append(matcher.group()).append('\n');
        }
        return out.toString();
    }

    private static PrivateKey privateKey(String pem, String key) throws GeneralSecurityException {
        Matcher matcher = PRIVATE_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException(key + " holds no unencrypted PKCS#8 '-----BEGIN PRIVATE KEY-----' block");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // Try the next algorithm: PKCS#8 names it only inside the encoded structure.
            }
        }
        throw new IllegalArgumentException(key + " holds a private key that is neither RSA, EC nor Ed25519");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    private static String readFile(Path location, String key) {
        try {
            return Files.readString(location, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(fileLabel(key, location) + " cannot be read: " + reason(e), chainable(e));
        }
    }
}
