package dev.ferry.producer;

import dev.ferry.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** Set-ups that broker-backed tests share. */
final class ItSetup {
    private ItSetup() {}

    /**
     * A producer that rides out a broker restart: {@code send()} and the transactional calls wait up
     * to a minute, requests time out after 5 s, retries and reconnects come quickly.
     */
    static final Map<String, String> RIDES_OUT_A_RESTART = Map.of(
            "max.block.ms", "60000",
            "request.timeout.ms", "5000",
            "retry.backoff.ms", "50",
            "reconnect.backoff.ms", "50");

    /** What {@link #idempotentQuickToRetry} sets apart from the addresses and timeouts. */
    private static final Map<String, String> IDEMPOTENT_QUICK_TO_RETRY = Map.of(
            "enable.idempotence", "true",
            "acks", "all",
            "max.in.flight.requests.per.connection", "5",
            "linger.ms", "0",
            "retry.backoff.ms", "20",
            "reconnect.backoff.ms", "20",
            "reconnect.backoff.max.ms", "100");

    /**
     * An idempotent producer (acks=all, five requests in flight, no linger) that retries and
     * reconnects within milliseconds, for tests that cut or hold its connections with a fault proxy.
     * The map is the caller's to add keys to.
     */
    static Map<String, Object> idempotentQuickToRetry(
            String bootstrapServers, long requestTimeoutMs, long deliveryTimeoutMs) {
        Map<String, Object> config = new HashMap<>(IDEMPOTENT_QUICK_TO_RETRY);
        config.put("bootstrap.servers", bootstrapServers);
        config.put("request.timeout.ms", Long.toString(requestTimeoutMs));
        config.put("delivery.timeout.ms", Long.toString(deliveryTimeoutMs));
        return config;
    }

    /**
     * A transactional producer (no linger) that reconnects within milliseconds, for tests that cut
     * its connections with a fault proxy while a transactional call waits. The map is the caller's to
     * add keys to.
     */
    static Map<String, Object> transactionalQuickToReconnect(
            String bootstrapServers, String transactionalId, long requestTimeoutMs) {
        return config(
                Map.of("bootstrap.servers", bootstrapServers, "transactional.id", transactionalId),
                "linger.ms",
                "0",
                "request.timeout.ms",
                Long.toString(requestTimeoutMs),
                "reconnect.backoff.ms",
                "20",
                "reconnect.backoff.max.ms",
                "100");
    }

    /**
     * A broker that creates no topic on its own, so a test sending to a missing topic sees it
     * missing, with the given topics created.
     */
    static KafkaCluster clusterWithOnly(NewTopic... topics) {
        KafkaCluster kafka = KafkaCluster.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .start();
        try {
            for (NewTopic topic : topics) {
                kafka.createTopic(topic);
            }
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Three brokers that acknowledge acks=all with two replicas in sync, so one of them may fail. */
    static KafkaCluster.Builder threeBrokersTwoInSync() {
        return KafkaCluster.builder().brokers(3).brokerProperty("min.insync.replicas", "2");
    }

    static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 1);
    }

    /** {@code base} with the given keys and values added, in order; a later value wins. */
    static Map<String, Object> config(Map<String, ?> base, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up, got " + keysAndValues.length);
        }
        Map<String, Object> config = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }
}
