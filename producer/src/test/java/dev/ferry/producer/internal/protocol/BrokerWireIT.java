package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ferry's codecs against a real Kafka 4.4 broker over a plain socket: negotiate with ApiVersions,
 * find the leader with Metadata, get a producer id, produce idempotent batches in every codec with
 * Produce v12 (topic names) and v13 (topic ids), then read them back with kafka-clients' consumer.
 */
class BrokerWireIT {
    private static final String TOPIC = "wire-test";

    private static KafkaCluster broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaCluster.start();
        broker.createTopic(TOPIC, 1, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void negotiatesProducesInEveryCodecAndKafkasConsumerReadsItAllBack() throws Exception {
        try (WireConnection connection = WireConnection.to(broker)) {
            // given: negotiated versions and the topic's id
            ApiVersions.Response apiVersions =
                    connection.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4);
            BrokerVersions versions = BrokerVersions.from(apiVersions);
            assertThat(versions.highestCommonVersion(ApiKey.PRODUCE)).isEqualTo((short) 13);
            assertThat(versions.finalizedLevel("transaction.version")).contains((short) 2);
            Metadata.Response metadata = connection.send(
                    new Metadata.Request(List.of(new Metadata.RequestTopic(null, TOPIC)), false, false),
                    versions.highestCommonVersion(ApiKey.METADATA));
            Metadata.TopicMetadata topic = metadata.topics().get(0);
            assertThat(topic.errorCode()).isZero();
            assertThat(topic.partitions().get(0).leaderId()).isEqualTo(1);
            FindCoordinator.Response coordinator = connection.send(
                    new FindCoordinator.Request(FindCoordinator.KEY_TYPE_GROUP, List.of("some-group")),
                    versions.highestCommonVersion(ApiKey.FIND_COORDINATOR));
            assertThat(coordinator.coordinators()).hasSize(1);
            // A fresh broker answers COORDINATOR_LOAD_IN_PROGRESS until its producer id block arrives.
            short initVersion = versions.highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
            InitProducerId.Response producer = connection.sendUntil(
                    new InitProducerId.Request(null, 60_000, -1L, (short) -1),
                    initVersion,
                    response -> WireConnection.notRetriable(response.errorCode()));
            assertThat(producer.errorCode()).isZero();

            // when: one idempotent batch per codec, alternating Produce v12 (names) and v13 (ids)
            List<String> expected = new ArrayList<>();
            int sequence = 0;
            short version = 12;
            for (BatchCodec type : BatchCodec.values()) {
                RecordBatchWriter writer =
                        new RecordBatchWriter(ByteBuffer.allocate(16 * 1024), Compression.of(type), 16 * 1024, 1.0f);
                for (int i = 0; i < 50; i++) {
                    String value = type + "-" + i + "-" + "x".repeat(i);
                    writer.tryAppend(
                            System.currentTimeMillis(),
                            ("k" + i).getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8),
                            new RecordHeader[] {
                                new RecordHeader("codec", type.configName().getBytes(StandardCharsets.UTF_8))
                            });
                    expected.add(value);
                }
                ByteBuffer batch = writer.close(producer.producerId(), producer.producerEpoch(), sequence, false);
                sequence += writer.recordCount();
                Produce.Response response = connection.send(
                        new Produce.Request(
                                null,
                                (short) -1,
                                30_000,
                                List.of(new Produce.TopicData(
                                        TOPIC, topic.topicId(), List.of(new Produce.PartitionData(0, batch))))),
                        version);
                Produce.PartitionResponse partition =
                        response.responses().get(0).partitions().get(0);
                assertThat(partition.errorCode())
                        .as("%s via Produce v%d: %s", type, version, partition.errorMessage())
                        .isZero();
                assertThat(partition.baseOffset()).isEqualTo(expected.size() - 50L);
                version = version == 12 ? (short) 13 : (short) 12;
            }

            // then
            assertThat(consumeAll(expected.size())).isEqualTo(expected);
        }
    }

    private static List<String> consumeAll(int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        broker.bootstrapServers(),
                        "group.id",
                        "wire-check",
                        "auto.offset.reset",
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                    assertThat(record.headers().lastHeader("codec")).isNotNull();
                }
            }
        }
        return values;
    }
}
