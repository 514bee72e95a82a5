package dev.ferry.producer;

import static dev.ferry.producer.ItSetup.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * metadata.recovery.strategy=rebootstrap (the default), against kafka-clients on the same brokers: the
 * address in bootstrap.servers (here a forwarder, as a DNS name or a load balancer) is moved from one
 * cluster to another, and the first cluster goes away. Every broker the producers know is gone; a
 * producer that only retried them would hold its records until delivery.timeout.ms. Both
 * rebootstrap through the moved address and deliver to the new cluster.
 */
class RebootstrapIT {
    private static final String TOPIC = "moving";

    @Test
    void whenEveryKnownBrokerIsGoneTheProducerStartsAgainFromBootstrapServers() throws Exception {
        try (KafkaCluster next = ItSetup.clusterWithOnly(topic(TOPIC, 1));
                KafkaCluster first = ItSetup.clusterWithOnly(topic(TOPIC, 1))) {
            try (MovableForwarder bootstrap = new MovableForwarder(first.bootstrapServers());
                    FerryProducer<String, String> ferry = new FerryProducer<>(
                            config(bootstrap.address(), "ferry"), new StringSerializer(), new StringSerializer());
                    KafkaProducer<String, String> kafkaClients = new KafkaProducer<>(
                            config(bootstrap.address(), "kafka-clients"),
                            new org.apache.kafka.common.serialization.StringSerializer(),
                            new org.apache.kafka.common.serialization.StringSerializer())) {
                ferry.send(new ProducerRecord<>(TOPIC, "ferry", "before")).get(30, TimeUnit.SECONDS);
                kafkaClients
                        .send(new org.apache.kafka.clients.producer.ProducerRecord<>(TOPIC, "kafka-clients", "before"))
                        .get(30, TimeUnit.SECONDS);

                bootstrap.moveTo(next.bootstrapServers());
                first.close(); // again at the end, which does nothing

                Future<RecordMetadata> ferryAfter = ferry.send(new ProducerRecord<>(TOPIC, "ferry", "after"));
                Future<org.apache.kafka.clients.producer.RecordMetadata> kafkaClientsAfter = kafkaClients.send(
                        new org.apache.kafka.clients.producer.ProducerRecord<>(TOPIC, "kafka-clients", "after"));
                assertThat(kafkaClientsAfter.get(60, TimeUnit.SECONDS).offset())
                        .as("kafka-clients' record, the first in the new cluster's log or the second")
                        .isBetween(0L, 1L);
                assertThat(ferryAfter.get(60, TimeUnit.SECONDS).offset()).isBetween(0L, 1L);
            }
            List<ConsumerRecord<byte[], byte[]>> log = ConsumerOracle.readAll(next.bootstrapServers(), TOPIC, 2);
            assertThat(log)
                    .extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + "="
                            + new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("ferry=after", "kafka-clients=after");
        }
    }

    /** metadata.recovery.strategy=none: the producer keeps trying the brokers it knows, and the record expires. */
    @Test
    void withoutRecoveryTheProducerKeepsTryingTheBrokersItKnew() throws Exception {
        try (KafkaCluster next = ItSetup.clusterWithOnly(topic(TOPIC, 1));
                KafkaCluster first = ItSetup.clusterWithOnly(topic(TOPIC, 1));
                MovableForwarder bootstrap = new MovableForwarder(first.bootstrapServers())) {
            Map<String, Object> config = config(bootstrap.address(), "ferry-none");
            config.put("metadata.recovery.strategy", "none");
            config.put("request.timeout.ms", "2000");
            config.put("delivery.timeout.ms", "4000");
            try (FerryProducer<String, String> ferry =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                ferry.send(new ProducerRecord<>(TOPIC, "ferry", "before")).get(30, TimeUnit.SECONDS);

                bootstrap.moveTo(next.bootstrapServers());
                first.close(); // again at the end, which does nothing

                Future<RecordMetadata> after = ferry.send(new ProducerRecord<>(TOPIC, "ferry", "after"));
                assertThatThrownBy(() -> after.get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("delivery.timeout.ms");
            }
            assertThat(ConsumerOracle.readToEnd(next.bootstrapServers(), TOPIC)).isEmpty();
        }
    }

    /** Reconnects within 200 ms, so both find every known broker unavailable soon after the move. */
    private static Map<String, Object> config(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", clientId);
        config.put("reconnect.backoff.ms", "50");
        config.put("reconnect.backoff.max.ms", "200");
        config.put("request.timeout.ms", "5000");
        config.put("delivery.timeout.ms", "60000");
        return config;
    }
}
