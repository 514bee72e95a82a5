package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * close() while another thread's commit waits for the coordinator. kafka-clients' close lets a
 * commit or abort under way end before its I/O thread stops; Ferry's stopped at once, and the
 * commit waited until max.block.ms and failed (found by the simulator once its user closed during
 * a commit). The broker is out of reach when EndTxn goes out, so the commit is certainly under way
 * when close() is called.
 */
class TransactionalCloseIT {
    private static final String TOPIC = "txn-close";

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void closeLetsACommitUnderWayEnd(int transactionVersion) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .proxied()
                .transactionVersion(transactionVersion)
                .start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FerryProducer<String, String> producer = new FerryProducer<>(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "transactional.id",
                            "closing-" + transactionVersion,
                            "linger.ms",
                            "0",
                            "request.timeout.ms",
                            "1000",
                            "max.block.ms",
                            "60000",
                            "reconnect.backoff.ms",
                            "20",
                            "reconnect.backoff.max.ms",
                            "100"),
                    new StringSerializer(),
                    new StringSerializer());
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "k", "committed-while-closing"))
                    .get(30, TimeUnit.SECONDS);
            double requestsBefore = producer.metrics().get("request-total");

            kafka.proxy(1).blackHole(true);
            CompletableFuture<Void> commit = CompletableFuture.runAsync(producer::commitTransaction);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> producer.metrics().get("request-total") > requestsBefore);
            CompletableFuture<Void> close = CompletableFuture.runAsync(() -> producer.close(Duration.ofSeconds(45)));
            Awaitility.await()
                    .pollDelay(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            assertThat(close).as("close() with the commit's EndTxn unanswered").isNotDone();
            kafka.proxy(1).blackHole(false);

            assertThat(commit).succeedsWithin(Duration.ofSeconds(30));
            assertThat(close).succeedsWithin(Duration.ofSeconds(30));
            assertThat(readCommitted(kafka)).containsExactly("committed-while-closing");
        }
    }

    private static List<String> readCommitted(KafkaCluster kafka) {
        return ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC, "read_committed").stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
