package dev.ferry.producer.internal.config;

import dev.ferry.common.internal.Redaction;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An unmodifiable configuration map whose {@code toString()} shows each value as {@link Redaction}
 * does: hidden for keys that name a secret and for the headers of {@code request.header.*} (API keys
 * travel there), with the user info of every URL ({@code schema.registry.url=https://user:password@host})
 * hidden. Plugins receive keys the producer does not know (e.g. {@code basic.auth.user.info},
 * {@code bearer.auth.token}) as plain strings, so a plugin or an application logging the map it was
 * configured with must not print them. Lookups, iteration and equality see the real values.
 */
public final class SecretMaskingMap extends AbstractMap<String, Object> {
    private final Map<String, Object> values;

    private SecretMaskingMap(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Map<String, Object> of(Map<String, Object> values) {
        return new SecretMaskingMap(values);
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
                .map(e -> e.getKey() + "=" + Redaction.value(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
