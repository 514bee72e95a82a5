package dev.ferry.common.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys of one component's configuration, one {@link ConfigKey} row each, in the order they are
 * applied (a key whose setter depends on another comes after it). Reading properties, defaults,
 * copying a builder, the masked view, the unknown keys and the documentation are loops over the
 * rows. Immutable and thread-safe.
 *
 * @param component what consumes these keys, as a log line names it ("the schema registry client")
 */
public record ConfigTable<B>(String component, List<ConfigKey<B, ?>> keys, List<ConfigPrefix<B>> prefixes) {

    public ConfigTable {
        keys = List.copyOf(keys);
        prefixes = List.copyOf(prefixes);
        Set<String> names = new TreeSet<>();
        for (ConfigKey<B, ?> key : keys) {
            for (String name : names(key)) {
                if (!names.add(name)) {
                    throw new IllegalArgumentException(component + " declares " + name + " twice");
                }
            }
        }
    }

    /** The row of a key or alias. */
    public ConfigKey<B, ?> key(String name) {
        for (ConfigKey<B, ?> key : keys) {
            if (names(key).contains(name)) {
                return key;
            }
        }
        throw new IllegalArgumentException(component + " has no key " + name);
    }

    /**
     * The value if the key's validator allows it; what a typed setter calls, so that properties and
     * the builder reject a value with the same message.
     */
    @SuppressWarnings("unchecked")
    public <T> T check(String name, T value) {
        return ((ConfigKey<B, T>) key(name)).check(value);
    }

    /**
     * A value a rule between keys refuses, in the table's one style ({@link ConfigKey#refused}); the
     * caller throws it. A key of a prefix family is refused the same way, its value hidden when the
     * family is secret.
     */
    public ConfigException refused(String name, Object value, String allowed) {
        for (ConfigKey<B, ?> key : keys) {
            if (names(key).contains(name)) {
                return key.refused(value, allowed);
            }
        }
        for (ConfigPrefix<B> prefix : prefixes) {
            if (name.startsWith(prefix.prefix())) {
                return new ConfigException(
                        name, prefix.secret() && value != null ? new Password(String.valueOf(value)) : value, allowed);
            }
        }
        throw new IllegalArgumentException(component + " has no key " + name);
    }

    /**
     * Checks the value as {@link #check} does and hands it to the builder through the key's row: what a
     * typed setter calls when the row's setter does more than store the value.
     *
     * @throws NullPointerException naming the key when the value is null
     */
    @SuppressWarnings("unchecked")
    public <T> void set(B builder, String name, T value) {
        ConfigKey<B, T> key = (ConfigKey<B, T>) key(name);
        key.setter().accept(builder, key.check(Objects.requireNonNull(value, name)));
    }

    /** Gives a new builder every default. */
    public B applyDefaults(B builder) {
        for (ConfigKey<B, ?> key : keys) {
            applyDefault(key, builder);
        }
        return builder;
    }

    /**
     * Applies every key of the table found in the properties (by name, else by its first alias
     * present), in table order.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     */
    public B apply(Map<String, ?> properties, B builder) {
        for (ConfigKey<B, ?> key : keys) {
            for (String name : names(key)) {
                Object value = properties.get(name);
                if (value != null) {
                    key.apply(builder, value);
                    break;
                }
            }
        }
        for (ConfigPrefix<B> prefix : prefixes) {
            for (Map.Entry<String, ?> entry : properties.entrySet()) {
                if (prefix.matches(entry.getKey()) && entry.getValue() != null) {
                    prefix.setter()
                            .set(
                                    builder,
                                    entry.getKey().substring(prefix.prefix().length()),
                                    String.valueOf(entry.getValue()));
                }
            }
        }
        return builder;
    }

    /** Copies every set value of {@code from} into {@code to}, through the setters. */
    public B copy(B from, B to) {
        return apply(values(from), to);
    }

    /** Every set value of the builder in property form, keyed by name, in table order. */
    public Map<String, Object> values(B builder) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey<B, ?> key : keys) {
            Object value = key.getter().apply(builder);
            if (value != null) {
                values.put(key.name(), value);
            }
        }
        for (ConfigPrefix<B> prefix : prefixes) {
            prefix.getter().apply(builder).forEach((suffix, value) -> values.put(prefix.prefix() + suffix, value));
        }
        return Collections.unmodifiableMap(values);
    }

    /** Whether the key is a secret of this table: a secret row, or a key of a secret prefix. */
    public boolean isSecret(String name) {
        for (ConfigKey<B, ?> key : keys) {
            if (names(key).contains(name)) {
                return key.secret();
            }
        }
        return prefixes.stream().anyMatch(prefix -> prefix.secret() && prefix.matches(name));
    }

    /** Values as a {@code toString()} shows them: secrets hidden, other values as {@code Redaction} shows them. */
    public String describe(Map<String, ?> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + (isSecret(e.getKey()) ? Password.HIDDEN : ConfigType.text(e.getKey(), e.getValue())))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** Whether the key is a name, an alias or in a prefix family of this table. */
    public boolean knows(String name) {
        return keys.stream().anyMatch(key -> names(key).contains(name))
                || prefixes.stream().anyMatch(prefix -> prefix.matches(name));
    }

    /** The keys of the properties this table does not know, sorted. */
    public Set<String> unknownKeys(Map<String, ?> properties) {
        Set<String> unknown = new TreeSet<>();
        for (String name : properties.keySet()) {
            if (!knows(name)) {
                unknown.add(name);
            }
        }
        return Collections.unmodifiableSet(unknown);
    }

    /** The documentation: a Markdown table of key, default and meaning, one row per key, in table order. */
    public String markdown() {
        StringBuilder out = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
        for (ConfigKey<B, ?> key : keys) {
            String name = "`" + key.name() + "`"
                    + key.aliases().stream()
                            .map(alias -> " (also `" + alias + "`)")
                            .collect(Collectors.joining());
            out.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(cell(key.documentedDefault()))
                    .append(" | ")
                    .append(cell(key.doc()))
                    .append(key.secret() ? " A secret: never shown." : "")
                    .append(" |\n");
        }
        for (ConfigPrefix<B> prefix : prefixes) {
            out.append("| `")
                    .append(prefix.prefix())
                    .append("<name>` | none | ")
                    .append(cell(prefix.doc()))
                    .append(prefix.secret() ? " A secret: never shown." : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    private static List<String> names(ConfigKey<?, ?> key) {
        List<String> names = new ArrayList<>();
        names.add(key.name());
        names.addAll(key.aliases());
        return names;
    }

    private static <B, T> void applyDefault(ConfigKey<B, T> key, B builder) {
        if (key.defaultValue() != null) {
            key.setter().accept(builder, key.defaultValue());
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
