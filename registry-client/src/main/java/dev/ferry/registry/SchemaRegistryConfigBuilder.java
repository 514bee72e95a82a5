package dev.ferry.registry;

import static dev.ferry.registry.SchemaRegistryConfig.*;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.registry.SchemaRegistryConfig.CredentialsSource;
import dev.ferry.registry.internal.config.RegistrySettings;
import dev.ferry.registry.internal.config.RegistryUrls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds a {@link SchemaRegistryConfig} ({@link SchemaRegistryConfig#builder()}). Each setter
 * validates its value at once, through the key's row in the table, by the same rule as
 * {@link SchemaRegistryConfig#fromProperties}; rules between settings are checked by {@link #build()}.
 * Not thread-safe.
 */
public final class SchemaRegistryConfigBuilder {
    private static final ConfigTable<RegistrySettings> KEYS = RegistrySettings.KEYS;

    final RegistrySettings s;
    InstantSource clock = InstantSource.system();
    SchemaRegistryListener listener = SchemaRegistryListener.NONE;

    SchemaRegistryConfigBuilder(RegistrySettings settings) {
        this.s = settings;
    }

    SchemaRegistryConfigBuilder copy() {
        SchemaRegistryConfigBuilder b = new SchemaRegistryConfigBuilder(s.copy());
        b.clock = clock;
        b.listener = listener;
        return b;
    }

    /** {@code schema.registry.url}: comma-separated base URLs, or {@code mock://scope}. */
    public SchemaRegistryConfigBuilder urls(String commaSeparated) {
        Objects.requireNonNull(commaSeparated, URL);
        return urls(List.of(commaSeparated.split(",", -1)));
    }

    /** {@code schema.registry.url} as a list. */
    public SchemaRegistryConfigBuilder urls(Collection<String> urls) {
        s.urls = RegistryUrls.checked(urls);
        return this;
    }

    /** {@code basic.auth.credentials.source}. */
    public SchemaRegistryConfigBuilder basicAuthCredentialsSource(CredentialsSource source) {
        return set(BASIC_AUTH_CREDENTIALS_SOURCE, source);
    }

    /**
     * {@code basic.auth.user.info}: {@code user:password}; also sets the credentials source to
     * {@code USER_INFO}.
     */
    public SchemaRegistryConfigBuilder basicAuthUserInfo(String userInfo) {
        return set(BASIC_AUTH_USER_INFO, userInfo);
    }

    /** Basic auth with a user and password ({@code USER_INFO} source). */
    public SchemaRegistryConfigBuilder basicAuth(String user, String password) {
        Objects.requireNonNull(user, "basic auth user");
        Objects.requireNonNull(password, "basic auth password");
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw KEYS.refused(
                    BASIC_AUTH_USER_INFO, user + ":" + password, "must have a user that is not empty and has no ':'");
        }
        return basicAuthUserInfo(user + ":" + password);
    }

    /** {@code bearer.auth.token}: sent as {@code Authorization: Bearer <token>}. */
    public SchemaRegistryConfigBuilder bearerToken(String token) {
        return set(BEARER_AUTH_TOKEN, token);
    }

    /** {@code request.header.<name>}: an extra header on every request. */
    public SchemaRegistryConfigBuilder requestHeader(String name, String value) {
        Objects.requireNonNull(name, "request header name");
        s.header(name, Objects.requireNonNull(value, REQUEST_HEADER_PREFIX + name));
        return this;
    }

    /** {@code http.connect.timeout.ms}, per attempt. */
    public SchemaRegistryConfigBuilder connectTimeout(Duration timeout) {
        return set(HTTP_CONNECT_TIMEOUT_MS, timeout);
    }

    /** {@code http.read.timeout.ms}, per attempt. */
    public SchemaRegistryConfigBuilder readTimeout(Duration timeout) {
        return set(HTTP_READ_TIMEOUT_MS, timeout);
    }

    /** {@code max.retries}: retries after the first attempt (0 or more). */
    public SchemaRegistryConfigBuilder maxRetries(int retries) {
        return set(MAX_RETRIES, retries);
    }

    /** {@code retries.wait.ms}: wait before the first retry. */
    public SchemaRegistryConfigBuilder retryWait(Duration wait) {
        return set(RETRIES_WAIT_MS, wait);
    }

    /** {@code retries.max.wait.ms}: cap of the wait between retries. */
    public SchemaRegistryConfigBuilder retryMaxWait(Duration wait) {
        return set(RETRIES_MAX_WAIT_MS, wait);
    }

    /** {@code max.schemas.per.subject}: size bound of each cache of immutable facts. */
    public SchemaRegistryConfigBuilder maxSchemasPerSubject(int size) {
        return set(MAX_SCHEMAS_PER_SUBJECT, size);
    }

    /** {@code latest.cache.size}. */
    public SchemaRegistryConfigBuilder latestCacheSize(int size) {
        return set(LATEST_CACHE_SIZE, size);
    }

    /** {@code latest.cache.ttl.sec}: positive; see {@link #latestCacheNeverExpires()}. */
    public SchemaRegistryConfigBuilder latestCacheTtl(Duration ttl) {
        if (Objects.requireNonNull(ttl, LATEST_CACHE_TTL_SEC).isNegative() || ttl.isZero()) {
            // -1 s would pass the key's rule, which reads it as "never": here it is a mistake
            throw new ConfigException(
                    LATEST_CACHE_TTL_SEC, ttl, "must be positive; latestCacheNeverExpires() for never");
        }
        s.latestCacheTtl = ttl;
        return this;
    }

    /** {@code latest.cache.ttl.sec=-1}: latest versions are fetched once and never refreshed. */
    public SchemaRegistryConfigBuilder latestCacheNeverExpires() {
        s.latestCacheTtl = RegistrySettings.NEVER;
        return this;
    }

    /** {@code missing.id.cache.ttl.sec}: how long "id not found" is remembered; 0: not at all. */
    public SchemaRegistryConfigBuilder missingIdCacheTtl(Duration ttl) {
        return set(MISSING_ID_CACHE_TTL_SEC, ttl);
    }

    /** {@code missing.version.cache.ttl.sec}. */
    public SchemaRegistryConfigBuilder missingVersionCacheTtl(Duration ttl) {
        return set(MISSING_VERSION_CACHE_TTL_SEC, ttl);
    }

    /** {@code missing.schema.cache.ttl.sec}. */
    public SchemaRegistryConfigBuilder missingSchemaCacheTtl(Duration ttl) {
        return set(MISSING_SCHEMA_CACHE_TTL_SEC, ttl);
    }

    /** {@code missing.cache.size}. */
    public SchemaRegistryConfigBuilder missingCacheSize(int size) {
        return set(MISSING_CACHE_SIZE, size);
    }

    /**
     * A trust store file ({@code schema.registry.ssl.truststore.*}).
     *
     * @param type {@code JKS}, {@code PKCS12} or {@code PEM}; null means JKS
     * @param password may be null (PEM files, unprotected stores)
     */
    public SchemaRegistryConfigBuilder sslTruststore(Path location, String password, String type) {
        set(SSL_TRUSTSTORE_LOCATION, location);
        s.truststorePassword = password;
        s.truststoreType = storeType(SSL_TRUSTSTORE_TYPE, type);
        return this;
    }

    /** Trusted certificates as PEM text ({@code schema.registry.ssl.truststore.certificates}). */
    public SchemaRegistryConfigBuilder sslTruststoreCertificates(String pem) {
        return set(SSL_TRUSTSTORE_CERTIFICATES, pem);
    }

    /**
     * A key store file with the client certificate ({@code schema.registry.ssl.keystore.*}).
     *
     * @param type        {@code JKS}, {@code PKCS12} or {@code PEM} (a file with the private key and its
     *                    certificate chain, which has no store password); null means JKS
     * @param keyPassword the key's own password, null meaning the store password; for {@code PEM}
     *                    the password of an encrypted PKCS#8 key, null for an unencrypted one
     */
    public SchemaRegistryConfigBuilder sslKeystore(Path location, String password, String type, String keyPassword) {
        set(SSL_KEYSTORE_LOCATION, location);
        s.keystorePassword = password;
        s.keystoreType = storeType(SSL_KEYSTORE_TYPE, type);
        s.keyPassword = keyPassword;
        return this;
    }

    /**
     * The client certificate chain and its unencrypted PKCS#8 private key as PEM text
     * ({@code schema.registry.ssl.keystore.certificate.chain} and {@code .keystore.key}).
     */
    public SchemaRegistryConfigBuilder sslKeystorePem(String certificateChain, String privateKey) {
        return sslKeystorePem(certificateChain, privateKey, null);
    }

    /**
     * The client certificate chain and its PKCS#8 private key as PEM text, the key encrypted
     * ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}) with {@code keyPassword}
     * ({@code schema.registry.ssl.key.password}), or unencrypted when it is null.
     */
    public SchemaRegistryConfigBuilder sslKeystorePem(String certificateChain, String privateKey, String keyPassword) {
        set(SSL_KEYSTORE_CERTIFICATE_CHAIN, certificateChain);
        set(SSL_KEYSTORE_KEY, privateKey);
        s.keyPassword = keyPassword;
        return this;
    }

    /** Whether the server's host name is checked against its certificate (default true). */
    public SchemaRegistryConfigBuilder sslEndpointIdentification(boolean enabled) {
        s.endpointIdentification = enabled;
        return this;
    }

    /** The clock for cache expiry; tests inject a manual one. Default: the system clock. */
    public SchemaRegistryConfigBuilder clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Hears failed and recovered background refreshes (no property: set it in code). */
    public SchemaRegistryConfigBuilder listener(SchemaRegistryListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Checks the rules between settings, loads the TLS trust and key stores, and builds the
     * configuration.
     *
     * @throws ConfigException naming the key in conflict, its value (hidden when secret) and what is
     *                         allowed: {@code schema.registry.url} missing, auth settings that
     *                         contradict each other, a wait above its cap, a store setting without
     *                         its store, or the key and file of a store that cannot be read or
     *                         unlocked
     */
    public SchemaRegistryConfig build() {
        return new SchemaRegistryConfig(this, s.resolve());
    }

    /** Through the key's row: null refused naming the key, then the row's rule and setter. */
    private SchemaRegistryConfigBuilder set(String key, Object value) {
        KEYS.set(s, key, value);
        return this;
    }

    private static String storeType(String key, String type) {
        return type == null ? null : KEYS.check(key, type).trim().toUpperCase(Locale.ROOT);
    }
}
