package dev.ferry.registry;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.registry.internal.config.RegistrySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
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
    private final SchemaRegistryConfigBuilder source;

    SchemaRegistryConfig(SchemaRegistryConfigBuilder builder, RegistrySettings.Resolved resolved) {
        this.source = builder.copy();
        this.urls = resolved.urls().urls();
        this.mockScope = resolved.urls().mockScope();
        this.basicAuthUserInfo = resolved.basicAuthUserInfo();
        this.requestHeaders = Map.copyOf(source.s.requestHeaders);
        this.latestCacheTtl = source.s.latestCacheTtl.equals(RegistrySettings.NEVER)
                ? Optional.empty()
                : Optional.of(source.s.latestCacheTtl);
        this.ssl = resolved.ssl();
    }

    /** A builder with Confluent's defaults; {@link SchemaRegistryConfigBuilder#urls(String)} is required. */
    public static SchemaRegistryConfigBuilder builder() {
        return new SchemaRegistryConfigBuilder(new RegistrySettings());
    }

    /** A builder holding this configuration's values. */
    public SchemaRegistryConfigBuilder toBuilder() {
        return source.copy();
    }

    /**
     * Reads the keys listed in the README's configuration reference and ignores every other key.
     *
     * @throws ConfigException naming the key, the value and what is allowed, also of settings in
     *                         conflict, a malformed URL list or request header, or a store that
     *                         cannot be read
     */
    public static SchemaRegistryConfig fromProperties(Map<String, ?> properties) {
        return new SchemaRegistryConfigBuilder(KEYS.apply(properties, new RegistrySettings())).build();
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
}
