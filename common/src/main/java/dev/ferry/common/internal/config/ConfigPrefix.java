package dev.ferry.common.internal.config;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A family of keys sharing a prefix, such as {@code request.header.<name>}: the builder takes each
 * (name after the prefix, value) and gives them all back.
 */
public record ConfigPrefix<B>(
        String prefix, String doc, boolean secret, Setter<B> setter, Function<B, Map<String, String>> getter) {

    public ConfigPrefix {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(setter, prefix);
        Objects.requireNonNull(getter, prefix);
    }

    /** Hands one key of the family to the builder. */
    @FunctionalInterface
    public interface Setter<B> {
        void set(B builder, String suffix, String value);
    }

    boolean matches(String key) {
        return key.startsWith(prefix) && key.length() > prefix.length();
    }
}
