package dev.ferry.serdes.internal.config;

import dev.ferry.registry.SchemaType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings Confluent's serializers and deserializers read that Ferry's do not implement, by the
 * format whose serdes read them. A properties file written for Confluent's serdes may carry them:
 * they have no effect here, which is worth a warning rather than silence, since each changes what
 * Confluent's serdes write, read or ask the registry. {@code ConfluentSerdeOnlyKeysTest} holds the
 * list to the key names of Confluent's serde config classes.
 */
public final class ConfluentSerdeOnlyKeys {
    private static final Set<String> EVERY_FORMAT = Set.of(
            "context.name.strategy",
            "execution.environment",
            "propagate.schema.tags",
            "rule.actions",
            "rule.executors",
            "rule.metrics.enable",
            "rule.service.loader.enable",
            "schema.format",
            "schema.reflection",
            "use.latest.with.metadata",
            "use.schema.guid",
            "validation.rules.execution",
            "validation.rules.executor.class",
            "validation.rules.fail.fast");
    /** Each rule executor's and action's own settings: {@code rule.executors.<name>.param.<key>}, ... */
    private static final List<String> EVERY_FORMAT_PREFIXES = List.of("rule.executors.", "rule.actions.");

    private static final Map<SchemaType, Set<String>> BY_FORMAT = Map.of(
            SchemaType.AVRO,
            Set.of("avro.fail.on.trailing.data", "avro.reflection.allow.null"),
            SchemaType.JSON,
            Set.of(
                    "json.default.property.inclusion",
                    "json.fail.invalid.schema",
                    "json.oneof.for.nullables",
                    "json.schema.scan.packages",
                    "json.validate.before.domain.rules"),
            SchemaType.PROTOBUF,
            Set.of("derive.type", "reference.lookup.only"));

    private ConfluentSerdeOnlyKeys() {}

    /** Whether Confluent's serdes of {@code format} read {@code key} and Ferry's do not. */
    public static boolean contains(SchemaType format, String key) {
        return EVERY_FORMAT.contains(key)
                || EVERY_FORMAT_PREFIXES.stream().anyMatch(key::startsWith)
                || BY_FORMAT.getOrDefault(format, Set.of()).contains(key);
    }

    /** Those of {@code keys} that are such settings, sorted. */
    public static Set<String> among(SchemaType format, Collection<String> keys) {
        Set<String> found = new TreeSet<>();
        for (String key : keys) {
            if (contains(format, key)) {
                found.add(key);
            }
        }
        return found;
    }
}
