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
 * What a graceful close() does with a transaction, against real brokers at transaction.version 1
 * and 2: as kafka-clients' close, it lets a commit under way end and aborts a transaction the user
 * left open.
 */
class TransactionalCloseIT {
    private static final String TOPIC = "txn-close";

    /**
     * close() while another thread's commit waits for the coordinator. Ferry's I/O thread stopped at
     * once, and the commit waited until max.block.ms and failed (found by the simulator once its
     * user closed during a commit). The broker is out of reach when EndTxn goes out, so the commit
     * is certainly under way when close() is called.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void closeLetsACommitUnderWayEnd(int transactionVersion) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .proxied()
                .transactionVersion(transactionVersion)
                .start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FerryProducer<String, String> producer = new FerryProducer<>(
                    ItSetup.config(
                            ItSetup.transactionalQuickToReconnect(
                                    kafka.bootstrapServers(), "closing-" + transactionVersion, 1_000),
                            "max.block.ms",
                            "60000"),
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

    /**
     * close() with the transaction still open and transaction.timeout.ms at 60 s: the producer aborts
     * it, as kafka-clients' close does, so the partition's last stable offset passes its records at
     * once. Ferry's close left it open, and read_committed consumers of the partition stood still
     * until the coordinator aborted it at the timeout.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void closeAbortsATransactionLeftOpen(int transactionVersion) throws Exception {
        try (KafkaCluster kafka =
                KafkaCluster.builder().transactionVersion(transactionVersion).start()) {
            kafka.createTopic(TOPIC, 1, 1);
            String transactionalId = "left-open-" + transactionVersion;
            FerryProducer<String, String> producer = transactional(kafka, transactionalId);
            producer.initTransactions();
            producer.beginTransaction();
            RecordMetadata open =
                    producer.send(new ProducerRecord<>(TOPIC, "k", "left-open")).get(30, TimeUnit.SECONDS);
            assertThat(ConsumerOracle.lastStableOffset(kafka.bootstrapServers(), TOPIC, 0))
                    .as("the open transaction holds the last stable offset at its first record")
                    .isEqualTo(open.offset());

            producer.close(Duration.ofSeconds(30));

            // the abort marker follows the record: the last stable offset passes both, long before the timeout
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() ->
                            ConsumerOracle.lastStableOffset(kafka.bootstrapServers(), TOPIC, 0) > open.offset() + 1);
            assertThat(readCommitted(kafka)).isEmpty();

            try (FerryProducer<String, String> next = transactional(kafka, transactionalId)) {
                next.initTransactions();
                next.beginTransaction();
                next.send(new ProducerRecord<>(TOPIC, "k", "next"));
                next.commitTransaction();
            }
            assertThat(readCommitted(kafka)).containsExactly("next");
        }
    }

    private static FerryProducer<String, String> transactional(KafkaCluster kafka, String transactionalId) {
        return new FerryProducer<>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "transactional.id",
                        transactionalId,
                        "transaction.timeout.ms",
                        "60000",
                        "linger.ms",
                        "0"),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<String> readCommitted(KafkaCluster kafka) {
        return ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC, "read_committed").stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
