package dev.ferry.registry;

import dev.ferry.common.Password;
import dev.ferry.common.internal.Redaction;
import dev.ferry.registry.internal.http.TlsSetup;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * <p>Keys read by {@link #fromProperties(Map)} (other keys are ignored, so a whole serializer or
 * producer configuration may be passed):
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code schema.registry.url}</td><td>comma-separated base URLs (or a list); the client
 *       fails over to the next on retriable errors; {@code mock://scope} selects the in-memory
 *       registry shared by all clients of that scope; user info ({@code http://user:pass@host}) is
 *       used with {@code basic.auth.credentials.source=URL}</td><td>required</td></tr>
 *   <tr><td>{@code basic.auth.credentials.source}</td><td>{@code URL} or {@code USER_INFO}</td>
 *       <td>{@code URL}</td></tr>
 *   <tr><td>{@code basic.auth.user.info} (also {@code schema.registry.basic.auth.user.info})</td>
 *       <td>{@code user:password}, with {@code USER_INFO}</td><td>none</td></tr>
 *   <tr><td>{@code bearer.auth.credentials.source}</td><td>{@code STATIC_TOKEN}</td><td>{@code STATIC_TOKEN}</td></tr>
 *   <tr><td>{@code bearer.auth.token}</td><td>sent as {@code Authorization: Bearer ...}</td><td>none</td></tr>
 *   <tr><td>{@code request.header.<name>}</td><td>an extra header on every request</td><td>none</td></tr>
 *   <tr><td>{@code http.connect.timeout.ms}, {@code http.read.timeout.ms}</td><td>per attempt</td>
 *       <td>60000, 60000</td></tr>
 *   <tr><td>{@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}</td>
 *       <td>retries on 408, 429 (honouring {@code Retry-After}), 5xx and I/O errors, waiting
 *       exponentially longer with jitter, capped</td><td>3, 1000, 20000</td></tr>
 *   <tr><td>{@code max.schemas.per.subject}</td><td>size bound of each cache of immutable facts
 *       (id → schema, (subject, schema) → id, (subject, version) → schema)</td><td>1000</td></tr>
 *   <tr><td>{@code latest.cache.size}, {@code latest.cache.ttl.sec}</td><td>cache of latest versions
 *       and configs: a value older than the TTL is still served at once and refreshed in the
 *       background (kept while the registry is unreachable); {@code -1} never refreshes. Unlike
 *       Confluent (default -1) Ferry refreshes latest versions every 60 s by default</td><td>1000, 60</td></tr>
 *   <tr><td>{@code missing.id.cache.ttl.sec}, {@code missing.version.cache.ttl.sec},
 *       {@code missing.schema.cache.ttl.sec}, {@code missing.cache.size}</td><td>how long a
 *       "not found" answer is remembered (0: not at all)</td><td>0, 0, 0, 10000</td></tr>
 *   <tr><td>{@code schema.registry.ssl.truststore.location|password|type},
 *       {@code schema.registry.ssl.truststore.certificates}</td><td>trust store file (JKS, PKCS12
 *       or PEM), or PEM certificates inline</td><td>the JDK's trust store</td></tr>
 *   <tr><td>{@code schema.registry.ssl.keystore.location|password|type},
 *       {@code schema.registry.ssl.key.password}, {@code schema.registry.ssl.keystore.certificate.chain},
 *       {@code schema.registry.ssl.keystore.key}</td><td>client certificate for mutual TLS: a key
 *       store file (JKS, PKCS12 or PEM), or PEM chain and PKCS#8 key inline; an encrypted PKCS#8
 *       key needs {@code schema.registry.ssl.key.password}</td><td>none</td></tr>
 *   <tr><td>{@code schema.registry.ssl.endpoint.identification.algorithm}</td><td>{@code https}
 *       checks the host name, empty disables the check</td><td>{@code https}</td></tr>
 * </table>
 *
 * <p>Secrets (passwords, user info, tokens, keys) never appear in {@link #toString()}. Instances
 * are immutable and thread-safe; builders are not thread-safe.
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
    public record Ssl(Path truststoreLocation, String truststorePassword, String truststoreType,
            String truststoreCertificates, Path keystoreLocation, String keystorePassword, String keystoreType,
            String keyPassword, String keystoreCertificateChain, String keystoreKey,
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

    private final List<URI> urls;
    private final String mockScope;
    private final String basicAuthUserInfo;
    private final String bearerToken;
    private final Map<String, String> requestHeaders;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Duration retryWait;
    private final Duration retryMaxWait;
    private final int maxSchemasPerSubject;
    private final int latestCacheSize;
    private final Optional<Duration> latestCacheTtl;
    private final Duration missingIdCacheTtl;
    private final Duration missingVersionCacheTtl;
    private final Duration missingSchemaCacheTtl;
    private final int missingCacheSize;
    private final Ssl ssl;
    private final InstantSource clock;
    private final SchemaRegistryListener listener;
    private final Builder source;

    private SchemaRegistryConfig(Builder b, List<URI> urls, String mockScope, String basicAuthUserInfo) {
        this.urls = urls;
        this.mockScope = mockScope;
        this.basicAuthUserInfo = basicAuthUserInfo;
        this.bearerToken = b.bearerToken;
        this.requestHeaders = Map.copyOf(b.requestHeaders);
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.maxRetries = b.maxRetries;
        this.retryWait = b.retryWait;
        this.retryMaxWait = b.retryMaxWait;
        this.maxSchemasPerSubject = b.maxSchemasPerSubject;
        this.latestCacheSize = b.latestCacheSize;
        this.latestCacheTtl = b.latestCacheTtl;
        this.missingIdCacheTtl = b.missingIdCacheTtl;
        this.missingVersionCacheTtl = b.missingVersionCacheTtl;
        this.missingSchemaCacheTtl = b.missingSchemaCacheTtl;
        this.missingCacheSize = b.missingCacheSize;
        this.ssl = b.ssl;
        this.clock = b.clock;
        this.listener = b.listener;
        this.source = b.copy();
    }

    /** A builder with Confluent's defaults; {@link Builder#urls(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return source.copy();
    }

    /**
     * Reads the keys listed in the class documentation and ignores every other key.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> properties) {
        return PropertiesReader.read(properties, builder()).build();
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
        return Optional.ofNullable(bearerToken);
    }

    /** Extra headers sent on every request ({@code request.header.*}). */
    public Map<String, String> requestHeaders() {
        return requestHeaders;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Retries after the first attempt, on retriable errors. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Wait before the first retry; doubled on each further retry, with jitter. */
    public Duration retryWait() {
        return retryWait;
    }

    /** Cap of the wait between retries (also of a server's {@code Retry-After}). */
    public Duration retryMaxWait() {
        return retryMaxWait;
    }

    /** Size bound of each cache of immutable facts. */
    public int maxSchemasPerSubject() {
        return maxSchemasPerSubject;
    }

    public int latestCacheSize() {
        return latestCacheSize;
    }

    /**
     * How long a latest version or config is served before a read starts its background refresh
     * (the value keeps being served meanwhile); empty: never refreshed.
     */
    public Optional<Duration> latestCacheTtl() {
        return latestCacheTtl;
    }

    public Duration missingIdCacheTtl() {
        return missingIdCacheTtl;
    }

    public Duration missingVersionCacheTtl() {
        return missingVersionCacheTtl;
    }

    public Duration missingSchemaCacheTtl() {
        return missingSchemaCacheTtl;
    }

    public int missingCacheSize() {
        return missingCacheSize;
    }

    public Ssl ssl() {
        return ssl;
    }

    /** The clock the caches use for expiry; the system clock unless a test injects one. */
    public InstantSource clock() {
        return clock;
    }

    /** Hears failed and recovered background refreshes; {@link SchemaRegistryListener#NONE} unless set. */
    public SchemaRegistryListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "SchemaRegistryConfig[urls=" + (mockScope != null ? Redaction.text("mock://" + mockScope) : urls)
                + ", basicAuth=" + (basicAuthUserInfo == null ? "none" : "[hidden]")
                + ", bearerToken=" + (bearerToken == null ? "none" : "[hidden]")
                + ", requestHeaders=" + requestHeaders.keySet()
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxRetries=" + maxRetries + ", retryWait=" + retryWait + ", retryMaxWait=" + retryMaxWait
                + ", maxSchemasPerSubject=" + maxSchemasPerSubject + ", latestCacheSize=" + latestCacheSize
                + ", latestCacheTtl=" + latestCacheTtl.map(Duration::toString).orElse("never")
                + ", missingIdCacheTtl=" + missingIdCacheTtl + ", missingVersionCacheTtl=" + missingVersionCacheTtl
                + ", missingSchemaCacheTtl=" + missingSchemaCacheTtl + ", missingCacheSize=" + missingCacheSize
                + ", ssl=" + ssl + "]";
    }

    /**
     * Builds a {@link SchemaRegistryConfig}. Each setter validates its value at once; rules between
     * settings are checked by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private List<String> urls = List.of();
        private CredentialsSource credentialsSource = CredentialsSource.URL;
        private String basicAuthUserInfo;
        private String bearerToken;
        private Map<String, String> requestHeaders = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration retryWait = Duration.ofSeconds(1);
        private Duration retryMaxWait = Duration.ofSeconds(20);
        private int maxSchemasPerSubject = 1000;
        private int latestCacheSize = 1000;
        private Optional<Duration> latestCacheTtl = Optional.of(Duration.ofSeconds(60));
        private Duration missingIdCacheTtl = Duration.ZERO;
        private Duration missingVersionCacheTtl = Duration.ZERO;
        private Duration missingSchemaCacheTtl = Duration.ZERO;
        private int missingCacheSize = 10_000;
        private Ssl ssl = Ssl.DEFAULT;
        private InstantSource clock = InstantSource.system();
        private SchemaRegistryListener listener = SchemaRegistryListener.NONE;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.urls = urls;
            b.credentialsSource = credentialsSource;
            b.basicAuthUserInfo = basicAuthUserInfo;
            b.bearerToken = bearerToken;
            b.requestHeaders = new LinkedHashMap<>(requestHeaders);
            b.connectTimeout = connectTimeout;
            b.readTimeout = readTimeout;
            b.maxRetries = maxRetries;
            b.retryWait = retryWait;
            b.retryMaxWait = retryMaxWait;
            b.maxSchemasPerSubject = maxSchemasPerSubject;
            b.latestCacheSize = latestCacheSize;
            b.latestCacheTtl = latestCacheTtl;
            b.missingIdCacheTtl = missingIdCacheTtl;
            b.missingVersionCacheTtl = missingVersionCacheTtl;
            b.missingSchemaCacheTtl = missingSchemaCacheTtl;
            b.missingCacheSize = missingCacheSize;
            b.ssl = ssl;
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
            List<String> cleaned = new ArrayList<>();
            for (String url : urls) {
                String trimmed = url == null ? "" : url.trim();
                if (trimmed.isEmpty()) {
                    throw new IllegalArgumentException(URL + " was " + shownList(urls)
                            + ": contains an empty URL, allowed: comma-separated http(s):// URLs or one mock://scope");
                }
                parseUrl(trimmed, urls);
                cleaned.add(trimmed);
            }
            this.urls = List.copyOf(cleaned);
            return this;
        }

        /** {@code basic.auth.credentials.source}. */
        public Builder basicAuthCredentialsSource(CredentialsSource source) {
            this.credentialsSource = Objects.requireNonNull(source, BASIC_AUTH_CREDENTIALS_SOURCE);
            return this;
        }

        /**
         * {@code basic.auth.user.info}: {@code user:password}; also sets the credentials source to
         * {@code USER_INFO}.
         */
        public Builder basicAuthUserInfo(String userInfo) {
            Objects.requireNonNull(userInfo, BASIC_AUTH_USER_INFO);
            if (userInfo.indexOf(':') < 1) {
                throw new IllegalArgumentException(
                        BASIC_AUTH_USER_INFO + " was [hidden] without 'user:password' form, allowed: user:password");
            }
            this.basicAuthUserInfo = userInfo;
            this.credentialsSource = CredentialsSource.USER_INFO;
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
            Objects.requireNonNull(token, BEARER_AUTH_TOKEN);
            if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException(
                        BEARER_AUTH_TOKEN + " was [hidden] with blank or non-printable characters, allowed: a token of printable ASCII");
            }
            this.bearerToken = token;
            return this;
        }

        /** {@code request.header.<name>}: an extra header on every request. */
        public Builder requestHeader(String name, String value) {
            Objects.requireNonNull(name, "request header name");
            Objects.requireNonNull(value, REQUEST_HEADER_PREFIX + name);
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException(REQUEST_HEADER_PREFIX + name
                        + " has an invalid header name, allowed: printable ASCII without spaces or ':'");
            }
            if (name.equalsIgnoreCase("Authorization")) {
                throw new IllegalArgumentException(REQUEST_HEADER_PREFIX + name
                        + " is not allowed, use basic.auth.* or bearer.auth.token for credentials");
            }
            if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException(REQUEST_HEADER_PREFIX + name
                        + " has a value with control or non-ASCII characters, allowed: printable ASCII");
            }
            requestHeaders.put(name, value);
            return this;
        }

        /** {@code http.connect.timeout.ms}, per attempt. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(HTTP_CONNECT_TIMEOUT_MS, timeout);
            return this;
        }

        /** {@code http.read.timeout.ms}, per attempt. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(HTTP_READ_TIMEOUT_MS, timeout);
            return this;
        }

        /** {@code max.retries}: retries after the first attempt (0 or more). */
        public Builder maxRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException(MAX_RETRIES + " was " + retries + ", allowed: 0 or more");
            }
            this.maxRetries = retries;
            return this;
        }

        /** {@code retries.wait.ms}: wait before the first retry. */
        public Builder retryWait(Duration wait) {
            this.retryWait = nonNegative(RETRIES_WAIT_MS, wait);
            return this;
        }

        /** {@code retries.max.wait.ms}: cap of the wait between retries. */
        public Builder retryMaxWait(Duration wait) {
            this.retryMaxWait = nonNegative(RETRIES_MAX_WAIT_MS, wait);
            return this;
        }

        /** {@code max.schemas.per.subject}: size bound of each cache of immutable facts. */
        public Builder maxSchemasPerSubject(int size) {
            this.maxSchemasPerSubject = atLeastOne(MAX_SCHEMAS_PER_SUBJECT, size);
            return this;
        }

        /** {@code latest.cache.size}. */
        public Builder latestCacheSize(int size) {
            this.latestCacheSize = atLeastOne(LATEST_CACHE_SIZE, size);
            return this;
        }

        /** {@code latest.cache.ttl.sec}: positive; see {@link #latestCacheNeverExpires()}. */
        public Builder latestCacheTtl(Duration ttl) {
            this.latestCacheTtl = Optional.of(positive(LATEST_CACHE_TTL_SEC, ttl));
            return this;
        }

        /** {@code latest.cache.ttl.sec=-1}: latest versions are fetched once and never refreshed. */
        public Builder latestCacheNeverExpires() {
            this.latestCacheTtl = Optional.empty();
            return this;
        }

        /** {@code missing.id.cache.ttl.sec}: how long "id not found" is remembered; 0: not at all. */
        public Builder missingIdCacheTtl(Duration ttl) {
            this.missingIdCacheTtl = nonNegative(MISSING_ID_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.version.cache.ttl.sec}. */
        public Builder missingVersionCacheTtl(Duration ttl) {
            this.missingVersionCacheTtl = nonNegative(MISSING_VERSION_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.schema.cache.ttl.sec}. */
        public Builder missingSchemaCacheTtl(Duration ttl) {
            this.missingSchemaCacheTtl = nonNegative(MISSING_SCHEMA_CACHE_TTL_SEC, ttl);
            return this;
        }

        /** {@code missing.cache.size}. */
        public Builder missingCacheSize(int size) {
            this.missingCacheSize = atLeastOne(MISSING_CACHE_SIZE, size);
            return this;
        }

        /**
         * A trust store file ({@code schema.registry.ssl.truststore.*}).
         *
         * @param type {@code JKS}, {@code PKCS12} or {@code PEM}
         * @param password may be null (PEM files, unprotected stores)
         */
        public Builder sslTruststore(Path location, String password, String type) {
            Objects.requireNonNull(location, SSL_TRUSTSTORE_LOCATION);
            ssl = new Ssl(location, password, storeType(SSL_TRUSTSTORE_TYPE, type), ssl.truststoreCertificates(),
                    ssl.keystoreLocation(), ssl.keystorePassword(), ssl.keystoreType(), ssl.keyPassword(),
                    ssl.keystoreCertificateChain(), ssl.keystoreKey(), ssl.endpointIdentification());
            return this;
        }

        /** Trusted certificates as PEM text ({@code schema.registry.ssl.truststore.certificates}). */
        public Builder sslTruststoreCertificates(String pem) {
            ssl = new Ssl(ssl.truststoreLocation(), ssl.truststorePassword(), ssl.truststoreType(),
                    pem(SSL_TRUSTSTORE_CERTIFICATES, pem, "CERTIFICATE"), ssl.keystoreLocation(),
                    ssl.keystorePassword(), ssl.keystoreType(), ssl.keyPassword(), ssl.keystoreCertificateChain(),
                    ssl.keystoreKey(), ssl.endpointIdentification());
            return this;
        }

        /**
         * A key store file with the client certificate ({@code schema.registry.ssl.keystore.*}).
         *
         * @param type        {@code JKS}, {@code PKCS12} or {@code PEM} (a file with the private key and its
         *                    certificate chain, which has no store password)
         * @param keyPassword the key's own password, null meaning the store password; for {@code PEM}
         *                    the password of an encrypted PKCS#8 key, null for an unencrypted one
         */
        public Builder sslKeystore(Path location, String password, String type, String keyPassword) {
            Objects.requireNonNull(location, SSL_KEYSTORE_LOCATION);
            ssl = new Ssl(ssl.truststoreLocation(), ssl.truststorePassword(), ssl.truststoreType(),
                    ssl.truststoreCertificates(), location, password, storeType(SSL_KEYSTORE_TYPE, type), keyPassword,
                    ssl.keystoreCertificateChain(), ssl.keystoreKey(), ssl.endpointIdentification());
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
            ssl = new Ssl(ssl.truststoreLocation(), ssl.truststorePassword(), ssl.truststoreType(),
                    ssl.truststoreCertificates(), ssl.keystoreLocation(), ssl.keystorePassword(), ssl.keystoreType(),
                    keyPassword, pem(SSL_KEYSTORE_CERTIFICATE_CHAIN, certificateChain, "CERTIFICATE"),
                    pem(SSL_KEYSTORE_KEY, privateKey, "PRIVATE KEY"), ssl.endpointIdentification());
            return this;
        }

        /** Whether the server's host name is checked against its certificate (default true). */
        public Builder sslEndpointIdentification(boolean enabled) {
            ssl = new Ssl(ssl.truststoreLocation(), ssl.truststorePassword(), ssl.truststoreType(),
                    ssl.truststoreCertificates(), ssl.keystoreLocation(), ssl.keystorePassword(), ssl.keystoreType(),
                    ssl.keyPassword(), ssl.keystoreCertificateChain(), ssl.keystoreKey(), enabled);
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
            if (urls.isEmpty()) {
                throw new IllegalArgumentException(URL + " is required: comma-separated http(s):// URLs or mock://scope");
            }
            List<URI> parsed = new ArrayList<>();
            String mockScope = null;
            String urlUserInfo = null;
            for (String url : urls) {
                URI uri = parseUrl(url, urls);
                if ("mock".equals(uri.getScheme())) {
                    if (urls.size() > 1) {
                        throw new IllegalArgumentException(URL + " was " + shownList(urls)
                                + ": a mock:// URL must be the only one");
                    }
                    mockScope = mockScope(uri);
                    continue;
                }
                if (uri.getRawUserInfo() != null && urlUserInfo == null) {
                    urlUserInfo = decodedUserInfo(uri);
                }
                parsed.add(withoutUserInfo(uri));
            }
            String userInfo = null;
            if (credentialsSource == CredentialsSource.USER_INFO) {
                if (basicAuthUserInfo == null) {
                    throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO but "
                            + BASIC_AUTH_USER_INFO + " is not set");
                }
                userInfo = basicAuthUserInfo;
            } else {
                if (basicAuthUserInfo != null) {
                    throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " is set but "
                            + BASIC_AUTH_CREDENTIALS_SOURCE + " is URL: set it to USER_INFO");
                }
                userInfo = urlUserInfo;
            }
            if (userInfo != null && bearerToken != null) {
                throw new IllegalArgumentException(
                        "basic auth and " + BEARER_AUTH_TOKEN + " are both set, allowed: one of them");
            }
            if (retryWait.compareTo(retryMaxWait) > 0) {
                throw new IllegalArgumentException(RETRIES_WAIT_MS + " (" + retryWait.toMillis() + ") is larger than "
                        + RETRIES_MAX_WAIT_MS + " (" + retryMaxWait.toMillis() + ")");
            }
            TlsSetup.check(ssl);
            return new SchemaRegistryConfig(this, List.copyOf(parsed), mockScope, userInfo);
        }

        /**
         * The JDK's exception is not chained as it is: its message and input hold the raw URL. It is
         * replaced by one whose input has the user info hidden, or dropped when the entry cannot be
         * shown by itself.
         */
        private static URI parseUrl(String url, Collection<String> all) {
            boolean alone = canShowAlone(url, all);
            String shown = alone ? Redaction.quoted(url) : shownList(all);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                URISyntaxException redacted = Redaction.withoutUserInfo(e);
                String where = alone && redacted.getIndex() >= 0 ? " at index " + redacted.getIndex() : "";
                throw new IllegalArgumentException(URL + " has a malformed URL " + shown + " (" + e.getReason() + where
                        + "), allowed: http(s)://host[:port][/path] or mock://scope", alone ? redacted : null);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            if (!(http && uri.getHost() != null) && !(scheme.equals("mock"))) {
                throw new IllegalArgumentException(URL + " has an unsupported URL " + shown
                        + ", allowed: http(s)://host[:port][/path] or mock://scope");
            }
            return uri;
        }

        /**
         * Whether an entry of the list can be shown by itself with its user info hidden: a comma in a
         * password splits the list inside the user info, leaving an entry without its {@code @}.
         */
        private static boolean canShowAlone(String url, Collection<String> all) {
            String shown = Redaction.withoutUserInfo(url);
            if (Redaction.text(shown).equals(Password.HIDDEN)) {
                return false;
            }
            for (String piece : Redaction.withoutUserInfo(joined(all)).split(",", -1)) {
                if (piece.trim().equals(shown)) {
                    return true;
                }
            }
            return false;
        }

        private static String mockScope(URI uri) {
            String scope = uri.getAuthority() != null ? uri.getAuthority() : uri.getSchemeSpecificPart();
            scope = scope == null ? "" : scope.replaceFirst("^//", "");
            if (scope.isEmpty()) {
                throw new IllegalArgumentException(URL + " was " + Redaction.quoted(uri.toString())
                        + ", allowed: mock://<scope name>");
            }
            return scope;
        }

        private static String decodedUserInfo(URI uri) {
            String info = uri.getUserInfo();
            if (info.indexOf(':') < 1) {
                throw new IllegalArgumentException(
                        URL + " has user info without 'user:password' form, allowed: http(s)://user:password@host");
            }
            return info;
        }

        private static URI withoutUserInfo(URI uri) {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            // From parts of a URI that parsed, without its user info: the JDK accepts it again.
            return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path);
        }

        private static String shownList(Collection<String> urls) {
            return Redaction.quoted(joined(urls));
        }

        private static String joined(Collection<String> urls) {
            return String.join(",", urls.stream().map(url -> url == null ? "null" : url).toList());
        }

        private static Duration positive(String key, Duration value) {
            Objects.requireNonNull(value, key);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(key + " was " + value.toMillis() + " ms, allowed: more than 0");
            }
            return value;
        }

        private static Duration nonNegative(String key, Duration value) {
            Objects.requireNonNull(value, key);
            if (value.isNegative()) {
                throw new IllegalArgumentException(key + " was " + value.toMillis() + " ms, allowed: 0 or more");
            }
            return value;
        }

        private static int atLeastOne(String key, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(key + " was " + value + ", allowed: 1 or more");
            }
            return value;
        }

        private static String storeType(String key, String type) {
            String upper = type == null ? "JKS" : type.trim().toUpperCase(Locale.ROOT);
            if (!upper.equals("JKS") && !upper.equals("PKCS12") && !upper.equals("PEM")) {
                throw new IllegalArgumentException(key + " was " + Redaction.quoted(type) + ", allowed: JKS, PKCS12, PEM");
            }
            return upper;
        }

        /**
         * Only whether it is PEM at all ({@code ENCRYPTED PRIVATE KEY} has the label too): the
         * loader in {@code build()} tells what is wrong with a block.
         */
        private static String pem(String key, String text, String label) {
            Objects.requireNonNull(text, key);
            if (!text.contains("-----BEGIN ") || !text.contains(label + "-----")) {
                throw new IllegalArgumentException(key + " has no '-----BEGIN " + label + "' block, allowed: PEM text");
            }
            return text;
        }
    }
}
