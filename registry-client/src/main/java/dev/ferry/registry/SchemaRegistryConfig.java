package dev.ferry.registry;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.registry.internal.config.RegistrySettings;
import dev.ferry.registry.internal.config.RegistryUrls;
import dev.ferry.registry.internal.http.TlsSetup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link SchemaRegistryClient}, with Confluent's property names and meanings.
 *
 * <pre>{@code
 * SchemaRegistryConfig config = SchemaRegistryConfig.builder()
 *         .urls("https://registry-a:8081,https://registry-b:8081")
 *         .basicAuthUserInfo("app:secret")
 *         .readTimeout(Duration.ofSeconds(10))
 *         .build();
 * // or from the serializer's properties:
 * SchemaRegistryConfig same = SchemaRegistryConfig.fromProperties(Map.of(
 *         "schema.registry.url", "https://registry-a:8081,https://registry-b:8081",
 *         "basic.auth.credentials.source", "USER_INFO",
 *         "basic.auth.user.info", "app:secret"));
 * }</pre>
 *
 * <p>Every key {@link #fromProperties(Map)} reads, with its default and meaning, is listed in the
 * README's configuration reference (generated from this class's key table); other keys are ignored,
 * so a whole serializer or producer configuration may be passed. A value is checked by the same rule
 * whether it comes from properties or a builder setter, and rejected with a {@link ConfigException}
 * naming key, value and what is allowed.
 *
 * <p>Secrets (passwords, user info, tokens, keys, request headers) never appear in {@link #toString()}.
 * Instances are immutable and thread-safe; builders are not thread-safe.
 */
public final class SchemaRegistryConfig {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String LEGACY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String REQUEST_HEADER_PREFIX = "request.header.";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";
    public static final String LATEST_CACHE_SIZE = "latest.cache.size";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String MISSING_ID_CACHE_TTL_SEC = "missing.id.cache.ttl.sec";
    public static final String MISSING_VERSION_CACHE_TTL_SEC = "missing.version.cache.ttl.sec";
    public static final String MISSING_SCHEMA_CACHE_TTL_SEC = "missing.schema.cache.ttl.sec";
    public static final String MISSING_CACHE_SIZE = "missing.cache.size";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
    public static final String SSL_TRUSTSTORE_CERTIFICATES = SSL_PREFIX + "truststore.certificates";
    public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
    public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
    public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN = SSL_PREFIX + "keystore.certificate.chain";
    public static final String SSL_KEYSTORE_KEY = SSL_PREFIX + "keystore.key";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = SSL_PREFIX + "endpoint.identification.algorithm";

    /** Where basic-auth credentials come from ({@code basic.auth.credentials.source}). */
    public enum CredentialsSource {
        /** From the user info of the registry URL, {@code http://user:password@host:8081}. */
        URL,
        /** From {@code basic.auth.user.info}. */
        USER_INFO
    }

    /**
     * TLS settings. A trust store and a key store are each given either as a file (with password and
     * type {@code JKS}, {@code PKCS12} or {@code PEM}) or as inline PEM text. Unset fields are null.
     * {@link #toString()} hides passwords and keys.
     */
    public record Ssl(
            Path truststoreLocation,
            String truststorePassword,
            String truststoreType,
            String truststoreCertificates,
            Path keystoreLocation,
            String keystorePassword,
            String keystoreType,
            String keyPassword,
            String keystoreCertificateChain,
            String keystoreKey,
            boolean endpointIdentification) {

        static final Ssl DEFAULT = new Ssl(null, null, null, null, null, null, null, null, null, null, true);

        /** Whether anything differs from the JDK's defaults. */
        public boolean isCustomized() {
            return !equals(DEFAULT);
        }

        @Override
        public String toString() {
            return "Ssl[truststoreLocation=" + shown(truststoreLocation) + ", truststoreType=" + truststoreType
                    + ", truststoreCertificates=" + (truststoreCertificates == null ? "none" : "PEM")
                    + ", keystoreLocation=" + shown(keystoreLocation) + ", keystoreType=" + keystoreType
                    + ", keystoreCertificateChain=" + (keystoreCertificateChain == null ? "none" : "PEM")
                    + ", endpointIdentification=" + endpointIdentification + "]";
        }

        private static String shown(Path location) {
            return location == null ? "null" : Redaction.text(location.toString());
        }
    }

    private static final ConfigTable<RegistrySettings> KEYS = RegistrySettings.KEYS;

    private final List<URI> urls;
    private final String mockScope;
    private final String basicAuthUserInfo;
    private final Map<String, String> requestHeaders;
    private final Optional<Duration> latestCacheTtl;
    private final Ssl ssl;
    /** Every setting as built; never changed, so the getters read it. */
    private final Builder source;

    private SchemaRegistryConfig(Builder builder, RegistryUrls parsed, String basicAuthUserInfo, Ssl ssl) {
        this.source = builder.copy();
        this.urls = parsed.urls();
        this.mockScope = parsed.mockScope();
        this.basicAuthUserInfo = basicAuthUserInfo;
        this.requestHeaders = Map.copyOf(source.s.requestHeaders);
        this.latestCacheTtl = source.s.latestCacheTtl.equals(RegistrySettings.NEVER)
                ? Optional.empty()
                : Optional.of(source.s.latestCacheTtl);
        this.ssl = ssl;
    }

    /** A builder with Confluent's defaults; {@link Builder#urls(String)} is required. */
    public static Builder builder() {
        return new Builder(new RegistrySettings());
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return source.copy();
    }

    /**
     * Reads the keys listed in the README's configuration reference and ignores every other key.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     * @throws IllegalArgumentException naming the key of a malformed URL list or of settings in conflict
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> properties) {
        return new Builder(KEYS.apply(properties, new RegistrySettings())).build();
    }

    /** The registry base URLs in failover order, without user info; empty for {@code mock://}. */
    public List<URI> urls() {
        return urls;
    }

    /** The scope of the in-memory registry when the URL is {@code mock://scope}. */
    public Optional<String> mockScope() {
        return Optional.ofNullable(mockScope);
    }

    /** {@code user:password} for basic auth, from the configured source. A secret. */
    public Optional<String> basicAuthUserInfo() {
        return Optional.ofNullable(basicAuthUserInfo);
    }

    /** The bearer token. A secret. */
    public Optional<String> bearerToken() {
        return Optional.ofNullable(source.s.bearerToken);
    }

    /** Extra headers sent on every request ({@code request.header.*}). */
    public Map<String, String> requestHeaders() {
        return requestHeaders;
    }

    public Duration connectTimeout() {
        return source.s.connectTimeout;
    }

    public Duration readTimeout() {
        return source.s.readTimeout;
    }

    /** Retries after the first attempt, on retriable errors. */
    public int maxRetries() {
        return source.s.maxRetries;
    }

    /** Wait before the first retry; doubled on each further retry, with jitter. */
    public Duration retryWait() {
        return source.s.retryWait;
    }

    /** Cap of the wait between retries (also of a server's {@code Retry-After}). */
    public Duration retryMaxWait() {
        return source.s.retryMaxWait;
    }

    /** Size bound of each cache of immutable facts. */
    public int maxSchemasPerSubject() {
        return source.s.maxSchemasPerSubject;
    }

    public int latestCacheSize() {
        return source.s.latestCacheSize;
    }

    /**
     * How long a latest version or config is served before a read starts its background refresh
     * (the value keeps being served meanwhile); empty: never refreshed.
     */
    public Optional<Duration> latestCacheTtl() {
        return latestCacheTtl;
    }

    public Duration missingIdCacheTtl() {
        return source.s.missingIdCacheTtl;
    }

    public Duration missingVersionCacheTtl() {
        return source.s.missingVersionCacheTtl;
    }

    public Duration missingSchemaCacheTtl() {
        return source.s.missingSchemaCacheTtl;
    }

    public int missingCacheSize() {
        return source.s.missingCacheSize;
    }

    public Ssl ssl() {
        return ssl;
    }

    /** The clock the caches use for expiry; the system clock unless a test injects one. */
    public InstantSource clock() {
        return source.clock;
    }

    /** Hears failed and recovered background refreshes; {@link SchemaRegistryListener#NONE} unless set. */
    public SchemaRegistryListener listener() {
        return source.listener;
    }

    /** Every setting by its key, in property form, as {@link #fromProperties} would read it again. */
    Map<String, Object> values() {
        return KEYS.values(source.s);
    }

    /** Every setting by its key, secrets and URL user info hidden. */
    @Override
    public String toString() {
        return "SchemaRegistryConfig" + KEYS.describe(values());
    }

    /**
     * Builds a {@link SchemaRegistryConfig}. Each setter validates its value at once, by the same rule
     * as {@link #fromProperties}; rules between settings are checked by {@link #build()}. Not
     * thread-safe.
     */
    public static final class Builder {
        private final RegistrySettings s;
        private InstantSource clock = InstantSource.system();
        private SchemaRegistryListener listener = SchemaRegistryListener.NONE;

        private Builder(RegistrySettings settings) {
            this.s = settings;
        }

        private Builder copy() {
            Builder b = new Builder(s.copy());
            b.clock = clock;
            b.listener = listener;
            return b;
        }

        /** {@code schema.registry.url}: comma-separated base URLs, or {@code mock://scope}. */
        public Builder urls(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, URL);
            return urls(List.of(commaSeparated.split(",", -1)));
        }

        /** {@code schema.registry.url} as a list. */
        public Builder urls(Collection<String> urls) {
            s.urls = RegistryUrls.checked(urls);
            return this;
        }

        /** {@code basic.auth.credentials.source}. */
        public Builder basicAuthCredentialsSource(CredentialsSource source) {
            s.credentialsSource = Objects.requireNonNull(source, BASIC_AUTH_CREDENTIALS_SOURCE);
            return this;
        }

        /**
         * {@code basic.auth.user.info}: {@code user:password}; also sets the credentials source to
         * {@code USER_INFO}.
         */
        public Builder basicAuthUserInfo(String userInfo) {
            s.userInfo(Objects.requireNonNull(userInfo, BASIC_AUTH_USER_INFO));
            return this;
        }

        /** Basic auth with a user and password ({@code USER_INFO} source). */
        public Builder basicAuth(String user, String password) {
            Objects.requireNonNull(user, "basic auth user");
            Objects.requireNonNull(password, "basic auth password");
            if (user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                        "basic auth user was '" + user + "', allowed: a non-empty name without ':'");
            }
            return basicAuthUserInfo(user + ":" + password);
        }

        /** {@code bearer.auth.token}: sent as {@code Authorization: Bearer <token>}. */
        public Builder bearerToken(String token) {
            s.bearerToken = KEYS.check(BEARER_AUTH_TOKEN, Objects.requireNonNull(token, BEARER_AUTH_TOKEN));
            return this;
        }

        /** {@code request.header.<name>}: an extra header on every request. */
        public Builder requestHeader(String name, String value) {
            Objects.requireNonNull(name, "request header name");
            s.header(name, Objects.requireNonNull(value, REQUEST_HEADER_PREFIX + name));
            return this;
        }

        /** {@code http.connect.timeout.ms}, per attempt. */
        public Builder connectTimeout(Duration timeout) {
            s.connectTimeout = checked(HTTP_CONNECT_TIMEOUT_MS, timeout);
            return this;
        }

        /** {@code http.read.timeout.ms}, per attempt. */
        public Builder readTimeout(Duration timeout) {
            s.readTimeout = checked(HTTP_READ_TIMEOUT_MS, timeout);
            return this;
        }

        /** {@code max.retries}: retries after the first attempt (0 or more). */
        public Builder maxRetries(int retries) {
            s.maxRetries = KEYS.check(MAX_RETRIES, retries);
            return this;
        }

        /** {@code retries.wait.ms}: wait before the first retry. */
        public Builder retryWait(Duration wait) {
            s.retryWait = checked(RETRIES_WAIT_MS, wait);
            return this;
        }

        /** {@code retries.max.wait.ms}: cap of the wait between retries. */
        public Builder retryMaxWait(Duration wait) {
            s.retryMaxWait = checked(RETRIES_MAX_WAIT_MS, wait);
            return this;
        }

        /** {@code max.schemas.per.subject}: size bound of each cache of immutable facts. */
        public Builder maxSchemasPerSubject(int size) {
            s.maxSchemasPerSubject = KEYS.check(MAX_SCHEMAS_PER_SUBJECT, size);
            return this;
        }

        /** {@code latest.cache.size}. */
        public Builder latestCacheSize(int size) {
            s.latestCacheSize = KEYS.check(LATEST_CACHE_SIZE, size);
            return this;
        }

        /** {@code latest.cache.ttl.sec}: positive; see {@link #latestCacheNeverExpires()}. */
        public Builder latestCacheTtl(Duration ttl) {
            if (Objects.requireNonNull(ttl, LATEST_CACHE_TTL_SEC).isNegative() || ttl.isZero()) {
                // -1 s would pass the key's rule, which reads it as "never": here it is a mistake
                throw new ConfigException(
                        LATEST_CACHE_TTL_SEC, ttl, "must be positive; latestCacheNeverExpires() for never");
            }
            s.latestCacheTtl = ttl;
            return this;
        }

        /** {@code latest.cache.ttl.sec=-1}: latest versions are fetched once and never refreshed. */
        public Builder latestCacheNeverExpires() {
            s.latestCacheTtl = RegistrySettings.NEVER;
            return this;
        }

        /** {@code missing.id.cache.ttl.sec}: how long "id not found" is remembered; 0: not at all. */
        public Builder missingIdCacheTtl(Duration ttl) {
            s.missingIdCacheTtl = checked(MISSING_ID_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.version.cache.ttl.sec}. */
        public Builder missingVersionCacheTtl(Duration ttl) {
            s.missingVersionCacheTtl = checked(MISSING_VERSION_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.schema.cache.ttl.sec}. */
        public Builder missingSchemaCacheTtl(Duration ttl) {
            s.missingSchemaCacheTtl = checked(MISSING_SCHEMA_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.cache.size}. */
        public Builder missingCacheSize(int size) {
            s.missingCacheSize = KEYS.check(MISSING_CACHE_SIZE, size);
            return this;
        }

        /**
         * A trust store file ({@code schema.registry.ssl.truststore.*}).
         *
         * @param type {@code JKS}, {@code PKCS12} or {@code PEM}; null means JKS
         * @param password may be null (PEM files, unprotected stores)
         */
        public Builder sslTruststore(Path location, String password, String type) {
            s.truststoreLocation = Objects.requireNonNull(location, SSL_TRUSTSTORE_LOCATION);
            s.truststorePassword = password;
            s.truststoreType = storeType(SSL_TRUSTSTORE_TYPE, type);
            return this;
        }

        /** Trusted certificates as PEM text ({@code schema.registry.ssl.truststore.certificates}). */
        public Builder sslTruststoreCertificates(String pem) {
            s.truststoreCertificates = checked(SSL_TRUSTSTORE_CERTIFICATES, pem);
            return this;
        }

        /**
         * A key store file with the client certificate ({@code schema.registry.ssl.keystore.*}).
         *
         * @param type        {@code JKS}, {@code PKCS12} or {@code PEM} (a file with the private key and its
         *                    certificate chain, which has no store password); null means JKS
         * @param keyPassword the key's own password, null meaning the store password; for {@code PEM}
         *                    the password of an encrypted PKCS#8 key, null for an unencrypted one
         */
        public Builder sslKeystore(Path location, String password, String type, String keyPassword) {
            s.keystoreLocation = Objects.requireNonNull(location, SSL_KEYSTORE_LOCATION);
            s.keystorePassword = password;
            s.keystoreType = storeType(SSL_KEYSTORE_TYPE, type);
            s.keyPassword = keyPassword;
            return this;
        }

        /**
         * The client certificate chain and its unencrypted PKCS#8 private key as PEM text
         * ({@code schema.registry.ssl.keystore.certificate.chain} and {@code .keystore.key}).
         */
        public Builder sslKeystorePem(String certificateChain, String privateKey) {
            return sslKeystorePem(certificateChain, privateKey, null);
        }

        /**
         * The client certificate chain and its PKCS#8 private key as PEM text, the key encrypted
         * ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}) with {@code keyPassword}
         * ({@code schema.registry.ssl.key.password}), or unencrypted when it is null.
         */
        public Builder sslKeystorePem(String certificateChain, String privateKey, String keyPassword) {
            s.keystoreCertificateChain = checked(SSL_KEYSTORE_CERTIFICATE_CHAIN, certificateChain);
            s.keystoreKey = checked(SSL_KEYSTORE_KEY, privateKey);
            s.keyPassword = keyPassword;
            return this;
        }

        /** Whether the server's host name is checked against its certificate (default true). */
        public Builder sslEndpointIdentification(boolean enabled) {
            s.endpointIdentification = enabled;
            return this;
        }

        /** The clock for cache expiry; tests inject a manual one. Default: the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Hears failed and recovered background refreshes (no property: set it in code). */
        public Builder listener(SchemaRegistryListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Checks the rules between settings, loads the TLS trust and key stores, and builds the
         * configuration.
         *
         * @throws IllegalArgumentException naming the keys in conflict, or the key and file of a store
         *                                  that cannot be read or unlocked
         */
        public SchemaRegistryConfig build() {
            if (s.urls.isEmpty()) {
                throw new IllegalArgumentException(
                        URL + " is required: comma-separated http(s):// URLs or mock://scope");
            }
            RegistryUrls parsed = RegistryUrls.of(s.urls);
            String userInfo;
            if (s.credentialsSource == CredentialsSource.USER_INFO) {
                if (s.basicAuthUserInfo == null) {
                    throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO but "
                            + BASIC_AUTH_USER_INFO + " is not set");
                }
                userInfo = s.basicAuthUserInfo;
            } else {
                if (s.basicAuthUserInfo != null) {
                    throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " is set but "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + " is URL: set it to USER_INFO");
                }
                userInfo = parsed.userInfo();
            }
            if (userInfo != null && s.bearerToken != null) {
                throw new IllegalArgumentException(
                        "basic auth and " + BEARER_AUTH_TOKEN + " are both set, allowed: one of them");
            }
            if (s.retryWait.compareTo(s.retryMaxWait) > 0) {
                throw new IllegalArgumentException(RETRIES_WAIT_MS + " (" + s.retryWait.toMillis() + ") is larger than "
                        + RETRIES_MAX_WAIT_MS + " (" + s.retryMaxWait.toMillis() + ")");
            }
            Ssl ssl = s.ssl();
            TlsSetup.check(ssl);
            return new SchemaRegistryConfig(this, parsed, userInfo, ssl);
        }

        private static <T> T checked(String key, T value) {
            return KEYS.check(key, Objects.requireNonNull(value, key));
        }

        private static String storeType(String key, String type) {
            return type == null ? null : KEYS.check(key, type).trim().toUpperCase(Locale.ROOT);
        }
    }
}
