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
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Faults of issue 10 on real brokers, judged by kafka-clients' consumer: 0 lost, 0 duplicated, order kept. */
class BrokerFaultsIT {

    @Test
    void aBrokerKilledWithSigkillMidStreamAndRestartedLosesNothing() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().childJvm().start()) {
            kafka.createTopic("crash", 2, 1);
            int count = 6_000;
            try (FerryProducer<String, String> producer = producer(kafka, Map.of("request.timeout.ms", "3000"))) {
                // the broker dies once a third is sent and comes back after two thirds
                List<CompletableFuture<RecordMetadata>> futures = send(producer, "crash", count, i -> {
                    if (i == count / 3 + 1) {
                        producer.flush();
                        kafka.killBroker(1);
                    }
                    if (i == 2 * count / 3 + 1) {
                        kafka.startBroker(1);
                    }
                });
                awaitAll(futures, 120);
            }
            assertExactlyOnceInOrder(ConsumerOracle.readAll(kafka.bootstrapServers(), "crash", count), count);
        }
    }

    @Test
    void aNetworkBlackHoleTimesRequestsOutAndTheProducerRecoversWhenItHeals() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic("black-hole", 1, 1);
            int count = 3_000;
            try (FerryProducer<String, String> producer =
                    producer(kafka, Map.of("request.timeout.ms", "1500", "delivery.timeout.ms", "60000"))) {
                List<CompletableFuture<RecordMetadata>> futures = send(producer, "black-hole", count, i -> {
                    if (i == count / 3) {
                        producer.flush();
                        kafka.proxy(1).blackHole(true);
                    }
                });
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> producer.metrics().getOrDefault("record-retry-total", 0.0) > 0);
                kafka.proxy(1).blackHole(false);
                awaitAll(futures, 90);
            }
            assertExactlyOnceInOrder(ConsumerOracle.readAll(kafka.bootstrapServers(), "black-hole", count), count);
        }
    }

    /** A producer that retries and reconnects every 50 ms, so recovering from a fault fits the test's time. */
    private static FerryProducer<String, String> producer(KafkaCluster kafka, Map<String, String> timeouts) {
        Map<String, Object> config = new HashMap<>(Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "linger.ms",
                "2",
                "retry.backoff.ms",
                "50",
                "reconnect.backoff.ms",
                "50"));
        config.putAll(timeouts);
        return new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends the values 0 to count - 1 under ten keys, calling {@code beforeSend} with each index first. */
    private static List<CompletableFuture<RecordMetadata>> send(
            FerryProducer<String, String> producer, String topic, int count, IntConsumer beforeSend) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            beforeSend.accept(i);
            futures.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 10), Integer.toString(i))));
        }
        return futures;
    }

    private static void awaitAll(List<CompletableFuture<RecordMetadata>> futures, long seconds) throws Exception {
        for (CompletableFuture<RecordMetadata> future : futures) {
            future.get(seconds, TimeUnit.SECONDS);
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
