package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Faults of issue 10 on real brokers, judged by kafka-clients' consumer: 0 lost, 0 duplicated, order kept. */
class BrokerFaultsIT {

    @Test
    void aBrokerKilledWithSigkillMidStreamAndRestartedLosesNothing() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().childJvm().start()) {
            kafka.createTopic("crash", 2, 1);
            Map<String, Object> config = Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "linger.ms",
                    "2",
                    "request.timeout.ms",
                    "3000",
                    "retry.backoff.ms",
                    "50",
                    "reconnect.backoff.ms",
                    "50");
            int count = 6_000;
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < count; i++) {
                    futures.add(producer.send(new ProducerRecord<>("crash", "key-" + (i % 10), Integer.toString(i))));
                    if (i == count / 3) {
                        producer.flush();
                        kafka.killBroker(1);
                    }
                    if (i == 2 * count / 3) {
                        kafka.startBroker(1);
                    }
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }
            assertExactlyOnceInOrder(ConsumerOracle.readAll(kafka.bootstrapServers(), "crash", count), count);
        }
    }

    @Test
    void aNetworkBlackHoleTimesRequestsOutAndTheProducerRecoversWhenItHeals() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic("black-hole", 1, 1);
            Map<String, Object> config = Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "linger.ms",
                    "2",
                    "request.timeout.ms",
                    "1500",
                    "delivery.timeout.ms",
                    "60000",
                    "retry.backoff.ms",
                    "50",
                    "reconnect.backoff.ms",
                    "50");
            int count = 3_000;
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < count; i++) {
                    if (i == count / 3) {
                        producer.flush();
                        kafka.proxy(1).blackHole(true);
                    }
                    futures.add(
                            producer.send(new ProducerRecord<>("black-hole", "key-" + (i % 10), Integer.toString(i))));
                }
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> producer.metrics().getOrDefault("record-retry-total", 0.0) > 0);
                kafka.proxy(1).blackHole(false);
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(90, TimeUnit.SECONDS);
                }
            }
            assertExactlyOnceInOrder(ConsumerOracle.readAll(kafka.bootstrapServers(), "black-hole", count), count);
        }
    }

    private static void assertExactlyOnceInOrder(List<ConsumerRecord<byte[], byte[]>> records, int count) {
        assertThat(records).as("0 lost, 0 duplicated").hasSize(count);
        assertThat(records.stream()
                        .map(r -> Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)))
                        .distinct()
                        .count())
                .isEqualTo(count);
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int value = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
            Integer previous = lastPerKey.put(new String(record.key(), StandardCharsets.UTF_8), value);
            assertThat(previous == null || previous < value)
                    .as("order of key %s", new String(record.key(), StandardCharsets.UTF_8))
                    .isTrue();
        }
    }
}
