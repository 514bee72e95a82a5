package dev.ferry.producer.internal.config;

import dev.ferry.producer.Password;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An unmodifiable configuration map whose {@code toString()} hides the values of keys that name a
 * secret, the headers of {@code request.header.*} (API keys travel there) and the user info of every
 * URL ({@code schema.registry.url=https://user:password@host}). Plugins receive keys the producer
 * does not know (e.g. {@code basic.auth.user.info}, {@code bearer.auth.token}) as plain strings, so
 * a plugin or an application logging the map it was configured with must not print them. Lookups,
 * iteration and equality see the real values.
 */
public final class SecretMaskingMap extends AbstractMap<String, Object> {
    private static final String[] SECRET_MARKERS = {"password", "secret", "token", "user.info", "jaas", "private"};
    private static final String REQUEST_HEADER_PREFIX = "request.header.";
    /** A URL's user info, up to the last '@' of the URL: a password may hold '/' or '@'. */
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^,\\s]*@");

    private final Map<String, Object> values;

    private SecretMaskingMap(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Map<String, Object> of(Map<String, Object> values) {
        return new SecretMaskingMap(values);
    }

    /** Whether a key's value is treated as a secret when printed. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".key") || lower.startsWith(REQUEST_HEADER_PREFIX)) {
            return true;
        }
        for (String marker : SECRET_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + printable(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static Object printable(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return Password.HIDDEN;
        }
        return URL_USER_INFO.matcher(String.valueOf(value)).replaceAll("$1" + Password.HIDDEN + "@");
    }
}
