package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.common.FerryException;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Transactions against a real broker, judged by kafka-clients' read_committed consumer and Admin.
 * Subclasses run it at transaction.version 2 (Kafka 4's default) and 1 (the 3.x protocol).
 */
abstract class TransactionsContract {

    abstract KafkaCluster kafka();

    private FerryProducer<String, String> producer(String transactionalId, String... pairs) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka().bootstrapServers());
        config.put("transactional.id", transactionalId);
        config.put("max.block.ms", "30000");
        config.put("linger.ms", "1");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void committedTransactionsAreVisibleAndAbortedOnesNeverAre() {
        kafka().createTopic("txn-a", 2, 1);
        kafka().createTopic("txn-b", 1, 1);
        Random random = new Random(42);
        List<String> committed = new ArrayList<>();
        try (FerryProducer<String, String> producer = producer("random-aborts")) {
            producer.initTransactions();
            for (int txn = 0; txn < 200; txn++) {
                producer.beginTransaction();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    String value = "t" + txn + "-" + i;
                    values.add(value);
                    producer.send(new ProducerRecord<>(i % 2 == 0 ? "txn-a" : "txn-b", "k" + (i % 3), value));
                }
                if (random.nextInt(4) == 0) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                    committed.addAll(values);
                }
            }
        }

        List<String> read = new ArrayList<>(readCommitted("txn-a", 0));
        read.addAll(readCommitted("txn-b", 0));
        assertThat(read).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(readCommitted("txn-a", 0))
                .as("order inside the topic follows the transactions")
                .isSortedAccordingTo((a, b) -> Integer.compare(transactionOf(a), transactionOf(b)));
    }

    /**
     * The simulator's finding: EndTxn(commit) for a transaction that reached no partition is
     * INVALID_TXN_STATE on Kafka 4.4 at both transaction versions, so committing one failed (and on
     * version 1 the abort after it failed for good). A transaction that sent nothing commits at
     * once, as in kafka-clients, and the producer goes on.
     */
    @Test
    void aTransactionThatSentNothingCommitsAndTheNextOneToo() {
        kafka().createTopic("txn-empty", 1, 1);
        try (FerryProducer<String, String> producer = producer("empty-commits")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-empty", "k", "after-an-empty-one"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.commitTransaction();
        }
        assertThat(readCommitted("txn-empty", 1)).containsExactly("after-an-empty-one");
    }

    @Test
    void offsetsAreCommittedAtomicallyWithTheOutput() throws Exception {
        kafka().createTopic("ctp-in", 1, 1);
        kafka().createTopic("ctp-out", 1, 1);
        try (KafkaProducer<String, String> input = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                input.send(new org.apache.kafka.clients.producer.ProducerRecord<>("ctp-in", "k", "in-" + i))
                        .get();
            }
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "transformers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
                FerryProducer<String, String> producer = producer("transformer")) {
            consumer.subscribe(List.of("ctp-in"));
            producer.initTransactions();
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < 10 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    producer.send(new ProducerRecord<>(
                            "ctp-out", record.key(), record.value().toUpperCase()));
                    offsets.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    seen++;
                }
                producer.sendOffsetsToTransaction(offsets, ConsumerOracle.groupMetadata(consumer));
                producer.commitTransaction();
            }
        }

        var committedOffsets = kafka().admin()
                .listConsumerGroupOffsets("transformers")
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        assertThat(committedOffsets
                        .get(new org.apache.kafka.common.TopicPartition("ctp-in", 0))
                        .offset())
                .isEqualTo(10);
        assertThat(readCommitted("ctp-out", 10))
                .containsExactly("IN-0", "IN-1", "IN-2", "IN-3", "IN-4", "IN-5", "IN-6", "IN-7", "IN-8", "IN-9");
    }

    /**
     * Offsets sent in a transaction that is then aborted never count, also when the transaction sent
     * nothing else. On the 3.x protocol the abort skipped EndTxn when no partition had joined, which
     * left the group's offsets in a transaction still open at the coordinator: the next commit
     * committed them.
     */
    @Test
    void offsetsOfAnAbortedTransactionNeverCountEvenWhenItSentNothingElse() throws Exception {
        kafka().createTopic("aborted-offsets-out", 1, 1);
        TopicPartition input = new TopicPartition("aborted-offsets-in", 0);
        try (FerryProducer<String, String> producer = producer("offsets-only")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(
                    Map.of(input, new OffsetAndMetadata(42)), new ConsumerGroupMetadata("aborted-offsets"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("aborted-offsets-out", "k", "after-the-abort"));
            producer.commitTransaction();
        }

        var committedOffsets = kafka().admin()
                .listConsumerGroupOffsets("aborted-offsets")
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        assertThat(committedOffsets)
                .as("the group's offsets after the aborted transaction and a committed one")
                .doesNotContainKey(new org.apache.kafka.common.TopicPartition("aborted-offsets-in", 0));
        assertThat(readCommitted("aborted-offsets-out", 1)).containsExactly("after-the-abort");
    }

    @Test
    void aNewProducerWithTheSameIdFencesTheOldOneAndItsOpenTransactionIsAborted() {
        kafka().createTopic("fenced", 1, 1);
        try (FerryProducer<String, String> zombie = producer("fencing");
                FerryProducer<String, String> successor = producer("fencing")) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>("fenced", "k", "from-the-zombie"));
            zombie.flush();

            successor.initTransactions();
            successor.beginTransaction();
            successor.send(new ProducerRecord<>("fenced", "k", "from-the-successor"));
            successor.commitTransaction();

            Throwable commit = catchThrowable(zombie::commitTransaction);
            Throwable fenced =
                    commit instanceof ProducerFencedException ? commit : catchThrowable(zombie::abortTransaction);
            assertThat(fenced)
                    .as("the zombie learns it is fenced (commit: %s)", commit)
                    .isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(zombie::beginTransaction).isInstanceOf(ProducerFencedException.class);
        }
        assertThat(readCommitted("fenced", 1)).containsExactly("from-the-successor");
    }

    @Test
    void aTransactionOverItsTimeoutIsAbortedByTheCoordinatorAndTheProducerSaysSo() throws Exception {
        kafka().createTopic("timed-out", 1, 1);
        try (FerryProducer<String, String> producer = producer("slow", "transaction.timeout.ms", "1500")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("timed-out", "k", "too-late")).get(30, TimeUnit.SECONDS);

            org.awaitility.Awaitility.await()
                    .pollDelay(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> true);
            Throwable commit = catchThrowable(producer::commitTransaction);

            assertThat(commit).as("commit after the coordinator aborted").isInstanceOf(FerryException.class);
        }
        assertThat(readCommitted("timed-out", 0)).isEmpty();
    }

    @Test
    void callsInTheWrongStateNameTheStateAndTheAllowedCalls() {
        try (FerryProducer<String, String> producer = producer("states")) {
            assertThatThrownBy(producer::beginTransaction)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot call beginTransaction() in transaction state UNINITIALIZED")
                    .hasMessageContaining("allowed now: initTransactions()");
            producer.initTransactions();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("any", "k", "v")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot call send() in transaction state READY");
            assertThatThrownBy(producer::commitTransaction)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("allowed now: beginTransaction()");
        }
    }

    private static int transactionOf(String value) {
        return Integer.parseInt(value.substring(1, value.indexOf('-')));
    }

    List<String> readCommitted(String topic, int atLeast) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<org.apache.kafka.common.TopicPartition, Long> end = ConsumerOracle.assignFromBeginning(consumer, topic);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline
                    && (values.size() < atLeast || ConsumerOracle.beforeEnd(consumer, end))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
