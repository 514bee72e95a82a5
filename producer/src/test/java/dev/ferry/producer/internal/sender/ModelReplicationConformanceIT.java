package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.WireConnection;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.sender.ModelConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Holds the simulator's {@link ModelCluster} to Kafka 4.4 where it takes more than one broker:
 * min.insync.replicas. A single broker cannot show NOT_ENOUGH_REPLICAS, since Kafka counts
 * min.insync.replicas at most up to the partition's replica count (Partition.effectiveMinIsr), so
 * this suite runs three brokers and stops a follower: the controller takes it out of the ISR, and
 * the same batches go to the partition's leader and to the model, whose follower is down too.
 */
class ModelReplicationConformanceIT {
    private static final String TOPIC = "conformance-min-isr";
    private static final short ACKS_ALL = -1;
    private static final short ACKS_LEADER = 1;
    private static final short PRODUCE_V12 = 12;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    /**
     * With fewer in-sync replicas than min.insync.replicas, an acks=all batch is NOT_ENOUGH_REPLICAS
     * before any other check (a sequence gap too) and leaves the sequence where it was; acks=1 is
     * written meanwhile; once the follower is back in the ISR, acks=all is written again and a batch
     * sent again is a duplicate, whatever acks it first went with.
     */
    @Test
    void anAcksAllBatchIsRefusedWhileThePartitionIsUnderMinInsyncReplicas() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).start()) {
            kafka.createTopic(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "3")));
            List<Integer> brokers = kafka.brokerIds();
            int leader = describe(kafka).partitions().get(0).leader().id();
            int follower =
                    brokers.stream().filter(id -> id != leader).findFirst().orElseThrow();
            ModelCluster model = new ModelCluster(TOPIC, 1, 3, false, id -> false);
            model.minInsyncReplicas(3);
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            assertThat(model.moveLeader(partition, brokers.indexOf(leader))).isTrue();

            try (Sides sides = new Sides(kafka, leader, model)) {
                long producerId = sides.newProducerId();
                sides.expect(sides.send(ACKS_ALL, producerId, 0, 0, 1), Answer.of(ErrorCode.NONE, 0));

                kafka.stopBroker(follower);
                model.crash(brokers.indexOf(follower));
                awaitIsr(kafka, 2);
                assertThat(model.isr(partition)).hasSize(2);

                sides.expect(sides.send(ACKS_ALL, producerId, 2, 2, 3), Answer.of(ErrorCode.NOT_ENOUGH_REPLICAS, -1));
                // a gap: refused for the replicas first
                sides.expect(sides.send(ACKS_ALL, producerId, 7, 4), Answer.of(ErrorCode.NOT_ENOUGH_REPLICAS, -1));
                ByteBuffer leaderOnly = sides.batch(producerId, 2, 2, 3);
                sides.expect(sides.send(ACKS_LEADER, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                sides.expect(sides.send(ACKS_LEADER, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                // the sequence went on with the acks=1 batch
                sides.expect(
                        sides.send(ACKS_LEADER, producerId, 5, 4),
                        Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));

                kafka.startBroker(follower);
                model.restart(brokers.indexOf(follower));
                awaitIsr(kafka, 3);
                assertThat(model.isr(partition)).hasSize(3);

                sides.expect(sides.send(ACKS_ALL, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                sides.expect(sides.send(ACKS_ALL, producerId, 4, 4), Answer.of(ErrorCode.NONE, 4));
            }
        }
    }

    private static TopicDescription describe(KafkaCluster kafka) throws Exception {
        return kafka.admin()
                .describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(60, TimeUnit.SECONDS)
                .get(TOPIC);
    }

    private static void awaitIsr(KafkaCluster kafka, int size) {
        Awaitility.await("the ISR of " + TOPIC + "-0 has " + size + " replicas")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> describe(kafka).partitions().get(0).isr().stream()
                                .map(Node::id)
                                .toList(),
                        isr -> isr.size() == size);
    }

    /** A connection to the partition's leader and the model: the same batches to both. */
    private static final class Sides implements AutoCloseable {
        private final WireConnection wire;
        private final short initProducerIdVersion;
        private final ModelCluster model;

        Sides(KafkaCluster kafka, int leader, ModelCluster model) throws IOException {
            String address = kafka.brokerAddress(leader);
            this.wire = new WireConnection(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
            this.initProducerIdVersion = BrokerVersions.from(
                            wire.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4))
                    .highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
            this.model = model;
        }

        long newProducerId() {
            InitProducerId.Response response = wire.sendUntil(
                    new InitProducerId.Request(null, 60_000, -1, (short) -1),
                    initProducerIdVersion,
                    answer -> WireConnection.notRetriable(answer.errorCode()));
            assertThat(response.errorCode())
                    .as("InitProducerId: %s", ErrorCode.forCode(response.errorCode()))
                    .isZero();
            return response.producerId();
        }

        /** A batch of records whose values are their ids, as {@link ModelCluster} reads them. */
        ByteBuffer batch(long producerId, int firstSequence, int... recordIds) {
            RecordBatchWriter writer =
                    new RecordBatchWriter(ByteBuffer.allocate(4_096), Compression.of(BatchCodec.NONE), 4_096, 1.0f);
            for (int id : recordIds) {
                writer.tryAppend(
                        1_700_000_000_000L,
                        ("k" + id).getBytes(StandardCharsets.UTF_8),
                        ByteBuffer.allocate(4).putInt(id).array(),
                        NO_HEADERS);
            }
            return writer.close(producerId, (short) 0, firstSequence, false);
        }

        Answer[] send(short acks, long producerId, int firstSequence, int... recordIds) throws IOException {
            return send(acks, batch(producerId, firstSequence, recordIds));
        }

        /** The batch to the leader and to the model with these acks: their answers, Kafka's first. */
        Answer[] send(short acks, ByteBuffer batch) throws IOException {
            Produce.Response response = wire.send(
                    new Produce.Request(
                            null,
                            acks,
                            30_000,
                            List.of(new Produce.TopicData(
                                    TOPIC, null, List.of(new Produce.PartitionData(0, batch.duplicate()))))),
                    PRODUCE_V12);
            Produce.PartitionResponse kafkaAnswer =
                    response.responses().get(0).partitions().get(0);
            RecordBatch parsed = MemoryRecords.readableRecords(batch.duplicate())
                    .batches()
                    .iterator()
                    .next();
            ModelCluster.Result modelAnswer = model.append(new TopicPartition(TOPIC, 0), parsed, acks);
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
                Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.baseOffset())
            };
        }

        void expect(Answer[] answers, Answer expected) {
            assertThat(answers[1])
                    .as("the model's answer, Kafka 4.4 answered %s", answers[0])
                    .isEqualTo(answers[0]);
            assertThat(answers[0]).as("Kafka 4.4's answer").isEqualTo(expected);
        }

        @Override
        public void close() throws IOException {
            wire.close();
        }
    }
}
