package dev.ferry.common.internal.config;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Who consumes a key that a component does not read itself: another Ferry component on the class
 * path (its {@link ConfigTableProvider}), or a Kafka or Confluent client the same properties are
 * commonly shared with. One map of properties often configures a producer, its serializers, their
 * registry client and a consumer at once, so such a key is no mistake; only a key nobody takes is.
 */
public final class KeyOwners {
    private static final String KAFKA_CLIENTS = "a Kafka consumer, admin or Streams client";
    private static final String CONFLUENT = "a Confluent serializer, interceptor or schema registry client";
    private static final List<String> KAFKA_CLIENT_KEYS = List.of(
            "group.id",
            "group.instance.id",
            "group.protocol",
            "key.deserializer",
            "value.deserializer",
            "auto.offset.reset",
            "enable.auto.commit",
            "auto.commit.interval.ms",
            "isolation.level",
            "max.poll.records",
            "max.poll.interval.ms",
            "session.timeout.ms",
            "heartbeat.interval.ms",
            "fetch.min.bytes",
            "fetch.max.bytes",
            "fetch.max.wait.ms",
            "max.partition.fetch.bytes",
            "partition.assignment.strategy",
            "client.rack",
            "allow.auto.create.topics",
            "exclude.internal.topics",
            "check.crcs",
            "default.api.timeout.ms",
            "application.id",
            "num.stream.threads",
            "processing.guarantee",
            "state.dir");
    private static final List<String> KAFKA_CLIENT_PREFIXES =
            List.of("consumer.", "admin.", "producer.", "main.consumer.", "restore.consumer.", "global.consumer.");
    private static final List<String> CONFLUENT_PREFIXES = List.of(
            "confluent.",
            "schema.registry.",
            "basic.auth.",
            "bearer.auth.",
            "avro.",
            "json.",
            "protobuf.",
            "specific.",
            "key.subject.",
            "value.subject.",
            "rule.");

    private KeyOwners() {}

    /** The tables of the Ferry components on the class path, in {@link ServiceLoader} order. */
    public static List<ConfigTable<?>> tables() {
        return Tables.ALL;
    }

    /**
     * What consumes the key besides the component whose table is {@code self}: another Ferry
     * component, a Kafka client or Confluent's serdes; empty when nobody is known to.
     */
    public static Optional<String> ownerOf(String key, ConfigTable<?> self) {
        return ownerOf(key, self.component());
    }

    /** Like {@link #ownerOf(String, ConfigTable)}, for a component named {@code self}. */
    public static Optional<String> ownerOf(String key, String self) {
        for (ConfigTable<?> table : Tables.ALL) {
            if (!table.component().equals(self) && table.knows(key)) {
                return Optional.of(table.component());
            }
        }
        if (KAFKA_CLIENT_KEYS.contains(key) || KAFKA_CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.of(KAFKA_CLIENTS);
        }
        if (CONFLUENT_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.of(CONFLUENT);
        }
        return Optional.empty();
    }

    /** Loaded once, on first use: the class path does not change. */
    private static final class Tables {
        static final List<ConfigTable<?>> ALL =
                ServiceLoader.load(ConfigTableProvider.class, KeyOwners.class.getClassLoader()).stream()
                        .map(provider -> provider.get().table())
                        .<ConfigTable<?>>map(table -> table)
                        .toList();
    }
}
