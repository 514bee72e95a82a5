package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transactional producer whose batch timed out while its request was in the network: the
 * transaction is aborted, the next one commits, and the stale request reaches the broker after
 * both. The abort must have moved the producer to a new epoch (InitProducerId on the 3.x protocol,
 * as kafka-clients does after a failed batch; EndTxn under transaction.version 2), so the broker
 * refuses the stale request instead of writing it after the committed transaction. The same holds
 * when the abort itself drops a batch that had gone out and was waiting for its retry.
 */
class TransactionalStaleRequestIT {
    private static final String TOPIC = "txn-stale";

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aTimedOutBatchOfAnAbortedTransactionNeverLandsAfterTheNextTransaction(int transactionVersion)
            throws Exception {
        try (KafkaCluster kafka = proxiedWithTopic(transactionVersion);
                Admin admin = kafka.admin()) {
            Map<String, Object> config = config(kafka, "stale-" + transactionVersion, 1000);
            short epochBefore;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "k", "W")).get(30, TimeUnit.SECONDS);
                epochBefore = lastEpoch(admin);

                kafka.proxy(1).blackHole(true);
                assertThat(producer.send(new ProducerRecord<>(TOPIC, "k", "A")))
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(TimeoutException.class);
                kafka.proxy(1).endBlackHoleDeliveringStaleLater(Duration.ofSeconds(3));
                producer.abortTransaction();

                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "k", "B"));
                producer.commitTransaction();
            }
            assertTheStaleRequestOfALandedHarmlessly(kafka, admin, epochBefore);
        }
    }

    /**
     * The batch's request times out and the batch waits to be retried while the broker stays out of
     * reach; the abort fails it there. Its first request is still in the network, so on the 3.x
     * protocol the abort must bump the epoch as after a failed batch, or that request, landing once
     * the next transaction has added the partition under the same epoch, would be committed with it;
     * landing later, it leaves a sequence gap that fails the next transaction with
     * OUT_OF_ORDER_SEQUENCE_NUMBER (what this test saw before the fix). The simulator found this
     * (seed 9235 at transaction.version 1).
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void anAbortThatDropsASentBatchWaitingForItsRetryMovesToANewEpoch(int transactionVersion) throws Exception {
        try (KafkaCluster kafka = proxiedWithTopic(transactionVersion);
                Admin admin = kafka.admin()) {
            short epochBefore;
            try (FerryProducer<String, String> producer = new FerryProducer<>(
                    config(kafka, "retried-" + transactionVersion, 120_000),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "k", "W")).get(30, TimeUnit.SECONDS);
                epochBefore = lastEpoch(admin);

                kafka.proxy(1).blackHole(true);
                var retried = producer.send(new ProducerRecord<>(TOPIC, "k", "A"));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> producer.metrics().getOrDefault("record-retry-total", 0.0) > 0);
                CompletableFuture<Void> abort = CompletableFuture.runAsync(producer::abortTransaction);
                assertThat(retried)
                        .as("failed by the abort while the broker is still out of reach")
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .withMessageContaining("aborted before this record was sent");
                kafka.proxy(1).endBlackHoleDeliveringStaleLater(Duration.ofSeconds(3));
                abort.get(60, TimeUnit.SECONDS);

                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "k", "B"));
                producer.commitTransaction();
            }
            assertTheStaleRequestOfALandedHarmlessly(kafka, admin, epochBefore);
        }
    }

    /**
     * Once the stale request of A reached the broker (3 s after the black hole ended): the abort
     * moved the producer to a new epoch, only B is committed, and A, if written at all, is before B.
     */
    private static KafkaCluster proxiedWithTopic(int transactionVersion) {
        KafkaCluster kafka = KafkaCluster.builder()
                .proxied()
                .transactionVersion(transactionVersion)
                .start();
        kafka.createTopic(TOPIC, 1, 1);
        return kafka;
    }

    private static void assertTheStaleRequestOfALandedHarmlessly(KafkaCluster kafka, Admin admin, short epochBefore)
            throws Exception {
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);
        assertThat(lastEpoch(admin)).as("the epoch after the abort").isGreaterThan(epochBefore);
        assertThat(values(read(kafka, "read_committed"))).containsExactly("B");
        List<String> everything = values(read(kafka, "read_uncommitted"));
        assertThat(everything).startsWith("W").contains("B");
        if (everything.contains("A")) {
            assertThat(everything.indexOf("A"))
                    .as("the failed record is before the later one: %s", everything)
                    .isLessThan(everything.indexOf("B"));
        }
    }

    private static Map<String, Object> config(KafkaCluster kafka, String transactionalId, int deliveryTimeoutMs) {
        return Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "transactional.id",
                transactionalId,
                "linger.ms",
                "0",
                "request.timeout.ms",
                "500",
                "delivery.timeout.ms",
                String.valueOf(deliveryTimeoutMs),
                "retry.backoff.ms",
                "20",
                "reconnect.backoff.ms",
                "20",
                "reconnect.backoff.max.ms",
                "100",
                "max.block.ms",
                "30000");
    }

    private static short lastEpoch(Admin admin) throws Exception {
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(TOPIC, 0);
        var producers = admin.describeProducers(List.of(partition))
                .partitionResult(partition)
                .get(30, TimeUnit.SECONDS)
                .activeProducers();
        assertThat(producers).hasSize(1);
        return (short) producers.get(0).producerEpoch();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaCluster kafka, String isolation) {
        return ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC, isolation);
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
