package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transaction messages against a real Kafka 4.4 broker, in both protocols: transaction.version 2
 * (Produce v13 adds the partition implicitly, TxnOffsetCommit v6 without AddOffsetsToTxn, EndTxn v5
 * bumps the epoch) and the explicit v1 path (AddPartitionsToTxn v3, Produce v11, AddOffsetsToTxn,
 * TxnOffsetCommit v5, EndTxn v4). A read_committed consumer is the judge.
 */
class TransactionWireIT {
    private static final String TOPIC = "txn-wire-test";
    private static final String SOURCE = "txn-source";

    private static KafkaCluster broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaCluster.start();
        broker.createTopic(TOPIC, 1, 1);
        broker.createTopic(SOURCE, 1, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anAbortedV1TransactionIsInvisibleAndACommittedV2OneIsVisibleWithItsOffsets() throws Exception {
        try (WireConnection connection = WireConnection.to(broker)) {
            // given
            BrokerVersions versions = BrokerVersions.from(
                    connection.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4));
            Metadata.Response metadata = connection.send(
                    new Metadata.Request(
                            List.of(new Metadata.RequestTopic(null, TOPIC), new Metadata.RequestTopic(null, SOURCE)),
                            false,
                            false),
                    versions.highestCommonVersion(ApiKey.METADATA));
            UUID topicId = metadata.topics().get(0).topicId();
            UUID sourceId = metadata.topics().get(1).topicId();
            findCoordinator(connection, FindCoordinator.KEY_TYPE_TRANSACTION, "txn-v1");
            findCoordinator(connection, FindCoordinator.KEY_TYPE_TRANSACTION, "txn-v2");
            findCoordinator(connection, FindCoordinator.KEY_TYPE_GROUP, "group-v1");
            findCoordinator(connection, FindCoordinator.KEY_TYPE_GROUP, "group-v2");

            // when: v1 transaction, aborted
            InitProducerId.Response v1 = initProducerId(connection, "txn-v1");
            AddPartitionsToTxn.Response added = connection.sendUntil(
                    new AddPartitionsToTxn.Request(
                            "txn-v1",
                            v1.producerId(),
                            v1.producerEpoch(),
                            List.of(new AddPartitionsToTxn.Topic(TOPIC, List.of(0)))),
                    (short) 3,
                    r -> WireConnection.notRetriable(
                            r.results().get(0).partitions().get(0).errorCode()));
            assertThat(added.results().get(0).partitions().get(0).errorCode()).isZero();
            assertThat(produce(connection, "txn-v1", v1, (short) 11, topicId, "aborted"))
                    .isZero();
            sendAccepted(
                    connection,
                    new AddOffsetsToTxn.Request("txn-v1", v1.producerId(), v1.producerEpoch(), "group-v1"),
                    (short) 4,
                    AddOffsetsToTxn.Response::errorCode);
            assertThat(commitOffset(connection, "txn-v1", "group-v1", v1, (short) 5, sourceId, 11L))
                    .isZero();
            sendAccepted(
                    connection,
                    new EndTxn.Request("txn-v1", v1.producerId(), v1.producerEpoch(), false),
                    (short) 4,
                    EndTxn.Response::errorCode);

            // and: v2 transaction, committed
            InitProducerId.Response v2 = initProducerId(connection, "txn-v2");
            assertThat(produce(connection, "txn-v2", v2, (short) 13, topicId, "committed"))
                    .isZero();
            assertThat(commitOffset(connection, "txn-v2", "group-v2", v2, (short) 6, sourceId, 42L))
                    .isZero();
            EndTxn.Response committed = sendAccepted(
                    connection,
                    new EndTxn.Request("txn-v2", v2.producerId(), v2.producerEpoch(), true),
                    (short) 5,
                    EndTxn.Response::errorCode);

            // then
            assertThat(committed.producerId()).isEqualTo(v2.producerId());
            assertThat(committed.producerEpoch()).isGreaterThan(v2.producerEpoch());
            assertThat(readCommitted()).containsExactly("committed-0", "committed-1", "committed-2");
            assertThat(committedOffset("group-v2")).isEqualTo(42L);
            assertThat(committedOffset("group-v1")).isNull();
        }
    }

    private static void findCoordinator(WireConnection connection, byte keyType, String key) {
        FindCoordinator.Response response = connection.sendUntil(
                new FindCoordinator.Request(keyType, List.of(key)),
                (short) 6,
                r -> WireConnection.notRetriable(r.coordinators().get(0).errorCode()));
        assertThat(response.coordinators().get(0).errorCode()).isZero();
        assertThat(response.coordinators().get(0).nodeId()).isEqualTo(1);
    }

    private static InitProducerId.Response initProducerId(WireConnection connection, String transactionalId) {
        return sendAccepted(
                connection,
                new InitProducerId.Request(transactionalId, 60_000, -1L, (short) -1),
                (short) 5,
                InitProducerId.Response::errorCode);
    }

    /** Sends until the broker's answer is not a retriable error, and asserts it is no error at all. */
    private static <R> R sendAccepted(
            WireConnection connection, ApiRequest<R> request, short version, Function<R, Short> errorCode) {
        R response = connection.sendUntil(request, version, r -> WireConnection.notRetriable(errorCode.apply(r)));
        assertThat(errorCode.apply(response)).isZero();
        return response;
    }

    private static short produce(
            WireConnection connection,
            String transactionalId,
            InitProducerId.Response producer,
            short version,
            UUID topicId,
            String prefix)
            throws IOException {
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.of(BatchCodec.ZSTD), 1024, 1.0f);
        for (int i = 0; i < 3; i++) {
            writer.tryAppend(
                    System.currentTimeMillis(), null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8), null);
        }
        ByteBuffer batch = writer.close(producer.producerId(), producer.producerEpoch(), 0, true);
        Produce.Response response = connection.send(
                new Produce.Request(
                        transactionalId,
                        (short) -1,
                        30_000,
                        List.of(new Produce.TopicData(TOPIC, topicId, List.of(new Produce.PartitionData(0, batch))))),
                version);
        return response.responses().get(0).partitions().get(0).errorCode();
    }

    private static short commitOffset(
            WireConnection connection,
            String transactionalId,
            String group,
            InitProducerId.Response producer,
            short version,
            UUID sourceId,
            long offset) {
        TxnOffsetCommit.Response response = connection.sendUntil(
                new TxnOffsetCommit.Request(
                        transactionalId,
                        group,
                        producer.producerId(),
                        producer.producerEpoch(),
                        -1,
                        "",
                        null,
                        List.of(new TxnOffsetCommit.Topic(
                                SOURCE, sourceId, List.of(new TxnOffsetCommit.Partition(0, offset, -1, "meta"))))),
                version,
                r -> WireConnection.notRetriable(
                        r.topics().get(0).partitions().get(0).errorCode()));
        return response.topics().get(0).partitions().get(0).errorCode();
    }

    private static List<String> readCommitted() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        broker.bootstrapServers(),
                        "isolation.level",
                        "read_committed",
                        "group.id",
                        "reader"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long end = logEndOffset(partition);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** A read_committed end offset stops before a transaction whose markers are not written yet; the log end does not. */
    private static long logEndOffset(TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    private static Long committedOffset(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS)
                    .get(new TopicPartition(SOURCE, 0));
            return offset == null ? null : offset.offset();
        }
    }
}
