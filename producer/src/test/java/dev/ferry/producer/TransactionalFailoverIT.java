package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transactional consume-transform-produce loop on 3 brokers (RF 3, min.insync.replicas 2) while
 * the leader of an output partition, the transaction coordinator and the group coordinator are each
 * stopped mid-transaction (after the sends, before the offsets and the commit) and restarted, and
 * the application itself fails once mid-transaction. The loop behaves as an application should:
 * abortable errors abort the transaction and rewind the consumer to the group's committed offsets.
 * Judged by a read_committed kafka-clients consumer and Admin: every input record transformed
 * exactly once, in order, and the group's committed offsets at the input's end.
 */
class TransactionalFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalFailoverIT.class);
    private static final String INPUT = "ctp-input";
    private static final String OUTPUT = "ctp-output";
    private static final String GROUP = "ctp-transformers";
    private static final String TRANSACTIONAL_ID = "ctp-transformer";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 3_000;

    @Test
    void stoppingTheOutputLeaderAndTheCoordinatorMidTransactionTransformsEveryRecordExactlyOnce() throws Exception {
        try (KafkaCluster kafka = ItSetup.threeBrokersTwoInSync().start()) {
            kafka.createTopic(INPUT, PARTITIONS, 3);
            kafka.createTopic(OUTPUT, PARTITIONS, 3);
            fillInput(kafka.bootstrapServers());
            Map<org.apache.kafka.common.TopicPartition, Long> inputEnd = endOffsets(kafka.bootstrapServers(), INPUT);

            Transformer transformer = new Transformer(kafka, inputEnd);
            transformer.run();
            LOG.info(
                    "consume-transform-produce: {} transactions committed, {} aborted and rewound, faults: {}",
                    transformer.commits,
                    transformer.aborts,
                    transformer.faults);
            assertThat(transformer.faults).as("faults injected mid-transaction").hasSize(7);
            assertThat(transformer.aborts)
                    .as("the application's own failure was aborted and rewound")
                    .isGreaterThanOrEqualTo(1);

            Map<org.apache.kafka.common.TopicPartition, Long> committedOffsets = new HashMap<>();
            kafka.admin()
                    .listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> committedOffsets.put(partition, offset.offset()));
            assertThat(committedOffsets)
                    .as("the group's committed offsets are the input's end offsets")
                    .isEqualTo(inputEnd);
            assertTransformedExactlyOnceInOrder(readCommittedOutput(kafka.bootstrapServers()));
        }
    }

    private static void fillInput(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "linger.ms", 5);
        try (KafkaProducer<String, String> input = new KafkaProducer<>(
                config,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                input.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        INPUT, "key-" + (i % 30), Integer.toString(i)));
            }
            input.flush();
        }
    }

    /** The application under test: one consumer, one transactional Ferry producer, one loop. */
    private static final class Transformer {
        private final KafkaCluster kafka;
        private final Map<org.apache.kafka.common.TopicPartition, Long> inputEnd;
        private final Map<org.apache.kafka.common.TopicPartition, Long> committed = new HashMap<>();
        private final List<String> faults = new ArrayList<>();
        private int commits;
        private int aborts;
        private int stoppedBroker = -1;

        Transformer(KafkaCluster kafka, Map<org.apache.kafka.common.TopicPartition, Long> inputEnd) {
            this.kafka = kafka;
            this.inputEnd = inputEnd;
        }

        void run() {
            Map<String, Object> consumerConfig = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    GROUP,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    50);
            Map<String, Object> producerConfig = ItSetup.config(
                    ItSetup.RIDES_OUT_A_RESTART,
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "transactional.id",
                    TRANSACTIONAL_ID,
                    "linger.ms",
                    "5");
            try (KafkaConsumer<String, String> consumer =
                            new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
                    FerryProducer<String, String> producer =
                            new FerryProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                consumer.subscribe(List.of(INPUT));
                producer.initTransactions();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                int transaction = 0;
                while (!committed.equals(inputEnd) && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) {
                        continue;
                    }
                    transform(consumer, producer, records, transaction++);
                }
            }
            assertThat(committed)
                    .as("the loop reached the input's end offsets in time")
                    .isEqualTo(inputEnd);
        }

        private void transform(
                KafkaConsumer<String, String> consumer,
                FerryProducer<String, String> producer,
                ConsumerRecords<String, String> records,
                int transaction) {
            producer.beginTransaction();
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    producer.send(new ProducerRecord<>(
                            OUTPUT,
                            record.key(),
                            "T" + record.value() + "@" + record.partition() + ":" + record.offset()));
                    offsets.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                maybeInjectFault(transaction);
                producer.sendOffsetsToTransaction(offsets, ConsumerOracle.groupMetadata(consumer));
                producer.commitTransaction();
                offsets.forEach((partition, offset) -> committed.put(
                        new org.apache.kafka.common.TopicPartition(partition.topic(), partition.partition()),
                        offset.offset()));
                commits++;
            } catch (ProducerFencedException fatal) {
                throw fatal;
            } catch (FerryException | TransientAppFailure abortable) {
                LOG.info(
                        "transaction {} aborted, rewinding to the committed offsets: {}",
                        transaction,
                        abortable.getMessage());
                producer.abortTransaction();
                rewind(consumer);
                aborts++;
            }
        }

        /** Faults mid-transaction, after the sends and before the offsets and the commit. */
        private void maybeInjectFault(int transaction) {
            switch (transaction) {
                case 3 -> stop("leader of " + OUTPUT + "-0", leaderOf(kafka.admin(), OUTPUT, 0));
                case 5 -> {
                    faults.add("the application failed in transaction 5");
                    throw new TransientAppFailure("a downstream lookup of the application failed");
                }
                case 8, 18, 28 -> start();
                case 13 -> stop("transaction coordinator", transactionCoordinator(kafka.admin()));
                case 23 -> stop("group coordinator", groupCoordinator(kafka.admin()));
                default -> {}
            }
        }

        private void stop(String role, int broker) {
            faults.add("stopped broker " + broker + " (" + role + ")");
            LOG.info("fault: stopping broker {}, the {}", broker, role);
            kafka.stopBroker(broker);
            stoppedBroker = broker;
        }

        private void start() {
            faults.add("started broker " + stoppedBroker);
            LOG.info("fault healed: starting broker {}", stoppedBroker);
            kafka.startBroker(stoppedBroker);
        }

        private void rewind(KafkaConsumer<String, String> consumer) {
            Set<org.apache.kafka.common.TopicPartition> assignment = consumer.assignment();
            var groupOffsets = consumer.committed(assignment);
            for (org.apache.kafka.common.TopicPartition partition : assignment) {
                var offset = groupOffsets.get(partition);
                consumer.seek(partition, offset == null ? 0 : offset.offset());
            }
        }
    }

    private static int leaderOf(Admin admin, String topic, int partition) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(partition)
                    .leader()
                    .id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the leader of " + topic + "-" + partition, e);
        }
    }

    /** The application's own failure inside a transaction: it aborts and reprocesses from the committed offsets. */
    private static final class TransientAppFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientAppFailure(String message) {
            super(message);
        }
    }

    private static int groupCoordinator(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(GROUP))
                    .describedGroups()
                    .get(GROUP)
                    .get(60, TimeUnit.SECONDS)
                    .coordinator()
                    .id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the coordinator of group " + GROUP, e);
        }
    }

    private static int transactionCoordinator(Admin admin) {
        try {
            return admin.describeTransactions(List.of(TRANSACTIONAL_ID))
                    .description(TRANSACTIONAL_ID)
                    .get(60, TimeUnit.SECONDS)
                    .coordinatorId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the transaction coordinator of " + TRANSACTIONAL_ID, e);
        }
    }

    private static Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return new HashMap<>(consumer.endOffsets(ConsumerOracle.partitions(topic, PARTITIONS)));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommittedOutput(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.CHECK_CRCS_CONFIG,
                true);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = ConsumerOracle.partitions(OUTPUT, PARTITIONS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed end offsets stop before a transaction whose markers are not written yet; the log end does
            // not
            Map<org.apache.kafka.common.TopicPartition, Long> end = endOffsets(bootstrap, OUTPUT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static void assertTransformedExactlyOnceInOrder(List<ConsumerRecord<byte[], byte[]>> output) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> duplicated = new ArrayList<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        Map<String, Long> lastSourceOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            int input = Integer.parseInt(value.substring(1, value.indexOf('@')));
            String[] source = value.substring(value.indexOf('@') + 1).split(":");
            if (!seen.add(input)) {
                duplicated.add(input);
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            Integer previous = lastPerKey.put(key, input);
            assertThat(previous == null || previous < input)
                    .as("order of key %s: %s after %s", key, input, previous)
                    .isTrue();
            String lane = record.partition() + "<-" + source[0];
            Long previousOffset = lastSourceOffset.put(lane, Long.parseLong(source[1]));
            assertThat(previousOffset == null || previousOffset < Long.parseLong(source[1]))
                    .as("order of output partition %d from input partition %s", record.partition(), source[0])
                    .isTrue();
        }
        assertThat(duplicated).as("0 duplicated").isEmpty();
        assertThat(seen).as("0 lost").hasSize(RECORDS);
        assertThat(output).hasSize(RECORDS);
    }
}
