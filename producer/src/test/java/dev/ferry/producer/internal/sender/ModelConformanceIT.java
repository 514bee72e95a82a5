package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Keeps the simulator's {@link ModelCluster} honest: each scenario sends the same record batches,
 * byte for byte, to the model and to a real Kafka 4.4 broker (testkit's {@link KafkaCluster}, raw
 * Produce and InitProducerId requests through Ferry's codecs) and asserts both answer with the same
 * error code and base offset. Each scenario has a fresh topic on the broker and a fresh model, so
 * offsets count from 0 on both sides. The expected answers are written out too: they are what Kafka
 * 4.4 answers, found by this test, and where the model first disagreed it was changed to agree.
 *
 * <p>The model's transaction coordinator (fencing by a transactional id, transaction-state errors,
 * markers) is held to Kafka at both transaction versions by {@link ModelTransactionConformanceIT}.
 */
class ModelConformanceIT {
    private static final short PRODUCE_V12 = 12;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** The record id the compacted topic's scenario sends without a key, and the model's validation refuses. */
    private static final int KEYLESS = 99;

    private static KafkaCluster kafka;
    private static WireConnection wire;
    private static short initProducerIdVersion;

    @BeforeAll
    static void startBroker() throws IOException {
        // a child JVM, so that one scenario can kill the broker with SIGKILL and start it again
        kafka = KafkaCluster.builder().childJvm().start();
        wire = new WireConnection(port(kafka));
        BrokerVersions versions =
                BrokerVersions.from(wire.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4));
        initProducerIdVersion = versions.highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (wire != null) {
            wire.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** One broker's answer to one batch. */
    record Answer(ErrorCode error, long baseOffset) {
        static Answer of(ErrorCode error, long baseOffset) {
            return new Answer(error, baseOffset);
        }
    }

    @Test
    void batchesInSequenceAreAppended(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();

        sides.expect(sides.produce(producerId, 0, 0, 1, 2, 3), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.produce(producerId, 0, 3, 4, 5), Answer.of(ErrorCode.NONE, 3));
        sides.expect(sides.produce(producerId, 0, 5, 6), Answer.of(ErrorCode.NONE, 5));
    }

    @Test
    void aBatchSentAgainIsAnsweredWithItsOriginalOffsetWhileItIsAmongTheLastFive(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        Batch[] batches = new Batch[6];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = sides.batch(producerId, 0, 2 * i, 2 * i, 2 * i + 1);
            sides.expect(sides.send(batches[i]), Answer.of(ErrorCode.NONE, 2L * i));
        }

        // the oldest of the last five, and the newest
        sides.expect(sides.send(batches[1]), Answer.of(ErrorCode.NONE, 2));
        sides.expect(sides.send(batches[5]), Answer.of(ErrorCode.NONE, 10));
        // six back: forgotten, so its sequence is out of order
        sides.expect(sides.send(batches[0]), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        // overlapping a written batch without matching it
        sides.expect(sides.produce(producerId, 0, 9, 100, 101), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        // and the log did not change: the next sequence still goes in
        sides.expect(sides.produce(producerId, 0, 12, 12), Answer.of(ErrorCode.NONE, 12));
    }

    @Test
    void aGapInTheSequenceIsOutOfOrder(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();

        sides.expect(sides.produce(producerId, 0, 0, 1, 2), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.produce(producerId, 0, 5, 3), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, 2, 3), Answer.of(ErrorCode.NONE, 2));
    }

    @Test
    void aNewEpochStartsAtSequenceZeroAndTheOldOneIsRefused(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        sides.expect(sides.produce(producerId, 0, 0, 1, 2), Answer.of(ErrorCode.NONE, 0));

        // a new epoch of a producer the partition knows must start at 0
        sides.expect(sides.produce(producerId, 1, 2, 3), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 1, 0, 3), Answer.of(ErrorCode.NONE, 2));
        // then the old epoch is stale, whether its sequence follows on or repeats a written batch
        sides.expect(sides.produce(producerId, 0, 2, 4), Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1));
        sides.expect(sides.produce(producerId, 0, 0, 1, 2), Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1));
        sides.expect(sides.produce(producerId, 1, 1, 4), Answer.of(ErrorCode.NONE, 3));
    }

    @Test
    void aProducerThePartitionDoesNotKnowMayStartAtAnySequence(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();

        // Kafka accepts any first sequence from a producer without state on the partition (its
        // records may have been deleted); from then on the sequence is checked
        sides.expect(sides.produce(producerId, 0, 7, 1, 2), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.produce(producerId, 0, 10, 3), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, 9, 3), Answer.of(ErrorCode.NONE, 2));
        // so does it at a later epoch
        long other = sides.newProducerId();
        sides.expect(sides.produce(other, 3, 4, 10), Answer.of(ErrorCode.NONE, 3));
    }

    @Test
    void afterIntegerMaxValueTheSequenceGoesOnAtZero(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        int max = Integer.MAX_VALUE;
        Batch last = sides.batch(producerId, 0, max - 2, 1, 2, 3);
        sides.expect(sides.send(last), Answer.of(ErrorCode.NONE, 0));

        // not max + 1, nor anything on from it
        sides.expect(sides.produce(producerId, 0, 1, 4), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, 0, 4, 5), Answer.of(ErrorCode.NONE, 3));
        // the batch that ended at max is still among the last five: a duplicate
        sides.expect(sides.send(last), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.produce(producerId, 0, 2, 6), Answer.of(ErrorCode.NONE, 5));
    }

    @Test
    void aBatchMayWrapWithinItself(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        int max = Integer.MAX_VALUE;
        sides.expect(sides.produce(producerId, 0, max - 3, 1, 2), Answer.of(ErrorCode.NONE, 0));
        // sequences max - 1, max, 0, 1
        Batch across = sides.batch(producerId, 0, max - 1, 3, 4, 5, 6);
        sides.expect(sides.send(across), Answer.of(ErrorCode.NONE, 2));

        sides.expect(sides.send(across), Answer.of(ErrorCode.NONE, 2));
        sides.expect(sides.produce(producerId, 0, 3, 7), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, max - 1, 7), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, 2, 7), Answer.of(ErrorCode.NONE, 6));
    }

    @Test
    void aBatchTheBrokerRefusesLeavesTheSequenceWhereItWas(TestInfo test) throws IOException {
        Sides sides = new Sides(test, Map.of("cleanup.policy", "compact"));
        long producerId = sides.newProducerId();

        sides.expect(sides.produce(producerId, 0, 0, 1), Answer.of(ErrorCode.NONE, 0));
        // a compacted topic refuses a record without a key, before any sequence check
        sides.expect(sides.produce(producerId, 0, 1, 2, KEYLESS), Answer.of(ErrorCode.INVALID_RECORD, -1));
        sides.expect(sides.produce(producerId, 0, 5, KEYLESS), Answer.of(ErrorCode.INVALID_RECORD, -1));
        sides.expect(sides.produce(producerId, 0, 1, 2), Answer.of(ErrorCode.NONE, 1));
    }

    /** What the simulation's split batches meet: a batch over max.message.bytes is refused whole, the sequence kept. */
    @Test
    void aBatchLargerThanMaxMessageBytesIsRefusedBeforeAnySequenceCheck(TestInfo test) throws IOException {
        Sides sides = new Sides(test, Map.of("max.message.bytes", "100"));
        long producerId = sides.newProducerId();
        assertThat(sides.batch(producerId, 0, 0, 1, 2, 3, 4, 5).bytes().remaining())
                .isGreaterThan(100);
        assertThat(sides.batch(producerId, 0, 0, 1, 2).bytes().remaining()).isLessThanOrEqualTo(100);

        sides.expect(sides.produce(producerId, 0, 0, 1, 2, 3, 4, 5), Answer.of(ErrorCode.MESSAGE_TOO_LARGE, -1));
        sides.expect(sides.produce(producerId, 0, 0, 1, 2), Answer.of(ErrorCode.NONE, 0));
        // a gap too, but the size is checked first
        sides.expect(sides.produce(producerId, 0, 7, 3, 4, 5, 6, 7), Answer.of(ErrorCode.MESSAGE_TOO_LARGE, -1));
        sides.expect(sides.produce(producerId, 0, 2, 3, 4), Answer.of(ErrorCode.NONE, 2));
        sides.expect(sides.produce(producerId, 0, 4, 5), Answer.of(ErrorCode.NONE, 4));
    }

    /** An idempotent producer (no transactional id) that names its id and epoch gets a new id at epoch 0. */
    @Test
    void initProducerIdWithoutTransactionalIdAlwaysGivesANewProducerId(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        InitProducerId.Response first = sides.kafkaInitProducerId(-1, (short) -1);
        InitProducerId.Response again = sides.kafkaInitProducerId(first.producerId(), first.producerEpoch());
        InitProducerIdResponseData modelFirst = sides.model.initProducerId(
                new InitProducerIdRequestData().setProducerId(-1).setProducerEpoch((short) -1));
        InitProducerIdResponseData modelAgain = sides.model.initProducerId(new InitProducerIdRequestData()
                .setProducerId(modelFirst.producerId())
                .setProducerEpoch(modelFirst.producerEpoch()));

        assertThat(List.of(first.errorCode(), first.producerEpoch(), again.errorCode(), again.producerEpoch()))
                .isEqualTo(List.of((short) 0, (short) 0, (short) 0, (short) 0))
                .isEqualTo(List.of(
                        modelFirst.errorCode(),
                        modelFirst.producerEpoch(),
                        modelAgain.errorCode(),
                        modelAgain.producerEpoch()));
        assertThat(again.producerId()).isNotEqualTo(first.producerId());
        assertThat(modelAgain.producerId()).isNotEqualTo(modelFirst.producerId());
    }

    /**
     * A broker killed with SIGKILL refuses connections until it starts again. As the only replica of
     * a young partition (no producer-state snapshot yet: none is taken before a segment rolls or the
     * broker stops cleanly) it comes back with the records but without the producer state: a batch
     * sent again is appended a second time, at any sequence, and the sequence is checked again from
     * there. (This test first expected the batch answered with its original offset; Kafka 4.4 appended it.)
     */
    @Test
    void aSoleReplicaKilledAndRestartedLosesTheProducerStateItHadNoSnapshotOf(TestInfo test) throws IOException {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        Batch first = sides.batch(producerId, 0, 0, 0, 1);
        sides.expect(sides.send(first), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.produce(producerId, 0, 2, 2, 3), Answer.of(ErrorCode.NONE, 2));
        int broker = kafka.brokerIds().get(0);

        wire.close();
        kafka.killBroker(broker);
        sides.model.replication().crash(0);
        assertThatThrownBy(() -> new WireConnection(port(kafka)).close())
                .as("a killed broker refuses connections")
                .isInstanceOf(ConnectException.class);
        assertThat(sides.model.replication().isDown(0)).isTrue();
        kafka.startBroker(broker);
        sides.model.restart(0);
        wire = new WireConnection(port(kafka));

        // the partition may still be without a leader right after the start: the first batch is sent until it is led
        sides.expect(sides.sendOnceLed(first), Answer.of(ErrorCode.NONE, 4));
        sides.expect(sides.send(first), Answer.of(ErrorCode.NONE, 4));
        sides.expect(sides.produce(producerId, 0, 4, 4), Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
        sides.expect(sides.produce(producerId, 0, 2, 2, 3), Answer.of(ErrorCode.NONE, 6));
    }

    /**
     * A topic that gains partitions (CreatePartitions): each new partition starts empty, takes
     * batches from offset 0 with its own producer state, and the old ones go on where they were.
     */
    @Test
    void aPartitionAddedToATopicStartsEmptyWithItsOwnProducerState(TestInfo test) throws Exception {
        Sides sides = new Sides(test);
        long producerId = sides.newProducerId();
        sides.expect(sides.produce(producerId, 0, 0, 0, 1), Answer.of(ErrorCode.NONE, 0));

        kafka.admin()
                .createPartitions(Map.of(sides.topic, NewPartitions.increaseTo(3)))
                .all()
                .get(60, TimeUnit.SECONDS);
        sides.model.addPartitions(3);

        // the new partition may be without a leader for a moment: sent until it is led
        sides.expect(sides.sendOnceLed(sides.batch(producerId, 0, 0, 2, 3), 2), Answer.of(ErrorCode.NONE, 0));
        sides.expect(sides.send(sides.batch(producerId, 0, 2, 4), 2), Answer.of(ErrorCode.NONE, 2));
        sides.expect(sides.produce(producerId, 0, 2, 5), Answer.of(ErrorCode.NONE, 2));
        assertThat(sides.model.partitionCount()).isEqualTo(3);
    }

    /** A batch's bytes, as both sides receive them. */
    record Batch(ByteBuffer bytes) {}

    /** The broker's topic and the model of one scenario. */
    private static final class Sides {
        final String topic;
        final ModelCluster model;

        Sides(TestInfo test) {
            this(test, Map.of());
        }

        Sides(TestInfo test, Map<String, String> topicConfig) {
            this.topic = "conformance-" + test.getTestMethod().orElseThrow().getName();
            kafka.createTopic(new NewTopic(topic, 1, (short) 1).configs(topicConfig));
            boolean validatesKeys = "compact".equals(topicConfig.get("cleanup.policy"));
            this.model = new ModelCluster(topic, 1, 1, false, id -> validatesKeys && id == KEYLESS);
            if (topicConfig.containsKey("max.message.bytes")) {
                model.maxMessageBytes(Integer.parseInt(topicConfig.get("max.message.bytes")));
            }
        }

        /** A producer id from the broker; the model takes any id, so both sides use this one. */
        long newProducerId() {
            InitProducerId.Response response = kafkaInitProducerId(-1, (short) -1);
            assertThat(response.errorCode())
                    .as("InitProducerId: %s", ErrorCode.forCode(response.errorCode()))
                    .isZero();
            return response.producerId();
        }

        InitProducerId.Response kafkaInitProducerId(long producerId, short epoch) {
            // a fresh broker answers COORDINATOR_LOAD_IN_PROGRESS until its producer id block arrives
            return wire.sendUntil(
                    new InitProducerId.Request(null, 60_000, producerId, epoch),
                    initProducerIdVersion,
                    response -> WireConnection.notRetriable(response.errorCode()));
        }

        /** One batch of records whose values are their ids ({@link ModelCluster} reads them back); {@link #KEYLESS} has no key. */
        Batch batch(long producerId, int epoch, int firstSequence, int... recordIds) {
            RecordBatchWriter writer =
                    new RecordBatchWriter(ByteBuffer.allocate(4_096), Compression.of(BatchCodec.NONE), 4_096, 1.0f);
            for (int id : recordIds) {
                byte[] key = id == KEYLESS ? null : ("k" + id).getBytes(StandardCharsets.UTF_8);
                writer.tryAppend(
                        1_700_000_000_000L,
                        key,
                        ByteBuffer.allocate(4).putInt(id).array(),
                        NO_HEADERS);
            }
            return new Batch(writer.close(producerId, (short) epoch, firstSequence, false));
        }

        Answer[] produce(long producerId, int epoch, int firstSequence, int... recordIds) throws IOException {
            return send(batch(producerId, epoch, firstSequence, recordIds));
        }

        /** The batch to Kafka and to the model: their answers, Kafka's first. */
        Answer[] send(Batch batch) throws IOException {
            return send(batch, 0);
        }

        Answer[] send(Batch batch, int partitionIndex) throws IOException {
            return answers(batch, partitionIndex, wire.send(request(batch, partitionIndex), PRODUCE_V12));
        }

        /** As {@link #send}, Kafka's side sent again while the partition has no leader (a broker just started). */
        Answer[] sendOnceLed(Batch batch) {
            return sendOnceLed(batch, 0);
        }

        /** As {@link #send}, Kafka's side sent again while the partition has no leader (just started or added). */
        Answer[] sendOnceLed(Batch batch, int partitionIndex) {
            Set<Short> leaderless = Set.of(
                    ErrorCode.NOT_LEADER_OR_FOLLOWER.code(),
                    ErrorCode.LEADER_NOT_AVAILABLE.code(),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
            return answers(
                    batch,
                    partitionIndex,
                    wire.sendUntil(
                            request(batch, partitionIndex),
                            PRODUCE_V12,
                            response -> !leaderless.contains(
                                    ConformanceSides.onlyPartition(response).errorCode())));
        }

        private Produce.Request request(Batch batch, int partitionIndex) {
            return ConformanceSides.produceRequest(
                    null, ConformanceSides.ACKS_ALL, topic, partitionIndex, batch.bytes());
        }

        private Answer[] answers(Batch batch, int partitionIndex, Produce.Response response) {
            Produce.PartitionResponse kafkaAnswer = ConformanceSides.onlyPartition(response);
            RecordBatch parsed = ConformanceSides.parsed(batch.bytes());
            ModelCluster.Result modelAnswer = model.append(new TopicPartition(topic, partitionIndex), parsed);
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
    }

    private static int port(KafkaCluster cluster) {
        String address = cluster.bootstrapServers();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
