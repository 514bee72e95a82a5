package dev.ferry.producer.internal.config;

import java.util.List;
import java.util.Set;

/**
 * The settings kafka-clients' producer (4.4) reads that Ferry's producer does not implement. A
 * properties file written for kafka-clients may carry them: they have no effect here, which is worth
 * saying in those words rather than calling them unknown. {@code KafkaProducerOnlyKeysTest} holds the
 * list to kafka-clients' own {@code ProducerConfig}.
 */
final class KafkaProducerOnlyKeys {
    private static final Set<String> KEYS = Set.of(
            "bootstrap.resolve.timeout.ms",
            "buffer.memory.allocation.strategy",
            "config.providers",
            "enable.metrics.push",
            "metadata.cluster.check.enable",
            "metrics.num.samples",
            "metrics.recording.level",
            "metrics.sample.window.ms",
            "partitioner.rack.aware",
            "sasl.client.callback.handler.class",
            "security.providers",
            "ssl.engine.factory.class",
            "ssl.provider",
            "ssl.secure.random.implementation",
            "transaction.two.phase.commit.enable");
    /** Kerberos (GSSAPI), login modules and OAuth: Ferry's SASL is PLAIN and SCRAM. */
    private static final List<String> PREFIXES = List.of("sasl.kerberos.", "sasl.login.", "sasl.oauthbearer.");

    private KafkaProducerOnlyKeys() {}

    static boolean contains(String key) {
        return KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }
}
