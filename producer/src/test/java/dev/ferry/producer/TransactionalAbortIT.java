package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionState;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Aborts on the 3.x protocol (transaction.version 1) that the simulator found stuck; kafka-clients'
 * Admin and read_committed consumer are the judges.
 */
class TransactionalAbortIT {
    private static final String TOPIC = "txn-abort-lost-add";
    private static final String TRANSACTIONAL_ID = "abort-after-lost-add";
    private static final int REQUEST_TIMEOUT_MS = 1_500;

    /**
     * An abort after an AddPartitionsToTxn whose answer was lost: the coordinator added the
     * partition and opened the transaction, the client never heard it. Ferry's abort took the
     * transaction for one that reached no partition and completed without EndTxn, leaving it open
     * at the coordinator until transaction.timeout.ms (found once the simulator checked the
     * coordinator's state after close()). kafka-clients sends the AddPartitionsToTxn again first,
     * and so does Ferry now.
     */
    @Test
    void anAbortAfterAnUnansweredAddPartitionsEndsTheTransaction() throws Exception {
        try (KafkaCluster kafka =
                KafkaCluster.builder().proxied().transactionVersion(1).start()) {
            kafka.createTopic(TOPIC, 1, 1);
            try (FerryProducer<String, String> producer = new FerryProducer<>(
                    ItSetup.config(
                            ItSetup.transactionalQuickToReconnect(
                                    kafka.bootstrapServers(), TRANSACTIONAL_ID, REQUEST_TIMEOUT_MS),
                            "transaction.timeout.ms",
                            "60000"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                // the topic's metadata first, so that the send below needs nothing but AddPartitionsToTxn
                producer.partitionsFor(TOPIC);
                producer.beginTransaction();
                double requestsBefore = producer.metrics().get("request-total");

                // AddPartitionsToTxn reaches the coordinator; its answer does not reach the producer
                kafka.proxy(1).holdResponses(true);
                Future<RecordMetadata> record = producer.send(new ProducerRecord<>(TOPIC, "k", "aborted"));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> producer.metrics().get("request-total") > requestsBefore);
                CompletableFuture<Void> abort = CompletableFuture.runAsync(producer::abortTransaction);
                // past request.timeout.ms: the producer gave up on the AddPartitionsToTxn
                Awaitility.await()
                        .pollDelay(Duration.ofMillis(REQUEST_TIMEOUT_MS + 1_000))
                        .atMost(Duration.ofMillis(REQUEST_TIMEOUT_MS + 1_500))
                        .until(() -> true);
                kafka.proxy(1).holdResponses(false);

                assertThat(abort).succeedsWithin(Duration.ofSeconds(30));
                assertThat(record).failsWithin(Duration.ofSeconds(30));
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(coordinatorState(kafka))
                        .as("the coordinator's state of the transaction the abort ended")
                        .isEqualTo(TransactionState.COMPLETE_ABORT));
            }
        }
    }

    /**
     * The abort of a transaction that holds a group's offsets and lost a record for good (a compacted
     * topic refuses a record without a key). Ferry ended it with EndTxn but, with the epoch bump
     * that follows a failed batch pending, still took it for open and sent EndTxn again without end:
     * abortTransaction() gave up after max.block.ms (found once the simulator's user sent offsets).
     */
    @Test
    void anAbortOfATransactionWithOffsetsAndAFailedRecordReturns() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().transactionVersion(1).start()) {
            kafka.createTopic(
                    new NewTopic("txn-abort-compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            kafka.createTopic("txn-abort-in", 1, 1);
            kafka.createTopic("txn-abort-out", 1, 1);
            FerryProducer<String, String> producer = new FerryProducer<>(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "transactional.id",
                            "abort-with-offsets",
                            "linger.ms",
                            "0",
                            "max.block.ms",
                            "15000"),
                    new StringSerializer(),
                    new StringSerializer());
            try {
                producer.initTransactions();
                producer.beginTransaction();
                producer.sendOffsetsToTransaction(
                        Map.of(new TopicPartition("txn-abort-in", 0), new OffsetAndMetadata(42)),
                        new ConsumerGroupMetadata("abort-with-offsets"));
                Future<RecordMetadata> refused =
                        producer.send(new ProducerRecord<>("txn-abort-compacted", null, "no key"));
                assertThat(refused).failsWithin(Duration.ofSeconds(30));

                producer.abortTransaction();

                producer.beginTransaction();
                producer.send(new ProducerRecord<>("txn-abort-out", "k", "after the abort"));
                producer.commitTransaction();
            } finally {
                // bounded: before the fix the abort never ended, and close() would wait for it
                producer.close(Duration.ofSeconds(10));
            }
            assertThat(ConsumerOracle.readToEnd(kafka.bootstrapServers(), "txn-abort-out", "read_committed").stream()
                            .map(record -> new String(record.value(), StandardCharsets.UTF_8)))
                    .containsExactly("after the abort");
            assertThat(kafka.admin()
                            .listConsumerGroupOffsets("abort-with-offsets")
                            .partitionsToOffsetAndMetadata()
                            .get())
                    .isEmpty();
        }
    }

    private static TransactionState coordinatorState(KafkaCluster kafka) throws Exception {
        return kafka.admin()
                .describeTransactions(List.of(TRANSACTIONAL_ID))
                .description(TRANSACTIONAL_ID)
                .get()
                .state();
    }

    /**
     * initTransactions() from another thread while an abort waits for its EndTxn. It was accepted:
     * the producer went to INITIALIZING, the abort's future was replaced and never completed, and
     * abortTransaction() returned only at max.block.ms, failed (found by
     * TransactionStateTransitionsTest). It is refused now, naming the state, and the abort ends.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void initTransactionsDuringAnAbortIsRefusedAndTheAbortEnds(int transactionVersion) throws Exception {
        String topic = "txn-abort-under-way";
        try (KafkaCluster kafka = KafkaCluster.builder()
                .proxied()
                .transactionVersion(transactionVersion)
                .start()) {
            kafka.createTopic(topic, 1, 1);
            try (FerryProducer<String, String> producer = new FerryProducer<>(
                    ItSetup.config(
                            ItSetup.transactionalQuickToReconnect(
                                    kafka.bootstrapServers(),
                                    "abort-under-way-" + transactionVersion,
                                    REQUEST_TIMEOUT_MS),
                            "max.block.ms",
                            "60000"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "aborted")).get(30, TimeUnit.SECONDS);
                double requestsBefore = producer.metrics().get("request-total");

                kafka.proxy(1).blackHole(true);
                CompletableFuture<Void> abort = CompletableFuture.runAsync(producer::abortTransaction);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> producer.metrics().get("request-total") > requestsBefore);
                assertThatThrownBy(producer::initTransactions)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("ABORTING_TRANSACTION")
                        .hasMessageContaining("abortTransaction() (to keep waiting)");
                kafka.proxy(1).blackHole(false);

                assertThat(abort).succeedsWithin(Duration.ofSeconds(30));
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "committed"));
                producer.commitTransaction();
            }
            assertThat(ConsumerOracle.readToEnd(kafka.bootstrapServers(), topic, "read_committed").stream()
                            .map(record -> new String(record.value(), StandardCharsets.UTF_8)))
                    .containsExactly("committed");
        }
    }
}
