package dev.ferry.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/** kafka-clients' consumer reads back what Ferry wrote: the independent judge of every producer test. */
public final class ConsumerOracle {
    private ConsumerOracle() {}

    /** The consumer's group, generation and member as Ferry's {@code sendOffsetsToTransaction} takes them. */
    static ConsumerGroupMetadata groupMetadata(KafkaConsumer<?, ?> consumer) {
        var group = consumer.groupMetadata();
        return new ConsumerGroupMetadata(
                group.groupId(), group.generationId(), group.memberId(), group.groupInstanceId());
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        return readAll(bootstrap, topic, expected, Duration.ofSeconds(60));
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(
            String bootstrap, String topic, int expected, Duration patience) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, expected, patience);
    }

    /** Reads with connection settings of the caller's choosing, e.g. a secure listener's bootstrap servers and security. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> connection, String topic, int expected) {
        return readAll(connection, topic, expected, Duration.ofSeconds(60));
    }

    /** Everything the topic holds when called, in offset order per partition: for tests where the log may hold more than was acknowledged. */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic) {
        return readToEnd(bootstrap, topic, "read_uncommitted");
    }

    /**
     * The same as a consumer of the isolation level reads it ({@code read_committed}: what committed
     * transactions hold). A read_committed read first waits until every partition's last stable
     * offset is its log end: EndTxn is answered once the coordinator has logged the outcome and the
     * markers follow, so a read right after a commit could stop short of the committed records (it
     * did, in CI). A transaction that stays open fails the read, naming the partitions.
     */
    static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrap, String topic, String isolationLevel) {
        if (isolationLevel.equals("read_committed")) {
            awaitNoOpenTransaction(bootstrap, topic);
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.CHECK_CRCS_CONFIG,
                true,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolationLevel);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> end = assignFromBeginning(consumer, topic);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (beforeEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " to its end offsets " + end + " in 2 minutes");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void awaitNoOpenTransaction(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<byte[], byte[]> stable =
                        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaConsumer<byte[], byte[]> all = new KafkaConsumer<>(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = all.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .alias("the last stable offsets of " + topic + " reach its log ends (a transaction is open)")
                    .until(() -> stable.endOffsets(partitions).equals(all.endOffsets(partitions)));
        }
    }

    /** Partitions 0 to {@code count - 1} of the topic, as kafka-clients names them. */
    static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
    }

    /** Assigns every partition of the topic at its beginning; returns their end offsets, where reading is done. */
    static Map<TopicPartition, Long> assignFromBeginning(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer.endOffsets(partitions);
    }

    /** Whether the consumer has yet to reach any of these end offsets. */
    static boolean beforeEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue());
    }

    /**
     * The partition's last stable offset, as a read_committed consumer sees it: the first offset of
     * a transaction still open, or the log end when none is.
     */
    static long lastStableOffset(String bootstrap, String topic, int partition) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(
            Map<String, Object> connection, String topic, int expected, Duration patience) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "oracle-" + topic + "-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + patience.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // one more poll: anything beyond the expected count is a duplicate the test must see
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** The producer ids the broker holds state for on {@code partition}, as its DescribeProducers answer lists them. */
    public static List<Long> activeProducers(Admin admin, TopicPartition partition) throws Exception {
        return admin
                .describeProducers(List.of(partition))
                .partitionResult(partition)
                .get(30, TimeUnit.SECONDS)
                .activeProducers()
                .stream()
                .map(ProducerState::producerId)
                .toList();
    }
}
