package dev.ferry.registry;

import static dev.ferry.registry.SchemaRegistryConfig.*;

import dev.ferry.common.internal.Redaction;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** Maps Confluent's property names onto a {@link SchemaRegistryConfig.Builder}. */
final class PropertiesReader {

    private final Map<String, ?> properties;

    private PropertiesReader(Map<String, ?> properties) {
        this.properties = properties;
    }

    static SchemaRegistryConfig.Builder read(Map<String, ?> properties, SchemaRegistryConfig.Builder b) {
        PropertiesReader r = new PropertiesReader(properties);
        Object url = properties.get(URL);
        if (url instanceof Collection<?> list) {
            b.urls(list.stream().map(String::valueOf).toList());
        } else if (url != null) {
            b.urls(url.toString());
        }
        r.string(LEGACY_BASIC_AUTH_USER_INFO, b::basicAuthUserInfo);
        r.string(BASIC_AUTH_USER_INFO, b::basicAuthUserInfo);
        r.string(BASIC_AUTH_CREDENTIALS_SOURCE, v -> b.basicAuthCredentialsSource(credentialsSource(v)));
        r.string(BEARER_AUTH_CREDENTIALS_SOURCE, PropertiesReader::checkBearerSource);
        r.string(BEARER_AUTH_TOKEN, b::bearerToken);
        properties.forEach((key, value) -> {
            if (key.startsWith(REQUEST_HEADER_PREFIX) && value != null) {
                b.requestHeader(key.substring(REQUEST_HEADER_PREFIX.length()), value.toString());
            }
        });
        r.millis(HTTP_CONNECT_TIMEOUT_MS, b::connectTimeout);
        r.millis(HTTP_READ_TIMEOUT_MS, b::readTimeout);
        r.integer(MAX_RETRIES, b::maxRetries);
        r.millis(RETRIES_WAIT_MS, b::retryWait);
        r.millis(RETRIES_MAX_WAIT_MS, b::retryMaxWait);
        r.integer(MAX_SCHEMAS_PER_SUBJECT, b::maxSchemasPerSubject);
        r.integer(LATEST_CACHE_SIZE, b::latestCacheSize);
        r.integer(LATEST_CACHE_TTL_SEC, ttl -> {
            if (ttl == -1) {
                b.latestCacheNeverExpires();
            } else if (ttl < 1) {
                throw new IllegalArgumentException(
                        LATEST_CACHE_TTL_SEC + " was " + ttl + ", allowed: 1 or more seconds, or -1 for never");
            } else {
                b.latestCacheTtl(Duration.ofSeconds(ttl));
            }
        });
        r.seconds(MISSING_ID_CACHE_TTL_SEC, b::missingIdCacheTtl);
        r.seconds(MISSING_VERSION_CACHE_TTL_SEC, b::missingVersionCacheTtl);
        r.seconds(MISSING_SCHEMA_CACHE_TTL_SEC, b::missingSchemaCacheTtl);
        r.integer(MISSING_CACHE_SIZE, b::missingCacheSize);
        r.readSsl(b);
        return b;
    }

