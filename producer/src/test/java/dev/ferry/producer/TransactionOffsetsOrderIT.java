package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The simulation's finding that a transactional seed did not replay in another JVM (issue #15): the
 * transaction manager copied the user's offsets with {@code Map.copyOf}, whose order is salted per
 * JVM, so the TxnOffsetCommit a user's {@code sendOffsetsToTransaction} sends listed the partitions
 * in an order of the JVM's choosing. Seen here on the wire to a real Kafka 4.4 broker, through the
 * proxy in front of it and decoded by kafka-clients: the request lists the partitions in the order
 * of the caller's map, as kafka-clients' producer sends them, and the broker commits them.
 */
class TransactionOffsetsOrderIT {
    private static final String INPUT = "offsets-order-in";
    private static final String OUTPUT = "offsets-order-out";
    private static final String GROUP = "offsets-order-group";
    private static final int PARTITIONS = 12;

    @Test
    void theTxnOffsetCommitListsThePartitionsInTheOrderOfTheCallersMap() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(INPUT, PARTITIONS, 1);
            kafka.createTopic(OUTPUT, 1, 1);
            List<List<Integer>> committed = new CopyOnWriteArrayList<>();
            kafka.proxy(1).listen((request, frame) -> {
                ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
                if (request && body.getShort(0) == ApiKeys.TXN_OFFSET_COMMIT.id) {
                    RequestHeader header = RequestHeader.parse(body);
                    TxnOffsetCommitRequest parsed =
                            TxnOffsetCommitRequest.parse(new ByteBufferAccessor(body), header.apiVersion());
                    // one input topic, named by id from version 6 on: its partitions in the order listed
                    List<Integer> partitions = new ArrayList<>();
                    parsed.data().topics().forEach(topic -> topic.partitions()
                            .forEach(partition -> partitions.add(partition.partitionIndex())));
                    committed.add(partitions);
                }
            });
            // from the last partition down: no hash order gives this by chance
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            List<Integer> callersOrder = new ArrayList<>();
            for (int partition = PARTITIONS - 1; partition >= 0; partition--) {
                offsets.put(new TopicPartition(INPUT, partition), new OffsetAndMetadata(100 + partition));
                callersOrder.add(partition);
            }

            Map<String, Object> config =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "transactional.id", "offsets-order");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(OUTPUT, "k", "v")).get(60, TimeUnit.SECONDS);
                producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(GROUP));
                producer.commitTransaction();
            }

            // more than one when the group coordinator answers a retriable error first (still loading, say)
            assertThat(committed).as("TxnOffsetCommit requests").isNotEmpty();
            assertThat(committed).allSatisfy(partitions -> assertThat(partitions)
                    .as("the partitions of a TxnOffsetCommit")
                    .containsExactlyElementsOf(callersOrder));
            Map<org.apache.kafka.common.TopicPartition, Long> expected = new LinkedHashMap<>();
            offsets.forEach((partition, offset) -> expected.put(
                    new org.apache.kafka.common.TopicPartition(partition.topic(), partition.partition()),
                    offset.offset()));
            // the commit marker reaches the group's offsets after EndTxn is answered
            Awaitility.await("the group's offsets after the commit")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> groupOffsets(kafka), expected::equals);
            assertThat(ConsumerOracle.readToEnd(kafka.bootstrapServers(), OUTPUT, "read_committed").stream()
                            .map(record -> new String(record.value(), StandardCharsets.UTF_8)))
                    .containsExactly("v");
        }
    }

    private static Map<org.apache.kafka.common.TopicPartition, Long> groupOffsets(KafkaCluster kafka) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, Long> offsets = new LinkedHashMap<>();
        kafka.admin()
                .listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get(60, TimeUnit.SECONDS)
                .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
        return offsets;
    }
}
