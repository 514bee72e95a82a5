package dev.ferry.common.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.internal.tls.SelfSigned.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every input form of the one TLS loader, proven by a handshake with a server that the JDK's own
 * KeyStore API sets up from the same keys (see {@link Handshake}); every refusal names the key and
 * the file but never a password.
 */
class TlsMaterialTest {
    private static final String PREFIX = "ssl.";
    private static final String SECRET = "Key-Secret-4711";
    private static final String STORE_SECRET = "Store-Secret-0815";

    @TempDir
    static Path dir;

    static SelfSigned server;
    static final Map<KeyType, SelfSigned> clients = new EnumMap<>(KeyType.class);

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = SelfSigned.create("server", KeyType.EC);
        for (KeyType type : KeyType.values()) {
            clients.put(type, SelfSigned.create("client-" + type.name().toLowerCase(java.util.Locale.ROOT), type));
        }
    }

    /** Each way to give the client certificate and its key. */
    enum KeyForm {
        PEM_FILE,
        PEM_FILE_ENCRYPTED,
        INLINE_PEM,
        INLINE_PEM_ENCRYPTED_PBES2,
        INLINE_PEM_ENCRYPTED_PBES1,
        JKS,
        PKCS12,
        JKS_WITH_OWN_KEY_PASSWORD,
        JKS_AS_DEFAULT_TYPE;

        KeySource source(SelfSigned client) throws Exception {
            Password secret = new Password(SECRET);
            Password store = new Password(STORE_SECRET);
            Password chain = new Password(client.certificatePem());
            return switch (this) {
                case PEM_FILE ->
                    new KeySource(
                            pemFile(client, client.keyPem() + client.certificatePem()),
                            "PEM",
                            null,
                            null,
                            null,
                            null,
                            null);
                case PEM_FILE_ENCRYPTED ->
                    new KeySource(
                            pemFile(client, client.certificatePem() + client.pbes2KeyPem(SECRET)),
                            "pem",
                            null,
                            null,
                            null,
                            secret,
                            null);
                case INLINE_PEM -> new KeySource(null, null, null, chain, new Password(client.keyPem()), null, null);
                case INLINE_PEM_ENCRYPTED_PBES2 ->
                    new KeySource(null, null, null, chain, new Password(client.pbes2KeyPem(SECRET)), secret, null);
                case INLINE_PEM_ENCRYPTED_PBES1 ->
                    new KeySource(null, null, null, chain, new Password(client.pbes1KeyPem(SECRET)), secret, null);
                case JKS ->
                    new KeySource(
                            client.keyStore(dir, "JKS", STORE_SECRET, STORE_SECRET)
                                    .toString(),
                            "JKS",
                            store,
                            null,
                            null,
                            null,
                            "SunX509");
                case PKCS12 ->
                    new KeySource(
                            client.keyStore(dir, "PKCS12", STORE_SECRET, STORE_SECRET)
                                    .toString(),
                            "PKCS12",
                            store,
                            null,
                            null,
                            null,
                            null);
                case JKS_WITH_OWN_KEY_PASSWORD ->
                    new KeySource(
                            client.keyStore(dir, "JKS", STORE_SECRET, SECRET).toString(),
                            "jks",
                            store,
                            null,
                            null,
                            secret,
                            "PKIX");
                case JKS_AS_DEFAULT_TYPE ->
                    new KeySource(
                            client.keyStore(dir, "JKS", STORE_SECRET, STORE_SECRET)
                                    .toString(),
                            null,
                            store,
                            null,
                            null,
                            null,
                            null);
            };
        }
    }

    /** Each way to give the trusted certificates. */
    enum TrustForm {
        PEM_FILE,
        INLINE_PEM_WITH_OTHERS,
        JKS,
        PKCS12,
        JKS_WITHOUT_PASSWORD;

        TrustSource source() throws Exception {
            String others = clients.get(KeyType.RSA).certificatePem()
                    + server.certificatePem()
                    + clients.get(KeyType.ED25519).certificatePem();
            return switch (this) {
                case PEM_FILE ->
                    new TrustSource(
                            Files.writeString(dir.resolve("server.pem"), server.certificatePem())
                                    .toString(),
                            "PEM",
                            null,
                            null,
                            null);
                case INLINE_PEM_WITH_OTHERS -> new TrustSource(null, null, null, new Password(others), "PKIX");
                case JKS ->
                    new TrustSource(
                            server.trustStore(dir, "JKS", STORE_SECRET).toString(),
                            "JKS",
                            new Password(STORE_SECRET),
                            null,
                            null);
                case PKCS12 ->
                    new TrustSource(
                            server.trustStore(dir, "PKCS12", STORE_SECRET).toString(),
                            "PKCS12",
                            new Password(STORE_SECRET),
                            null,
                            null);
                case JKS_WITHOUT_PASSWORD ->
                    new TrustSource(server.trustStore(dir, "JKS", STORE_SECRET).toString(), "JKS", null, null, null);
            };
        }
    }

    private static String pemFile(SelfSigned client, String text) throws Exception {
        Path file = Files.createTempFile(dir, client.name(), ".pem");
        return Files.writeString(
                        file, "Bag Attributes: text around the blocks is ignored\n" + text, StandardCharsets.US_ASCII)
                .toString();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyForm.class)
    void everyKeyFormGivesTheClientCertificateForEveryKeyType(KeyForm form) throws Exception {
        for (SelfSigned client : clients.values()) {
            // given
            TrustSource trust = new TrustSource(null, null, null, new Password(server.certificatePem()), null);

            // when
            TlsMaterial material = TlsMaterial.load(PREFIX, form.source(client), trust);

            // then
            assertThat(material.hasClientCertificate()).isTrue();
            X509KeyManager keyManager = (X509KeyManager) material.keyManagers()[0];
            String alias =
                    keyManager.getClientAliases(client.keys().getPrivate().getAlgorithm(), null)[0];
            assertThat(keyManager.getCertificateChain(alias)).as(client.name()).containsExactly(client.certificate());
            assertThat(keyManager.getPrivateKey(alias).getEncoded())
                    .isEqualTo(client.keys().getPrivate().getEncoded());
            Handshake.Sessions sessions = Handshake.run(Handshake.client(material), Handshake.server(server, client));
            assertThat(sessions.server().getPeerCertificates())
                    .as(client.name())
                    .containsExactly(client.certificate());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TrustForm.class)
    void everyTrustFormTrustsTheServer(TrustForm form) throws Exception {
        // given
        SelfSigned client = clients.get(KeyType.EC);

        // when
        TlsMaterial material = TlsMaterial.load(PREFIX, KeyForm.INLINE_PEM.source(client), form.source());

        // then
        Handshake.Sessions sessions = Handshake.run(Handshake.client(material), Handshake.server(server, client));
        assertThat(sessions.client().getPeerCertificates()).containsExactly(server.certificate());
        assertThat(material.trustManager().getAcceptedIssuers()).contains(server.certificate());
    }

    @Test
    void withoutTrustSettingsTheJdkTrustStoreRefusesASelfSignedServer() throws Exception {
        SelfSigned client = clients.get(KeyType.EC);
        TlsMaterial material = TlsMaterial.load(PREFIX, KeyForm.INLINE_PEM.source(client), TrustSource.jdkDefault());

        assertThat(material.trustManager().getAcceptedIssuers()).isNotEmpty().doesNotContain(server.certificate());
        assertThatThrownBy(() -> Handshake.run(Handshake.client(material), Handshake.server(server, client)))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void withoutAClientCertificateTheServerRefusesTheHandshake() throws Exception {
        TlsMaterial material = TlsMaterial.load(
                PREFIX,
                KeySource.none(),
                new TrustSource(null, null, null, new Password(server.certificatePem()), null));

        assertThat(material.hasClientCertificate()).isFalse();
        assertThat(material.keyManagers()).isNull();
        assertThatThrownBy(() ->
                        Handshake.run(Handshake.client(material), Handshake.server(server, clients.get(KeyType.EC))))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void anEncryptedKeyWithTheWrongPasswordIsRefusedWithoutShowingEitherPassword() throws Exception {
        SelfSigned client = clients.get(KeyType.RSA);
        for (String encrypted : new String[] {client.pbes2KeyPem(SECRET), client.pbes1KeyPem(SECRET)}) {
            TlsConfigException failure = refused(new KeySource(
                    null,
                    null,
                    null,
                    new Password(client.certificatePem()),
                    new Password(encrypted),
                    new Password("not-" + SECRET),
                    null));

            assertThat(failure)
                    .hasMessageStartingWith("Invalid value [hidden] for configuration ssl.key.password:"
                            + " does not decrypt the encrypted private key in ssl.keystore.key (");
        }
        Path file = Path.of(pemFile(client, client.certificatePem() + client.pbes2KeyPem(SECRET)));
        assertThat(refused(
                        new KeySource(file.toString(), "PEM", null, null, null, new Password("not-" + SECRET), null)))
                .hasMessageContaining(
                        "for configuration ssl.key.password: does not decrypt the encrypted private key in"
                                + " ssl.keystore.location '" + file + "'");
    }

    @Test
    void anEncryptedKeyWithoutAPasswordAndAPlainKeyWithOneAreRefused() throws Exception {
        SelfSigned client = clients.get(KeyType.EC);
        Password chain = new Password(client.certificatePem());

        assertThat(refused(
                        new KeySource(null, null, null, chain, new Password(client.pbes2KeyPem(SECRET)), null, null)))
                .hasMessage("Invalid value null for configuration ssl.key.password: is required: the private key in"
                        + " ssl.keystore.key is encrypted");
        assertThat(refused(new KeySource(
                        null, null, null, chain, new Password(client.keyPem()), new Password(SECRET), null)))
                .hasMessage("Invalid value [hidden] for configuration ssl.key.password: is set but the private key in"
                        + " ssl.keystore.key is not encrypted: remove the password");
    }

    @Test
    void wrongStoreAndKeyPasswordsNameTheKeyAndTheFile() throws Exception {
        SelfSigned client = clients.get(KeyType.EC);
        Path pkcs12 = client.keyStore(dir, "PKCS12", STORE_SECRET, STORE_SECRET);
        Path jks = client.keyStore(dir, "JKS", STORE_SECRET, SECRET);

        assertThat(refused(new KeySource(
                        pkcs12.toString(), "PKCS12", new Password("not-" + STORE_SECRET), null, null, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.password: does not open ssl.keystore.location '"
                                + pkcs12 + "' (PKCS12)");
        assertThat(refused(new KeySource(
                        jks.toString(), "JKS", new Password("not-" + STORE_SECRET), null, null, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.password: does not open ssl.keystore.location '"
                                + jks + "' (JKS)");
        assertThat(refused(new KeySource(jks.toString(), "JKS", new Password(STORE_SECRET), null, null, null, null)))
                .as("the key's own password differs from the store's")
                .hasMessage("Invalid value [hidden] for configuration"
                        + " ssl.keystore.password: does not unlock the private key in ssl.keystore.location '" + jks
                        + "'");
        assertThat(refused(new KeySource(
                        jks.toString(),
                        "JKS",
                        new Password(STORE_SECRET),
                        null,
                        null,
                        new Password("not-" + SECRET),
                        null)))
                .hasMessage("Invalid value [hidden] for configuration ssl.key.password: does not unlock the private key"
                        + " in ssl.keystore.location '" + jks + "'");
        assertThat(refusedTrust(new TrustSource(
                        server.trustStore(dir, "PKCS12", STORE_SECRET).toString(),
                        "PKCS12",
                        new Password("not-" + STORE_SECRET),
                        null,
                        null)))
                .hasMessageStartingWith(
                        "Invalid value [hidden] for configuration ssl.truststore.password: does not open"
                                + " ssl.truststore.location '");
    }

    @Test
    void unreadableFilesNameTheKeyAndTheFile() throws Exception {
        Path missing = dir.resolve("no-such-store.p12");
        Path notAStore = Files.writeString(dir.resolve("not-a-store.p12"), server.certificatePem());
        Path noCertificate = Files.writeString(dir.resolve("no-certificate.pem"), "hello");

        TlsConfigException noFile = refusedTrust(new TrustSource(missing.toString(), "PKCS12", null, null, null));
        assertThat(noFile)
                .hasMessage("Invalid value " + missing + " for configuration ssl.truststore.location: cannot be read"
                        + " as a PKCS12 store: no such file");
        assertThat(refused(new KeySource(missing.toString(), "PEM", null, null, null, null, null)))
                .hasMessage("Invalid value " + missing
                        + " for configuration ssl.keystore.location: cannot be read: no such file");
        assertThat(refusedTrust(new TrustSource(notAStore.toString(), "PKCS12", null, null, null)))
                .hasMessageStartingWith("Invalid value " + notAStore
                        + " for configuration ssl.truststore.location: cannot be" + " read as a PKCS12 store: ");
        assertThat(refusedTrust(new TrustSource(noCertificate.toString(), "PEM", null, null, null)))
                .hasMessage("Invalid value " + noCertificate
                        + " for configuration ssl.truststore.location: holds no PEM certificate");
        assertThat(refusedTrust(new TrustSource(null, null, null, new Password("hello"), null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.truststore.certificates: holds no PEM certificate");
        assertThat(refusedTrust(new TrustSource("/tmp/a\0b", null, null, null, null)))
                .hasMessage("Invalid value [hidden] for configuration ssl.truststore.location: is not a file path:"
                        + " Nul character not allowed");
    }

    @Test
    void aKeyThatIsNotPkcs8OrDoesNotBelongToTheCertificateIsRefused() throws Exception {
        SelfSigned client = clients.get(KeyType.RSA);
        Password chain = new Password(client.certificatePem());
        String pkcs1 = SelfSigned.pem("RSA PRIVATE KEY", new byte[] {0x30, 0x00});

        assertThat(refused(new KeySource(null, null, null, chain, new Password(pkcs1), null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.key: holds a '-----BEGIN RSA PRIVATE KEY-----'"
                                + " block, which is not PKCS#8: convert it with 'openssl pkcs8 -topk8' (add -nocrypt for an"
                                + " unencrypted key)");
        assertThat(refused(new KeySource(null, null, null, chain, new Password("no key"), null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.key: holds no PKCS#8 '-----BEGIN PRIVATE KEY-----'"
                                + " or '-----BEGIN ENCRYPTED PRIVATE KEY-----' block");
        assertThat(refused(new KeySource(
                        null,
                        null,
                        null,
                        chain,
                        new Password(clients.get(KeyType.EC).keyPem()),
                        null,
                        null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.key: does not belong to the first certificate"
                                + " in ssl.keystore.certificate.chain");
        Path mismatched = Path.of(pemFile(
                client,
                client.certificatePem()
                        + SelfSigned.create("other", KeyType.RSA).keyPem()));
        assertThat(refused(new KeySource(mismatched.toString(), "PEM", null, null, null, null, null)))
                .hasMessage("Invalid value " + mismatched
                        + " for configuration ssl.keystore.location: does not belong to the"
                        + " first certificate in ssl.keystore.location '" + mismatched + "'");
    }

    @Test
    void settingsThatWouldBeIgnoredOrConflictAreRefused() throws Exception {
        SelfSigned client = clients.get(KeyType.EC);
        Password chain = new Password(client.certificatePem());
        Password key = new Password(client.keyPem());
        Password store = new Password(STORE_SECRET);
        String storeFile =
                client.keyStore(dir, "PKCS12", STORE_SECRET, STORE_SECRET).toString();

        assertThat(refused(new KeySource(storeFile, "PKCS12", store, chain, key, null, null)))
                .hasMessage("Invalid value [hidden] for configuration ssl.keystore.key: must not be set together with"
                        + " ssl.keystore.location: give the client certificate one way");
        assertThat(refused(new KeySource(null, null, null, null, key, null, null)))
                .hasMessage(
                        "Invalid value null for configuration ssl.keystore.certificate.chain: must be set together with"
                                + " ssl.keystore.key");
        assertThat(refused(new KeySource(null, null, null, chain, null, null, null)))
                .hasMessage("Invalid value null for configuration ssl.keystore.key: must be set together with"
                        + " ssl.keystore.certificate.chain");
        assertThat(refused(new KeySource(null, null, store, chain, key, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.password: must not be set for a PEM key store"
                                + " (ssl.keystore.type=PEM or ssl.keystore.key), which has no store password: ssl.key.password decrypts"
                                + " an encrypted key");
        assertThat(refused(new KeySource(null, null, store, null, null, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.keystore.password: is set but ssl.keystore.location is not");
        assertThat(refused(new KeySource(null, null, null, null, null, store, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.key.password: is set but neither ssl.keystore.location"
                                + " nor ssl.keystore.key is");
        assertThat(refused(new KeySource(storeFile, "BKS", store, null, null, null, null)))
                .hasMessage(
                        "Invalid value BKS for configuration ssl.keystore.type: is not a store type this JVM knows: use JKS,"
                                + " PKCS12 or PEM");
        assertThat(refused(new KeySource(storeFile, "PKCS12", store, null, null, null, "NoSuchX509")))
                .hasMessage(
                        "Invalid value NoSuchX509 for configuration ssl.keymanager.algorithm: is not a key manager algorithm"
                                + " this JVM knows, e.g. SunX509");
        String pemTrust = Files.writeString(dir.resolve("trusted.pem"), server.certificatePem())
                .toString();
        assertThat(refusedTrust(new TrustSource(pemTrust, "PEM", null, new Password(server.certificatePem()), null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.truststore.certificates: must not be set together with"
                                + " ssl.truststore.location: give the trusted certificates one way");
        assertThat(refusedTrust(new TrustSource(pemTrust, "PEM", store, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.truststore.password: must not be set for a PEM trust"
                                + " store (ssl.truststore.type=PEM or ssl.truststore.certificates), which has no password");
        assertThat(refusedTrust(new TrustSource(null, null, store, null, null)))
                .hasMessage(
                        "Invalid value [hidden] for configuration ssl.truststore.password: is set but ssl.truststore.location"
                                + " is not");
        assertThat(refusedTrust(new TrustSource(pemTrust, "PEM", null, null, "NoSuchPKIX")))
                .hasMessage(
                        "Invalid value NoSuchPKIX for configuration ssl.trustmanager.algorithm: is not a trust manager"
                                + " algorithm this JVM knows, e.g. PKIX");
    }

    @Test
    void messagesNameTheKeysUnderTheClientsPrefix() {
        Throwable failure = catchThrowable(() -> TlsMaterial.load(
                "schema.registry.ssl.",
                new KeySource(null, null, null, null, null, new Password(SECRET), null),
                TrustSource.jdkDefault()));

        assertThat(failure)
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration"
                        + " schema.registry.ssl.key.password: is set but neither schema.registry.ssl.keystore.location nor"
                        + " schema.registry.ssl.keystore.key is");
    }

    private static TlsConfigException refused(KeySource key) {
        return refused(key, TrustSource.jdkDefault());
    }

    private static TlsConfigException refusedTrust(TrustSource trust) {
        return refused(KeySource.none(), trust);
    }

    /** The failure, checked for what must never be in it: a password or a private key, in the message or the whole trace. */
    private static TlsConfigException refused(KeySource key, TrustSource trust) {
        Throwable failure = catchThrowable(() -> TlsMaterial.load(PREFIX, key, trust));
        assertThat(failure)
                .isInstanceOf(TlsConfigException.class)
                .isInstanceOf(ConfigException.class)
                .hasNoCause();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .doesNotContain(SECRET)
                .doesNotContain(STORE_SECRET)
                .doesNotContain("PRIVATE KEY-----\n");
        return (TlsConfigException) failure;
    }
}
