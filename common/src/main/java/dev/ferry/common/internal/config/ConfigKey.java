package dev.ferry.common.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of a {@link ConfigTable}: a key with its type, default, validator, documentation, secret
 * flag and Kafka/Confluent aliases, and how a builder {@code B} takes the value ({@code setter}) and
 * gives it back in property form ({@code getter}, null when unset).
 *
 * @param defaultValue the value a new builder gets, in property form; null: none
 * @param defaultDoc   the default as the documentation names it when it is not a value ("required")
 * @param validator    what a parsed value must satisfy, as "must be ..."; null when it does
 */
public record ConfigKey<B, T>(
        String name,
        ConfigType<T> type,
        List<String> aliases,
        T defaultValue,
        String defaultDoc,
        String doc,
        boolean secret,
        Function<T, String> validator,
        BiConsumer<B, T> setter,
        Function<B, T> getter) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(setter, name);
        Objects.requireNonNull(getter, name);
    }

    /** A key without default, documentation or validation yet; the {@code with...} methods add them. */
    public static <B, T> ConfigKey<B, T> of(
            String name, ConfigType<T> type, BiConsumer<B, T> setter, Function<B, T> getter) {
        return new ConfigKey<>(name, type, List.of(), null, null, "", false, value -> null, setter, getter);
    }

    public ConfigKey<B, T> withDefault(T value) {
        return new ConfigKey<>(name, type, aliases, value, defaultDoc, doc, secret, validator, setter, getter);
    }

    /** The default as the documentation names it, for keys whose default is not a value. */
    public ConfigKey<B, T> withDefaultDoc(String text) {
        return new ConfigKey<>(name, type, aliases, defaultValue, text, doc, secret, validator, setter, getter);
    }

    public ConfigKey<B, T> withDoc(String text) {
        return new ConfigKey<>(name, type, aliases, defaultValue, defaultDoc, text, secret, validator, setter, getter);
    }

    public ConfigKey<B, T> withAliases(String... names) {
        return new ConfigKey<>(
                name, type, List.of(names), defaultValue, defaultDoc, doc, secret, validator, setter, getter);
    }

    public ConfigKey<B, T> asSecret() {
        return new ConfigKey<>(name, type, aliases, defaultValue, defaultDoc, doc, true, validator, setter, getter);
    }

    /** @param rule null when the value is allowed, else what is allowed ("must be at least 1") */
    public ConfigKey<B, T> validatedBy(Function<T, String> rule) {
        return new ConfigKey<>(name, type, aliases, defaultValue, defaultDoc, doc, secret, rule, setter, getter);
    }

    /**
     * The same row for a builder {@code A} that holds a {@code B} (a part of a larger configuration,
     * whose table then lists this row too).
     */
    public <A> ConfigKey<A, T> lift(Function<A, B> part) {
        return new ConfigKey<>(
                name,
                type,
                aliases,
                defaultValue,
                defaultDoc,
                doc,
                secret,
                validator,
                (a, v) -> setter.accept(part.apply(a), v),
                a -> getter.apply(part.apply(a)));
    }

    /**
     * The value if the validator allows it.
     *
     * @throws ConfigException naming the key, the value (hidden when secret) and what is allowed
     */
    public T check(T value) {
        String problem = validator.apply(value);
        if (problem != null) {
            throw refused(value, problem);
        }
        return value;
    }

    /**
     * The refusal of a value, by the validator or by a rule between keys: names the key, the value as
     * the type shows it (hidden when secret) and what is allowed.
     */
    public ConfigException refused(Object value, String allowed) {
        return new ConfigException(
                name,
                secret && value != null
                        ? new Password(String.valueOf(value))
                        : type.shown().apply(value),
                allowed);
    }

    /** Parses a property value, validates it and hands it to the builder. */
    void apply(B builder, Object value) {
        T parsed = type.parse(name, value);
        String problem = validator.apply(parsed);
        if (problem != null) {
            throw refused(value, problem);
        }
        setter.accept(builder, parsed);
    }

    /** The default column of the documentation. */
    String documentedDefault() {
        if (defaultDoc != null) {
            return defaultDoc;
        }
        if (defaultValue == null) {
            return "none";
        }
        if (defaultValue instanceof List<?> items) {
            return items.isEmpty()
                    ? "empty"
                    : String.join(",", items.stream().map(String::valueOf).toList());
        }
        return String.valueOf(defaultValue);
    }
}
