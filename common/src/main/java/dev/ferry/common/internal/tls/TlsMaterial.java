package dev.ferry.common.internal.tls;

import dev.ferry.common.Password;
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
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A client's TLS key and trust material, loaded from the settings under one prefix ({@code ssl.} for
 * the producer, {@code schema.registry.ssl.} for the registry client). Accepted: JKS, PKCS12 and PEM
 * store files; PEM certificates and keys inline; PKCS#8 keys (RSA, EC, EdDSA, DSA), plain or
 * encrypted with {@code key.password}; one source per store. Everything is read in {@link #load}, so
 * a configuration is rejected when it is built, not at its first connection.
 *
 * <pre>{@code
 * TlsMaterial material = TlsMaterial.load("ssl.", keySource, trustSource);
 * context.init(material.keyManagers(), material.trustManagers(), null);
 * }</pre>
 *
 * <p>Thread safety: immutable; the managers are the JDK's, which are thread-safe.
 */
public final class TlsMaterial {
    private static final char[] NO_PASSWORD = new char[0];
    private static final String PEM = "PEM";
    private static final String DEFAULT_TYPE = "JKS";

    /** Null without a client certificate. */
    private final KeyManager[] keyManagers;

    private final X509TrustManager trustManager;

    private TlsMaterial(KeyManager[] keyManagers, X509TrustManager trustManager) {
        this.keyManagers = keyManagers;
        this.trustManager = trustManager;
    }

    /**
     * @param prefix the keys' common prefix, e.g. {@code ssl.}; messages name {@code prefix + "keystore.location"} and so on
     * @throws TlsConfigException naming the key (and file) whose value cannot be used
     */
    public static TlsMaterial load(String prefix, KeySource key, TrustSource trust) {
        Keys keys = new Keys(prefix);
        checkOneSourceEach(keys, key, trust);
        checkStorePasswords(keys, key, trust);
        return new TlsMaterial(keyManagers(keys, key), trustManager(keys, trust));
    }

    /** The client certificate's key managers, or null when none is configured. */
    public KeyManager[] keyManagers() {
        return keyManagers == null ? null : keyManagers.clone();
    }

    public boolean hasClientCertificate() {
        return keyManagers != null;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public TrustManager[] trustManagers() {
        return new TrustManager[] {trustManager};
    }

    /** The names of the settings, for messages. */
    private record Keys(String prefix) {
        String truststoreLocation() {
            return prefix + "truststore.location";
        }

        String truststoreType() {
            return prefix + "truststore.type";
        }

        String truststorePassword() {
            return prefix + "truststore.password";
        }

        String truststoreCertificates() {
            return prefix + "truststore.certificates";
        }

        String trustmanagerAlgorithm() {
            return prefix + "trustmanager.algorithm";
        }

        String keystoreLocation() {
            return prefix + "keystore.location";
        }

        String keystoreType() {
            return prefix + "keystore.type";
        }

        String keystorePassword() {
            return prefix + "keystore.password";
        }

        String keystoreCertificateChain() {
            return prefix + "keystore.certificate.chain";
        }

        String keystoreKey() {
            return prefix + "keystore.key";
        }

        String keyPassword() {
            return prefix + "key.password";
        }

        String keymanagerAlgorithm() {
            return prefix + "keymanager.algorithm";
        }
    }

    /**
     * Two sources for one store would leave one of them silently unused; kafka-clients rejects both
     * pairs ("should not be specified if ... location is specified").
     */
    private static void checkOneSourceEach(Keys keys, KeySource key, TrustSource trust) {
        if (trust.certificates() != null && trust.location() != null) {
            throw new TlsConfigException(
                    keys.truststoreCertificates(),
                    trust.certificates(),
                    "must not be set together" + " with " + keys.truststoreLocation()
                            + ": give the trusted certificates one way");
        }
        if ((key.key() != null || key.certificateChain() != null) && key.location() != null) {
            throw new TlsConfigException(
                    key.key() != null ? keys.keystoreKey() : keys.keystoreCertificateChain(),
                    key.key() != null ? key.key() : key.certificateChain(),
                    "must not be set together with " + keys.keystoreLocation()
                            + ": give the client certificate one way");
        }
        if (key.key() != null && key.certificateChain() == null) {
            throw new TlsConfigException(
                    keys.keystoreCertificateChain(), null, "must be set together with " + keys.keystoreKey());
        }
        if (key.certificateChain() != null && key.key() == null) {
            throw new TlsConfigException(
                    keys.keystoreKey(), null, "must be set together with " + keys.keystoreCertificateChain());
        }
    }

    /**
     * A password that nothing uses would be ignored; kafka-clients rejects each of these: PEM stores
     * have no store password, and a password without a store protects nothing.
     */
    private static void checkStorePasswords(Keys keys, KeySource key, TrustSource trust) {
        boolean pemTrust = trust.certificates() != null || (trust.location() != null && isPem(trust.type()));
        if (trust.password() != null && pemTrust) {
            throw new TlsConfigException(
                    keys.truststorePassword(),
                    trust.password(),
                    "must not be set for a PEM trust"
                            + " store (" + keys.truststoreType() + "=PEM or " + keys.truststoreCertificates()
                            + "), which has no password");
        }
        if (trust.password() != null && trust.location() == null) {
            throw new TlsConfigException(
                    keys.truststorePassword(), trust.password(), "is set but " + keys.truststoreLocation() + " is not");
        }
        boolean pemKey = key.key() != null || (key.location() != null && isPem(key.type()));
        if (key.password() != null && pemKey) {
            throw new TlsConfigException(
                    keys.keystorePassword(),
                    key.password(),
                    "must not be set for a PEM key store ("
                            + keys.keystoreType() + "=PEM or " + keys.keystoreKey() + "), which has no store password: "
                            + keys.keyPassword() + " decrypts an encrypted key");
        }
        if (key.password() != null && key.location() == null) {
            throw new TlsConfigException(
                    keys.keystorePassword(), key.password(), "is set but " + keys.keystoreLocation() + " is not");
        }
        if (key.keyPassword() != null && key.location() == null && key.key() == null) {
            throw new TlsConfigException(
                    keys.keyPassword(),
                    key.keyPassword(),
                    "is set but neither " + keys.keystoreLocation() + " nor " + keys.keystoreKey() + " is");
        }
    }

    private static X509TrustManager trustManager(Keys keys, TrustSource trust) {
        KeyStore store = null;
        Origin origin = null;
        if (trust.certificates() != null) {
            origin = Origin.inline(keys.truststoreCertificates(), trust.certificates());
            store = certificateStore(PemReader.certificates(trust.certificates().value(), origin));
        } else if (trust.location() != null) {
            origin = Origin.file(keys.truststoreLocation(), trust.location());
            store = isPem(trust.type())
                    ? certificateStore(PemReader.certificates(readText(origin), origin))
                    : loadStore(
                            origin,
                            typeOf(trust.type()),
                            keys.truststoreType(),
                            trust.password(),
                            keys.truststorePassword());
        }
        String algorithm = trust.algorithm() != null ? trust.algorithm() : TrustManagerFactory.getDefaultAlgorithm();
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(algorithm);
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new TlsConfigException(keys.trustmanagerAlgorithm(), algorithm, "gives no X.509 trust manager");
        } catch (NoSuchAlgorithmException e) {
            throw new TlsConfigException(
                    keys.trustmanagerAlgorithm(),
                    algorithm,
                    "is not a trust manager algorithm this JVM knows, e.g. PKIX");
        } catch (KeyStoreException e) {
            throw origin.error("cannot be used as a trust store: " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(Keys keys, KeySource key) {
        KeyStore store;
        Password keyPassword = null;
        String passwordKey = keys.keyPassword();
        if (key.key() != null) {
            Pem chain = new Pem(
                    key.certificateChain().value(),
                    Origin.inline(keys.keystoreCertificateChain(), key.certificateChain()));
            Pem privateKey = new Pem(key.key().value(), Origin.inline(keys.keystoreKey(), key.key()));
            store = pemKeyStore(chain, privateKey, key.keyPassword(), keys.keyPassword());
        } else if (key.location() != null) {
            Origin origin = Origin.file(keys.keystoreLocation(), key.location());
            if (isPem(key.type())) {
                Pem file = new Pem(readText(origin), origin);
                store = pemKeyStore(file, file, key.keyPassword(), keys.keyPassword());
            } else {
                store = loadStore(
                        origin, typeOf(key.type()), keys.keystoreType(), key.password(), keys.keystorePassword());
                keyPassword = key.keyPassword() != null ? key.keyPassword() : key.password();
                if (key.keyPassword() == null) {
                    passwordKey = keys.keystorePassword();
                }
            }
        } else {
            return null;
        }
        String algorithm = key.algorithm() != null ? key.algorithm() : KeyManagerFactory.getDefaultAlgorithm();
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm);
            factory.init(
                    store,
                    keyPassword == null ? NO_PASSWORD : keyPassword.value().toCharArray());
            return factory.getKeyManagers();
        } catch (NoSuchAlgorithmException e) {
            throw new TlsConfigException(
                    keys.keymanagerAlgorithm(),
                    algorithm,
                    "is not a key manager algorithm this JVM knows, e.g. SunX509");
        } catch (UnrecoverableKeyException e) {
            throw new TlsConfigException(
                    passwordKey,
                    keyPassword,
                    "does not unlock the private key in "
                            + Origin.file(keys.keystoreLocation(), key.location())
                                    .describe());
        } catch (KeyStoreException e) {
            throw new TlsConfigException(
                    keys.keystoreLocation(), key.location(), "cannot be used as a key store: " + e.getMessage());
        }
    }

    private static KeyStore loadStore(
            Origin origin, String type, String typeKey, Password password, String passwordKey) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new TlsConfigException(typeKey, type, "is not a store type this JVM knows: use JKS, PKCS12 or PEM");
        }
        try (InputStream in = Files.newInputStream(path(origin))) {
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigException(
                        passwordKey, password, "does not open " + origin.describe() + " (" + type + ")");
            }
            throw origin.error("cannot be read as a " + type + " store: " + describe(e));
        } catch (GeneralSecurityException e) {
            throw origin.error("cannot be read as a " + type + " store: " + describe(e));
        }
    }

    /** PEM text and where it came from. */
    private record Pem(String text, Origin origin) {}

    /** A store holding the key and its chain: the same file for a PEM key store, two settings inline. */
    private static KeyStore pemKeyStore(Pem chainPem, Pem keyPem, Password keyPassword, String keyPasswordKey) {
        Certificate[] chain = PemReader.certificates(chainPem.text(), chainPem.origin());
        PrivateKey privateKey = PemReader.privateKey(keyPem.text(), keyPem.origin(), keyPassword, keyPasswordKey);
        PemReader.checkKeyMatches(privateKey, chain[0], keyPem.origin(), chainPem.origin());
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("client", privateKey, NO_PASSWORD, chain);
        } catch (KeyStoreException e) {
            throw keyPem.origin().error("cannot be stored with its certificate chain: " + e.getMessage());
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

    private static boolean isPem(String type) {
        return PEM.equalsIgnoreCase(type == null ? null : type.trim());
    }

    private static String typeOf(String type) {
        return type == null ? DEFAULT_TYPE : type.trim();
    }

    /** PEM is ASCII, but the text around its blocks may be anything: Latin-1 reads every byte. */
    private static String readText(Origin origin) {
        try {
            return Files.readString(path(origin), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw origin.error("cannot be read: " + describe(e));
        }
    }

    /** The JDK's exception names the raw path: its reason and position are kept, the path is shown as it may be. */
    private static Path path(Origin origin) {
        String location = (String) origin.value();
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw origin.error(
                    "is not a file path: " + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }

    /** Why a file cannot be used; a file system exception's message is the raw path, which the message shows as it may. */
    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException fileSystem) {
            return fileSystem.getReason() != null
                    ? fileSystem.getReason()
                    : e.getClass().getSimpleName();
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
