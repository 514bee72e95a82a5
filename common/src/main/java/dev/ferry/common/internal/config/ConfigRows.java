package dev.ferry.common.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The shapes of row the key tables repeat (a boolean with its default, a number with a lower bound or
 * a range, a duration in a unit, a store type, an inline PEM block, a class of a role), each made once
 * so a table row says only what differs: name, default, bounds, field. The rows still take
 * {@code withDoc}, {@code asSecret} and the other {@link ConfigKey} refinements.
 */
public final class ConfigRows {
    /** The store types Ferry's TLS loader reads. */
    public static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");

    private ConfigRows() {}

    /** A boolean with its default. */
    public static <B> ConfigKey<B, Boolean> bool(
            ConfigType<Boolean> type,
            String key,
            boolean defaultValue,
            BiConsumer<B, Boolean> setter,
            Function<B, Boolean> getter) {
        return ConfigKey.of(key, type, setter, getter).withDefault(defaultValue);
    }

    /** An int with its default and lower bound ("must be at least min"). */
    public static <B> ConfigKey<B, Integer> atLeast(
            ConfigType<Integer> type,
            String key,
            int defaultValue,
            int min,
            BiConsumer<B, Integer> setter,
            Function<B, Integer> getter) {
        return ConfigKey.of(key, type, setter, getter)
                .withDefault(defaultValue)
                .validatedBy(v -> v < min ? "must be at least " + min : null);
    }

    /** A long with its default and lower bound ("must be at least min"). */
    public static <B> ConfigKey<B, Long> atLeastLong(
            ConfigType<Long> type,
            String key,
            long defaultValue,
            long min,
            BiConsumer<B, Long> setter,
            Function<B, Long> getter) {
        return ConfigKey.of(key, type, setter, getter)
                .withDefault(defaultValue)
                .validatedBy(v -> v < min ? "must be at least " + min : null);
    }

    /** An int with its default and range ("must be between min and max"). */
    public static <B> ConfigKey<B, Integer> between(
            ConfigType<Integer> type,
            String key,
            int defaultValue,
            int min,
            int max,
            BiConsumer<B, Integer> setter,
            Function<B, Integer> getter) {
        return ConfigKey.of(key, type, setter, getter)
                .withDefault(defaultValue)
                .validatedBy(v -> v < min || v > max ? "must be between " + min + " and " + max : null);
    }

    /** A duration in whole milliseconds, with its default and lower bound. */
    public static <B> ConfigKey<B, Duration> millis(
            String key,
            long defaultMillis,
            long minMillis,
            BiConsumer<B, Duration> setter,
            Function<B, Duration> getter) {
        return ConfigKey.of(key, duration(Duration::ofMillis), setter, getter)
                .withDefault(Duration.ofMillis(defaultMillis))
                .withDefaultDoc(String.valueOf(defaultMillis))
                .validatedBy(v -> v.toMillis() < minMillis ? "must be at least " + minMillis + " ms" : null);
    }

    /** A duration in whole seconds, 0 by default, not negative. */
    public static <B> ConfigKey<B, Duration> seconds(
            String key, BiConsumer<B, Duration> setter, Function<B, Duration> getter) {
        return ConfigKey.of(key, duration(Duration::ofSeconds), setter, getter)
                .withDefault(Duration.ZERO)
                .withDefaultDoc("0")
                .validatedBy(v -> v.isNegative() ? "must be at least 0 s" : null);
    }

    /** Durations from whole numbers in the key's unit, or a {@code Duration} as it is. */
    public static ConfigType<Duration> duration(LongFunction<Duration> unit) {
        return new ConfigType<>(
                "long",
                value -> value instanceof Duration d
                        ? d
                        : unit.apply(ConfigType.LONG.parse().apply(value)));
    }

    /** One of {@link #STORE_TYPES}, in any case; the setter receives it upper-cased. */
    public static <B> ConfigKey<B, String> storeType(
            String key, BiConsumer<B, String> setter, Function<B, String> getter) {
        return ConfigKey.of(key, ConfigType.STRING, (B s, String v) -> setter.accept(s, upper(v)), getter)
                .validatedBy(v ->
                        STORE_TYPES.contains(upper(v)) ? null : "must be one of " + String.join(", ", STORE_TYPES));
    }

    /** Inline PEM text, as a string, with a {@code -----BEGIN <label>} block. */
    public static <B> ConfigKey<B, String> pem(
            String key, String label, BiConsumer<B, String> setter, Function<B, String> getter) {
        return pem(key, ConfigType.STRING, label, v -> v, setter, getter);
    }

    /**
     * Inline PEM text with a {@code -----BEGIN <label>} block. Only whether it is PEM at all
     * (ENCRYPTED PRIVATE KEY has the label too): the TLS loader tells what is wrong with a block.
     */
    public static <B, T> ConfigKey<B, T> pem(
            String key,
            ConfigType<T> type,
            String label,
            Function<T, String> text,
            BiConsumer<B, T> setter,
            Function<B, T> getter) {
        return ConfigKey.of(key, type, setter, getter).validatedBy(v -> {
            String pem = text.apply(v);
            return pem.contains("-----BEGIN ") && pem.contains(label + "-----")
                    ? null
                    : "must be PEM text with a '-----BEGIN " + label + "' block";
        });
    }

    /** A class that must be a {@code role} ("must be a class implementing ..."). */
    public static <B> ConfigKey<B, Class<?>> classOf(
            ConfigType<Class<?>> type,
            String key,
            Class<?> role,
            BiConsumer<B, Class<?>> setter,
            Function<B, Class<?>> getter) {
        return ConfigKey.of(key, type, setter, getter)
                .validatedBy(c -> role.isAssignableFrom(c) ? null : "must be a class implementing " + role.getName());
    }

    /**
     * Parses an enum constant given as itself or by its name in any case. {@code refusal} gets the
     * text and says what is allowed, so it may add why a value known elsewhere (a Confluent option
     * Ferry lacks) is not.
     */
    public static <E extends Enum<E>> Function<Object, E> named(Class<E> type, Function<String, String> refusal) {
        return named(type, constant -> List.of(constant.name()), String::equalsIgnoreCase, refusal);
    }

    /**
     * Parses an enum constant given as itself or by one of its names exactly, as a class name is
     * ({@code Class} values by their name).
     */
    public static <E extends Enum<E>> Function<Object, E> named(
            Class<E> type, Function<E, List<String>> names, Function<String, String> refusal) {
        return named(type, names, String::equals, refusal);
    }

    private static <E extends Enum<E>> Function<Object, E> named(
            Class<E> type,
            Function<E, List<String>> names,
            BiPredicate<String, String> same,
            Function<String, String> refusal) {
        return value -> {
            if (type.isInstance(value)) {
                return type.cast(value);
            }
            String text = value instanceof Class<?> c
                    ? c.getName()
                    : String.valueOf(value).trim();
            for (E constant : type.getEnumConstants()) {
                if (names.apply(constant).stream().anyMatch(name -> same.test(name, text))) {
                    return constant;
                }
            }
            throw new ConfigType.Invalid(refusal.apply(text));
        };
    }

    private static String upper(String value) {
        return value.trim().toUpperCase(Locale.ROOT);
    }
}
