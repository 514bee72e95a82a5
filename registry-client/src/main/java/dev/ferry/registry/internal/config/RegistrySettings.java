package dev.ferry.registry.internal.config;

import static dev.ferry.registry.SchemaRegistryConfig.*;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigPrefix;
import dev.ferry.common.internal.config.ConfigRows;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigType;
import dev.ferry.registry.SchemaRegistryConfig.CredentialsSource;
import dev.ferry.registry.SchemaRegistryConfig.Ssl;
import dev.ferry.registry.internal.http.TlsSetup;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state behind {@code SchemaRegistryConfigBuilder}, in property form, and {@link #KEYS}, its
 * key table: one row per key with type, default, rule, documentation and secret flag. The builder's
 * typed setters check through the table, so a value is refused with the same message whether it
 * comes from properties or code. Not thread-safe.
 */
public final class RegistrySettings {
    /** {@code latest.cache.ttl.sec=-1}: never refreshed. */
    public static final Duration NEVER = Duration.ofSeconds(-1);

    /** Rejected URLs are shown unquoted: {@code ConfigException} hides their user info, quotes included. */
    private static final ConfigType<List<String>> URL_LIST = new ConfigType<>(
            "list",
            value -> value instanceof Collection<?> list
                    ? list.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(value).split(",", -1)),
            value -> value);

    private static final ConfigType<CredentialsSource> CREDENTIALS_SOURCE = new ConfigType<>(
            "string",
            ConfigRows.named(
                    CredentialsSource.class,
                    text -> "must be URL or USER_INFO"
                            + (text.equalsIgnoreCase("SASL_INHERIT") ? " (SASL_INHERIT is not supported)" : "")));
    private static final ConfigType<Duration> SECONDS = ConfigRows.duration(Duration::ofSeconds);
    private static final ConfigType<Path> PATH = new ConfigType<>("path", RegistrySettings::path);

    public static final ConfigTable<RegistrySettings> KEYS = new ConfigTable<>(
            "the schema registry client",
            List.of(
                    ConfigKey.<RegistrySettings, List<String>>of(
                                    URL,
                                    URL_LIST,
                                    (s, v) -> s.urls = RegistryUrls.checked(v),
                                    s -> s.urls.isEmpty() ? null : s.urls)
                            .withDefaultDoc("required")
                            .withDoc(
                                    "Comma-separated base URLs (or a list); the client fails over to the next on retriable "
                                            + "errors. `mock://<scope>` selects the in-memory registry shared by all clients of that "
                                            + "scope. User info (`http://user:pass@host`) is used with "
                                            + "`basic.auth.credentials.source=URL`."),
                    ConfigKey.<RegistrySettings, String>of(
                                    BASIC_AUTH_USER_INFO,
                                    ConfigType.STRING,
                                    RegistrySettings::userInfo,
                                    s -> s.basicAuthUserInfo)
                            .withAliases(LEGACY_BASIC_AUTH_USER_INFO)
                            .asSecret()
                            .validatedBy(v -> v.indexOf(':') < 1 ? "must have the form user:password" : null)
                            .withDoc(
                                    "`user:password` for basic auth; sets `basic.auth.credentials.source` to `USER_INFO`."),
                    ConfigKey.<RegistrySettings, CredentialsSource>of(
                                    BASIC_AUTH_CREDENTIALS_SOURCE,
                                    CREDENTIALS_SOURCE,
                                    (s, v) -> s.credentialsSource = v,
                                    s -> s.credentialsSource)
                            .withDefault(CredentialsSource.URL)
                            .withDoc(
                                    "Where basic-auth credentials come from: `URL` (the URL's user info) or `USER_INFO`."),
                    ConfigKey.<RegistrySettings, String>of(
                                    BEARER_AUTH_CREDENTIALS_SOURCE,
                                    ConfigType.STRING,
                                    (s, v) ->
                                            s.bearerCredentialsSource = v.trim().toUpperCase(Locale.ROOT),
                                    s -> s.bearerCredentialsSource)
                            .withDefault("STATIC_TOKEN")
                            .validatedBy(v -> v.trim().equalsIgnoreCase("STATIC_TOKEN") ? null : "must be STATIC_TOKEN")
                            .withDoc("Where the bearer token comes from: only `STATIC_TOKEN` (`bearer.auth.token`)."),
                    ConfigKey.<RegistrySettings, String>of(
                                    BEARER_AUTH_TOKEN,
                                    ConfigType.STRING,
                                    (s, v) -> s.bearerToken = v,
                                    s -> s.bearerToken)
                            .asSecret()
                            .validatedBy(v -> v.isBlank() || v.chars().anyMatch(c -> c < 0x21 || c > 0x7e)
                                    ? "must be a token of printable ASCII"
                                    : null)
                            .withDoc("Sent as `Authorization: Bearer <token>`."),
                    ConfigRows.<RegistrySettings>millis(
                                    HTTP_CONNECT_TIMEOUT_MS,
                                    60_000,
                                    1,
                                    (s, v) -> s.connectTimeout = v,
                                    s -> s.connectTimeout)
                            .withDoc("Connect timeout of each attempt."),
                    ConfigRows.<RegistrySettings>millis(
                                    HTTP_READ_TIMEOUT_MS, 60_000, 1, (s, v) -> s.readTimeout = v, s -> s.readTimeout)
                            .withDoc("Read timeout of each attempt."),
                    ConfigRows.<RegistrySettings>atLeast(
                                    ConfigType.INT, MAX_RETRIES, 3, 0, (s, v) -> s.maxRetries = v, s -> s.maxRetries)
                            .withDoc(
                                    "Retries after the first attempt, on 408, 429 (honouring `Retry-After`), 5xx and I/O "
                                            + "errors, failing over to the next URL."),
                    ConfigRows.<RegistrySettings>millis(
                                    RETRIES_WAIT_MS, 1000, 0, (s, v) -> s.retryWait = v, s -> s.retryWait)
                            .withDoc("Wait before the first retry; doubled on each further retry, ±20% jitter."),
                    ConfigRows.<RegistrySettings>millis(
                                    RETRIES_MAX_WAIT_MS, 20_000, 0, (s, v) -> s.retryMaxWait = v, s -> s.retryMaxWait)
                            .withDoc("Cap of the wait between retries (also of a server's `Retry-After`)."),
                    ConfigRows.<RegistrySettings>atLeast(
                                    ConfigType.INT,
                                    MAX_SCHEMAS_PER_SUBJECT,
                                    1000,
                                    1,
                                    (s, v) -> s.maxSchemasPerSubject = v,
                                    s -> s.maxSchemasPerSubject)
                            .withDoc(
                                    "Size bound of each cache of immutable facts (id → schema, (subject, schema) → id, "
                                            + "(subject, version) → schema)."),
                    ConfigRows.<RegistrySettings>atLeast(
                                    ConfigType.INT,
                                    LATEST_CACHE_SIZE,
                                    1000,
                                    1,
                                    (s, v) -> s.latestCacheSize = v,
                                    s -> s.latestCacheSize)
                            .withDoc("Size bound of the cache of latest versions, compatibility levels and modes."),
                    ConfigKey.<RegistrySettings, Duration>of(
                                    LATEST_CACHE_TTL_SEC,
                                    SECONDS,
                                    (s, v) -> s.latestCacheTtl = v,
                                    s -> s.latestCacheTtl)
                            .withDefault(Duration.ofSeconds(60))
                            .withDefaultDoc("60")
                            .validatedBy(v -> v.equals(NEVER) || !(v.isNegative() || v.isZero())
                                    ? null
                                    : "must be at least 1 s, or -1 for never")
                            .withDoc(
                                    "Seconds after which a latest version or config is refreshed in the background (the "
                                            + "known value is still served at once, and kept while the registry is unreachable); "
                                            + "`-1`: never. Confluent's default is `-1`."),
                    ConfigRows.<RegistrySettings>seconds(
                                    MISSING_ID_CACHE_TTL_SEC,
                                    (s, v) -> s.missingIdCacheTtl = v,
                                    s -> s.missingIdCacheTtl)
                            .withDoc("Seconds an \"id not found\" answer is remembered; 0: not at all."),
                    ConfigRows.<RegistrySettings>seconds(
                                    MISSING_VERSION_CACHE_TTL_SEC,
                                    (s, v) -> s.missingVersionCacheTtl = v,
                                    s -> s.missingVersionCacheTtl)
                            .withDoc("Seconds a \"version not found\" answer is remembered; 0: not at all."),
                    ConfigRows.<RegistrySettings>seconds(
                                    MISSING_SCHEMA_CACHE_TTL_SEC,
                                    (s, v) -> s.missingSchemaCacheTtl = v,
                                    s -> s.missingSchemaCacheTtl)
                            .withDoc("Seconds a \"schema not found\" answer is remembered; 0: not at all."),
                    ConfigRows.<RegistrySettings>atLeast(
                                    ConfigType.INT,
                                    MISSING_CACHE_SIZE,
                                    10_000,
                                    1,
                                    (s, v) -> s.missingCacheSize = v,
                                    s -> s.missingCacheSize)
                            .withDoc("Size bound of each cache of \"not found\" answers."),
                    ConfigKey.<RegistrySettings, Path>of(
                                    SSL_TRUSTSTORE_LOCATION,
                                    PATH,
                                    (s, v) -> s.truststoreLocation = v,
                                    s -> s.truststoreLocation)
                            .withDefaultDoc("the JDK's trust store")
                            .withDoc("Trust store file (JKS, PKCS12 or PEM)."),
                    ConfigKey.<RegistrySettings, String>of(
                                    SSL_TRUSTSTORE_PASSWORD,
                                    ConfigType.STRING,
                                    (s, v) -> s.truststorePassword = v,
                                    s -> s.truststorePassword)
                            .asSecret()
                            .withDoc("Password of the trust store file (none for PEM)."),
                    ConfigRows.<RegistrySettings>storeType(
                                    SSL_TRUSTSTORE_TYPE, (s, v) -> s.truststoreType = v, s -> s.truststoreType)
                            .withDefaultDoc("JKS with a file")
                            .withDoc("`JKS`, `PKCS12` or `PEM`; `PEM` also goes with inline certificates."),
                    ConfigRows.<RegistrySettings>pem(
                                    SSL_TRUSTSTORE_CERTIFICATES,
                                    "CERTIFICATE",
                                    (s, v) -> s.truststoreCertificates = v,
                                    s -> s.truststoreCertificates)
                            .withDoc("Trusted certificates as inline PEM text."),
                    ConfigKey.<RegistrySettings, Path>of(
                                    SSL_KEYSTORE_LOCATION,
                                    PATH,
                                    (s, v) -> s.keystoreLocation = v,
                                    s -> s.keystoreLocation)
                            .withDoc("Key store file with the client certificate, for mutual TLS."),
                    ConfigKey.<RegistrySettings, String>of(
                                    SSL_KEYSTORE_PASSWORD,
                                    ConfigType.STRING,
                                    (s, v) -> s.keystorePassword = v,
                                    s -> s.keystorePassword)
                            .asSecret()
                            .withDoc("Password of the key store file."),
                    ConfigRows.<RegistrySettings>storeType(
                                    SSL_KEYSTORE_TYPE, (s, v) -> s.keystoreType = v, s -> s.keystoreType)
                            .withDefaultDoc("JKS with a file")
                            .withDoc("`JKS`, `PKCS12` or `PEM`."),
                    ConfigKey.<RegistrySettings, String>of(
                                    SSL_KEY_PASSWORD,
                                    ConfigType.STRING,
                                    (s, v) -> s.keyPassword = v,
                                    s -> s.keyPassword)
                            .asSecret()
                            .withDefaultDoc("the key store password")
                            .withDoc(
                                    "Password of the key in the key store, or of an encrypted PKCS#8 key (PEM file or inline)."),
                    ConfigRows.<RegistrySettings>pem(
                                    SSL_KEYSTORE_CERTIFICATE_CHAIN,
                                    "CERTIFICATE",
                                    (s, v) -> s.keystoreCertificateChain = v,
                                    s -> s.keystoreCertificateChain)
                            .withDoc("Client certificate chain as inline PEM text."),
                    ConfigRows.<RegistrySettings>pem(
                                    SSL_KEYSTORE_KEY, "PRIVATE KEY", (s, v) -> s.keystoreKey = v, s -> s.keystoreKey)
                            .asSecret()
                            .withDoc(
                                    "The client certificate's PKCS#8 private key as inline PEM text (encrypted: with `schema.registry.ssl.key.password`)."),
                    ConfigKey.<RegistrySettings, String>of(
                                    SSL_ENDPOINT_IDENTIFICATION_ALGORITHM,
                                    ConfigType.STRING,
                                    (s, v) -> s.endpointIdentification = !v.isBlank(),
                                    s -> s.endpointIdentification ? "https" : "")
                            .withDefault("https")
                            .validatedBy(v ->
                                    v.isBlank() || v.trim().equalsIgnoreCase("https") ? null : "must be https or empty")
                            .withDoc(
                                    "`https` checks the registry's host name against its certificate; empty disables the "
                                            + "check.")),
            List.of(new ConfigPrefix<>(
                    REQUEST_HEADER_PREFIX,
                    "An extra header on every request (not "
                            + "`Authorization`: use `basic.auth.*` or `bearer.auth.token`).",
                    true,
                    RegistrySettings::header,
                    s -> s.requestHeaders)));

    public List<String> urls = List.of();
    public CredentialsSource credentialsSource;
    public String basicAuthUserInfo;
    public String bearerCredentialsSource;
    public String bearerToken;
    public final Map<String, String> requestHeaders = new LinkedHashMap<>();
    public Duration connectTimeout;
    public Duration readTimeout;
    public int maxRetries;
    public Duration retryWait;
    public Duration retryMaxWait;
    public int maxSchemasPerSubject;
    public int latestCacheSize;
    public Duration latestCacheTtl;
    public Duration missingIdCacheTtl;
    public Duration missingVersionCacheTtl;
    public Duration missingSchemaCacheTtl;
    public int missingCacheSize;
    public Path truststoreLocation;
    public String truststorePassword;
    public String truststoreType;
    public String truststoreCertificates;
    public Path keystoreLocation;
    public String keystorePassword;
    public String keystoreType;
    public String keyPassword;
    public String keystoreCertificateChain;
    public String keystoreKey;
    public boolean endpointIdentification;

    /** Settings holding every default. */
    public RegistrySettings() {
        KEYS.applyDefaults(this);
    }

    /** A copy through the table's rows. */
    public RegistrySettings copy() {
        return KEYS.copy(this, new RegistrySettings());
    }

    /** {@code basic.auth.user.info}, which also selects it as the credentials' source. */
    public void userInfo(String userInfo) {
        basicAuthUserInfo = KEYS.check(BASIC_AUTH_USER_INFO, userInfo);
        credentialsSource = CredentialsSource.USER_INFO;
    }

    /**
     * A {@code request.header.<name>}.
     *
     * @throws ConfigException naming the key, its value hidden (a header may carry a credential)
     */
    public void header(String name, String value) {
        String key = REQUEST_HEADER_PREFIX + name;
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
            throw KEYS.refused(key, value, "must name a header of printable ASCII without spaces or ':'");
        }
        if (name.equalsIgnoreCase("Authorization")) {
            throw KEYS.refused(
                    key, value, "is not allowed: set credentials with basic.auth.user.info or bearer.auth.token");
        }
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            throw KEYS.refused(key, value, "must be printable ASCII, without control characters");
        }
        requestHeaders.put(name, value);
    }

    /** What {@code build()} makes of the settings once the rules between keys hold. */
    public record Resolved(RegistryUrls urls, String basicAuthUserInfo, Ssl ssl) {}

    /**
     * Checks the rules between keys, loads the TLS trust and key stores, and resolves the URLs and
     * the basic-auth credentials from their source.
     *
     * @throws ConfigException naming the key in conflict, its value (hidden when secret) and the other
     *     key, or the key and file of a store that cannot be read or unlocked
     */
    public Resolved resolve() {
        if (urls.isEmpty()) {
            throw KEYS.refused(URL, null, "is required: comma-separated http(s):// URLs or mock://scope");
        }
        RegistryUrls parsed = RegistryUrls.of(urls);
        if (credentialsSource == CredentialsSource.USER_INFO && basicAuthUserInfo == null) {
            throw KEYS.refused(
                    BASIC_AUTH_CREDENTIALS_SOURCE, credentialsSource, "needs " + BASIC_AUTH_USER_INFO + " to be set");
        }
        if (credentialsSource == CredentialsSource.URL && basicAuthUserInfo != null) {
            throw KEYS.refused(
                    BASIC_AUTH_USER_INFO,
                    basicAuthUserInfo,
                    "is set but " + BASIC_AUTH_CREDENTIALS_SOURCE + " is URL: set that to USER_INFO");
        }
        String userInfo = credentialsSource == CredentialsSource.USER_INFO ? basicAuthUserInfo : parsed.userInfo();
        if (userInfo != null && bearerToken != null) {
            throw KEYS.refused(
                    BEARER_AUTH_TOKEN,
                    bearerToken,
                    "is set together with basic auth (" + BASIC_AUTH_USER_INFO
                            + " or the URL's user info), allowed: one of them");
        }
        if (retryWait.compareTo(retryMaxWait) > 0) {
            throw KEYS.refused(
                    RETRIES_WAIT_MS,
                    retryWait.toMillis(),
                    "must be at most " + RETRIES_MAX_WAIT_MS + " (" + retryMaxWait.toMillis() + ")");
        }
        Ssl ssl = ssl();
        TlsSetup.check(ssl);
        return new Resolved(parsed, userInfo, ssl);
    }

    /** The TLS settings, once the rules between the {@code schema.registry.ssl.*} keys hold. */
    private Ssl ssl() {
        requireLocation(SSL_TRUSTSTORE_LOCATION, truststoreLocation, SSL_TRUSTSTORE_PASSWORD, truststorePassword);
        requireLocationUnlessInlinePem(
                SSL_TRUSTSTORE_LOCATION,
                truststoreLocation,
                SSL_TRUSTSTORE_TYPE,
                truststoreType,
                SSL_TRUSTSTORE_CERTIFICATES,
                truststoreCertificates);
        requireLocation(SSL_KEYSTORE_LOCATION, keystoreLocation, SSL_KEYSTORE_PASSWORD, keystorePassword);
        if (keystoreKey == null) {
            // with an inline key it decrypts an encrypted one
            requireLocation(SSL_KEYSTORE_LOCATION, keystoreLocation, SSL_KEY_PASSWORD, keyPassword);
        }
        requireLocationUnlessInlinePem(
                SSL_KEYSTORE_LOCATION,
                keystoreLocation,
                SSL_KEYSTORE_TYPE,
                keystoreType,
                SSL_KEYSTORE_CERTIFICATE_CHAIN,
                keystoreCertificateChain);
        if ((keystoreCertificateChain == null) != (keystoreKey == null)) {
            throw keystoreKey == null
                    ? KEYS.refused(
                            SSL_KEYSTORE_KEY, null, "must be set together with " + SSL_KEYSTORE_CERTIFICATE_CHAIN)
                    : KEYS.refused(
                            SSL_KEYSTORE_CERTIFICATE_CHAIN, null, "must be set together with " + SSL_KEYSTORE_KEY);
        }
        return new Ssl(
                truststoreLocation,
                truststorePassword,
                storeTypeOf(truststoreLocation, truststoreType),
                truststoreCertificates,
                keystoreLocation,
                keystorePassword,
                storeTypeOf(keystoreLocation, keystoreType),
                keyPassword,
                keystoreCertificateChain,
                keystoreKey,
                endpointIdentification);
    }

    /** A store file's type, JKS when not given; none without a file (inline PEM has no type to keep). */
    private static String storeTypeOf(Path location, String type) {
        return location == null ? null : type == null ? "JKS" : type;
    }

    /** A store setting without the store's file would be ignored: the user meant something else. */
    private static void requireLocation(String locationKey, Path location, String key, String value) {
        if (value != null && location == null) {
            throw KEYS.refused(key, value, "is set but " + locationKey + " is not");
        }
    }

    /** As Kafka's: {@code type=PEM} also goes with the inline PEM text instead of a file. */
    private static void requireLocationUnlessInlinePem(
            String locationKey, Path location, String typeKey, String type, String inlineKey, String inline) {
        if (type != null && location == null && !(type.equals("PEM") && inline != null)) {
            throw KEYS.refused(
                    typeKey,
                    type,
                    "is set but " + locationKey + " is not"
                            + (inline != null ? " (with " + inlineKey + " the type is PEM)" : ""));
        }
    }

    /** The JDK's exception names the raw path, which may be anything the user pasted: not chained. */
    private static Path path(Object value) {
        if (value instanceof Path path) {
            return path;
        }
        if (!(value instanceof String location)) {
            throw new ConfigType.Invalid("must be a file path");
        }
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new ConfigType.Invalid("must be a file path (" + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + ")");
        }
    }
}
