package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transactional producer whose batch timed out while its request was in the network: the
 * transaction is aborted, the next one commits, and the stale request reaches the broker after
 * both. The abort must have moved the producer to a new epoch (InitProducerId on the 3.x protocol,
 * as kafka-clients does after a failed batch; EndTxn under transaction.version 2), so the broker
 * refuses the stale request instead of writing it after the committed transaction.
 */
class TransactionalStaleRequestIT {
    private static final String TOPIC = "txn-stale";

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aTimedOutBatchOfAnAbortedTransactionNeverLandsAfterTheNextTransaction(int transactionVersion)
            throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                        .proxied()
                        .transactionVersion(transactionVersion)
                        .start();
                Admin admin = kafka.admin()) {
            kafka.createTopic(TOPIC, 1, 1);
            Map<String, Object> config = new HashMap<>(Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "transactional.id",
                    "stale-" + transactionVersion,
                    "linger.ms",
                    "0",
                    "request.timeout.ms",
                    "500",
                    "delivery.timeout.ms",
                    "1000",
                    "retry.backoff.ms",
                    "20",
                    "reconnect.backoff.ms",
                    "20",
                    "reconnect.backoff.max.ms",
                    "100",
                    "max.block.ms",
                    "30000"));
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
            // the stale request of A reaches the broker 3 s after the black hole ended
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
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