    private void readSsl(SchemaRegistryConfig.Builder b) {
        String truststore = text(SSL_TRUSTSTORE_LOCATION);
        if (truststore != null) {
            b.sslTruststore(path(SSL_TRUSTSTORE_LOCATION, truststore), text(SSL_TRUSTSTORE_PASSWORD),
                    text(SSL_TRUSTSTORE_TYPE));
        } else {
            requireLocation(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD);
            requireLocationUnlessInlinePem(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_TYPE, SSL_TRUSTSTORE_CERTIFICATES);
        }
        string(SSL_TRUSTSTORE_CERTIFICATES, b::sslTruststoreCertificates);
        String keystore = text(SSL_KEYSTORE_LOCATION);
        if (keystore != null) {
            b.sslKeystore(path(SSL_KEYSTORE_LOCATION, keystore), text(SSL_KEYSTORE_PASSWORD), text(SSL_KEYSTORE_TYPE),
                    text(SSL_KEY_PASSWORD));
        } else {
            requireLocation(SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD);
            if (text(SSL_KEYSTORE_KEY) == null) {
                // with an inline key it decrypts an encrypted one
                requireLocation(SSL_KEYSTORE_LOCATION, SSL_KEY_PASSWORD);
            }
            requireLocationUnlessInlinePem(SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_TYPE, SSL_KEYSTORE_CERTIFICATE_CHAIN);
        }
        String chain = text(SSL_KEYSTORE_CERTIFICATE_CHAIN);
        String key = text(SSL_KEYSTORE_KEY);
        if ((chain == null) != (key == null)) {
            throw new IllegalArgumentException(SSL_KEYSTORE_CERTIFICATE_CHAIN + " and " + SSL_KEYSTORE_KEY
                    + " must be set together");
        }
        if (chain != null) {
            b.sslKeystorePem(chain, key, text(SSL_KEY_PASSWORD));
        }
        Object algorithm = properties.get(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
        if (algorithm != null) {
            String value = algorithm.toString().trim();
            if (value.isEmpty()) {
                b.sslEndpointIdentification(false);
            } else if (value.equalsIgnoreCase("https")) {
                b.sslEndpointIdentification(true);
            } else {
                throw new IllegalArgumentException(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM + " was "
                        + Redaction.quoted(value) + ", allowed: https or empty");
            }
        }
    }

    /** The JDK's exception names the raw path, which may be anything the user pasted: not chained. */
    private static Path path(String key, String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + " was " + Redaction.quoted(location) + ", allowed: a file path ("
                    + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + ")");
        }
    }

    /** A store setting without the store's file would be ignored: the user meant something else. */
    private void requireLocation(String locationKey, String key) {
        if (text(key) != null) {
            throw new IllegalArgumentException(key + " is set but " + locationKey + " is not");
        }
    }

    /** As Kafka's: {@code type=PEM} also goes with the inline PEM text instead of a file. */
    private void requireLocationUnlessInlinePem(String locationKey, String typeKey, String inlineKey) {
        String type = text(typeKey);
        if (type != null && !(type.trim().equalsIgnoreCase("PEM") && text(inlineKey) != null)) {
            throw new IllegalArgumentException(typeKey + " is set but " + locationKey + " is not"
                    + (text(inlineKey) != null ? " (with " + inlineKey + " the type is PEM)" : ""));
        }
    }

    private static SchemaRegistryConfig.CredentialsSource credentialsSource(String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        for (SchemaRegistryConfig.CredentialsSource source : SchemaRegistryConfig.CredentialsSource.values()) {
            if (source.name().equals(upper)) {
                return source;
            }
        }
        throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " was " + Redaction.quoted(value)
                + ", allowed: URL, USER_INFO" + (upper.equals("SASL_INHERIT") ? " (SASL_INHERIT is not supported)" : ""));
    }

    private static void checkBearerSource(String value) {
        if (!value.trim().equalsIgnoreCase("STATIC_TOKEN")) {
            throw new IllegalArgumentException(BEARER_AUTH_CREDENTIALS_SOURCE + " was " + Redaction.quoted(value)
                    + ", allowed: STATIC_TOKEN");
        }
    }

    private String text(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private void string(String key, Consumer<String> setter) {
        String value = text(key);
        if (value != null) {
            setter.accept(value);
        }
    }

    private void integer(String key, IntConsumer setter) {
        Object value = properties.get(key);
        if (value == null) {
            return;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            setter.accept(((Number) value).intValue());
            return;
        }
        long parsed = longValue(key, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " was " + Redaction.quoted(value) + ", allowed: an int");
        }
        setter.accept((int) parsed);
    }

    private void millis(String key, Consumer<Duration> setter) {
        Object value = properties.get(key);
        if (value != null) {
            setter.accept(Duration.ofMillis(longValue(key, value)));
        }
    }

    private void seconds(String key, Consumer<Duration> setter) {
        Object value = properties.get(key);
        if (value != null) {
            setter.accept(Duration.ofSeconds(longValue(key, value)));
        }
    }

    private static long longValue(String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            // not chained: the JDK's message quotes the raw value
            throw new IllegalArgumentException(key + " was " + Redaction.quoted(value) + ", allowed: a whole number");
        }
    }
}
