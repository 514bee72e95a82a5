package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.WireConnection;
import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the {@link ModelCoordinator} honest: each scenario sends the same transaction requests
 * (InitProducerId with a transactional id, AddPartitionsToTxn, transactional Produce, EndTxn) to the
 * model and to a real Kafka 4.4 broker, once with transaction.version 1 (Produce v11, EndTxn v4,
 * AddPartitionsToTxn v3) on a broker formatted at that level and once with version 2 (Produce v12,
 * EndTxn v5, partitions added implicitly) on the default broker, and asserts the same error codes,
 * epochs and base offsets (so markers take an offset on both sides). The expected answers are written
 * out: they are what Kafka 4.4 answers, found by this test.
 *
 * <p>Kafka writes markers asynchronously and answers CONCURRENT_TRANSACTIONS to requests that come
 * while they are in flight; the model writes them at once. The broker's side is therefore asked
 * again on CONCURRENT_TRANSACTIONS (except where the scenario checks that answer), and the model is
 * asked once.
 */
class ModelTransactionConformanceIT {
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private static KafkaCluster kafkaV1;
    private static KafkaCluster kafkaV2;

    @BeforeAll
    static void startBrokers() {
        kafkaV1 = KafkaCluster.builder().transactionVersion(1).start();
        kafkaV2 = KafkaCluster.builder().transactionVersion(2).start();
    }

    @AfterAll
    static void stopBrokers() {
        if (kafkaV1 != null) {
            kafkaV1.close();
        }
        if (kafkaV2 != null) {
            kafkaV2.close();
        }
    }

    /** What both sides answered to one request: error, and epoch or offset where the request has one (-1 when not). */
    record Answer(ErrorCode error, long value) {
        static Answer of(ErrorCode error, long value) {
            return new Answer(error, value);
        }

        /** AddPartitionsToTxn's answer for its one partition: an error and no value. */
        static Answer of(AddPartitionsToTxn.Response response) {
            return errorOnly(response.results().get(0).partitions().get(0).errorCode());
        }

        static Answer errorOnly(short errorCode) {
            return of(ErrorCode.forCode(errorCode), -1);
        }
    }

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aCommittedTransactionsMarkerTakesAnOffsetAndTheNextTransactionFollowsIt(int version, TestInfo test)
            throws IOException {
        try (Sides sides = new Sides(version, test)) {
            Answer[] init = sides.init(-1, (short) -1);
            sides.expect(init, Answer.of(ErrorCode.NONE, 0));
            sides.addPartition(0);
            sides.expect(sides.produce(0, 0, 1, 2, 3), Answer.of(ErrorCode.NONE, 0));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));

            // transaction.version 2 goes on at the new epoch from sequence 0, version 1 at the same epoch
            // where the sequence was; offset 3 is the commit marker
            short next = (short) (version == 2 ? 1 : 0);
            sides.addPartition(next);
            sides.expect(sides.produce(next, version == 2 ? 0 : 3, 4, 5), Answer.of(ErrorCode.NONE, 4));
            sides.expect(sides.endTxn(next, false), Answer.of(ErrorCode.NONE, version == 2 ? 2 : -1));
            assertThat(sides.kafkaReadCommitted()).containsExactly(1, 2, 3);
            assertThat(sides.modelReadCommitted()).containsExactly(1, 2, 3);
        }
    }

    /** transaction.version 1: EndTxn with nothing added is refused, unless it repeats the previous transaction's end. */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1})
    void endTxnOnVersion1NeedsAnOpenTransactionOrRepeatsTheLastEnd(int version, TestInfo test) throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            // nothing added yet: no transaction is open
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
            sides.addPartition(0);
            sides.expect(sides.produce(0, 0, 1), Answer.of(ErrorCode.NONE, 0));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.NONE, -1));
            // the same EndTxn again, as a client retries it after a lost answer (or commits nothing)
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.NONE, -1));
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
        }
    }

    /**
     * transaction.version 2: EndTxn at the current epoch with nothing open commits nothing
     * (INVALID_TXN_STATE) but aborts, with a new epoch; a repeated end at the epoch before gets the
     * same answer; an older epoch is fenced.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {2})
    void endTxnOnVersion2AbortsButDoesNotCommitAnEmptyTransactionAndARetryGetsTheSameEpoch(int version, TestInfo test)
            throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.NONE, 1));
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.NONE, 1));
            sides.expect(sides.produce(1, 0, 1), Answer.of(ErrorCode.NONE, 0));
            sides.expect(sides.endTxn(1, true), Answer.of(ErrorCode.NONE, 2));
            sides.expect(sides.endTxn(1, true), Answer.of(ErrorCode.NONE, 2));
            sides.expect(sides.endTxn(1, false), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
            sides.expect(sides.endTxn(2, true), Answer.of(ErrorCode.INVALID_TXN_STATE, -1));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            assertThat(sides.kafkaReadCommitted()).containsExactly(1);
            assertThat(sides.modelReadCommitted()).containsExactly(1);
        }
    }

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aSecondInitProducerIdAbortsTheOpenTransactionAndFencesTheOldEpoch(int version, TestInfo test)
            throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.addPartition(0);
            sides.expect(sides.produce(0, 0, 1, 2), Answer.of(ErrorCode.NONE, 0));

            // another instance with the same transactional id: the open transaction is aborted first
            sides.expect(sides.initOnce(-1, (short) -1), Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
            sides.expect(sides.init(-1, (short) -1), Answer.of(ErrorCode.NONE, 2));

            // the old instance's requests at its epoch
            sides.expect(sides.produce(0, 2, 3), Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            sides.expect(sides.init(sides.producerId, (short) 0), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            assertThat(sides.kafkaReadCommitted()).isEmpty();
            assertThat(sides.modelReadCommitted()).isEmpty();
        }
    }

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void initProducerIdWithTheCurrentEpochBumpsItAndARetryGetsTheSame(int version, TestInfo test) throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.expect(sides.init(sides.producerId, (short) 0), Answer.of(ErrorCode.NONE, 1));
            sides.expect(sides.init(sides.producerId, (short) 0), Answer.of(ErrorCode.NONE, 1));
            sides.expect(sides.init(sides.producerId, (short) 5), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            // the epoch before the bump is fenced: version 2 takes it for a repeated EndTxn only after EndTxn bumped
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            // a new instance bumps too; the old one's bump from the epoch before is not a retry of it
            sides.expect(sides.init(-1, (short) -1), Answer.of(ErrorCode.NONE, 2));
            sides.expect(sides.init(sides.producerId, (short) 1), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
        }
    }

    /** transaction.version 1 verifies that the partition is in the transaction (KIP-890 part 1); version 2 adds it. */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aTransactionalBatchToAPartitionNotAddedIsRefusedOnlyBeforeVersion2(int version, TestInfo test)
            throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.expect(
                    sides.produce(0, 0, 1),
                    version == 2 ? Answer.of(ErrorCode.NONE, 0) : Answer.of(ErrorCode.TRANSACTION_ABORTABLE, -1));
        }
    }

    /** After a commit under transaction.version 2 the epoch is bumped: a batch of the old epoch is stale. */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aBatchOfTheEndedTransactionArrivingLateIsRefused(int version, TestInfo test) throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.addPartition(0);
            sides.expect(sides.produce(0, 0, 1), Answer.of(ErrorCode.NONE, 0));
            sides.expect(sides.endTxn(0, false), Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));

            // the next batch of the aborted transaction, delivered after its end
            sides.expect(
                    sides.produce(0, 1, 2),
                    version == 2
                            ? Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1)
                            : Answer.of(ErrorCode.TRANSACTION_ABORTABLE, -1));
            assertThat(sides.kafkaReadCommitted()).isEmpty();
            assertThat(sides.modelReadCommitted()).isEmpty();
        }
    }

    /**
     * Offsets in transactions: on transaction.version 1 AddOffsetsToTxn first, then TxnOffsetCommit
     * at the version Ferry sends (v5 on version 1, v6 naming the topic by id on version 2). The
     * group's offsets change only with a commit marker; an aborted transaction's offsets never count.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void offsetsOfACommittedTransactionBecomeTheGroupsAndOfAnAbortedOneNever(int version, TestInfo test)
            throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            if (version == 1) {
                sides.expect(sides.addOffsets(0), Answer.of(ErrorCode.NONE, -1));
            }
            sides.expect(sides.txnOffsetCommit(0, 42), Answer.of(ErrorCode.NONE, -1));
            sides.expect(sides.groupOffsets(), Answer.of(ErrorCode.NONE, -1));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));
            sides.expect(sides.groupOffsets(), Answer.of(ErrorCode.NONE, 42));

            short next = (short) (version == 2 ? 1 : 0);
            if (version == 1) {
                sides.expect(sides.addOffsets(next), Answer.of(ErrorCode.NONE, -1));
            }
            sides.expect(sides.txnOffsetCommit(next, 50), Answer.of(ErrorCode.NONE, -1));
            sides.expect(sides.endTxn(next, false), Answer.of(ErrorCode.NONE, version == 2 ? 2 : -1));
            sides.expect(sides.groupOffsets(), Answer.of(ErrorCode.NONE, 42));
        }
    }

    /**
     * TxnOffsetCommit without AddOffsetsToTxn: v5 and later add the offsets partition to the open
     * transaction as Produce v12+ adds a partition, on either transaction.version; kafka-clients'
     * v4 on version 1 is only verified.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void txnOffsetCommitWithoutAddOffsetsToTxn(int version, TestInfo test) throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            if (version == 1) {
                sides.expect(sides.txnOffsetCommit(0, 7, (short) 4), Answer.of(ErrorCode.TRANSACTION_ABORTABLE, -1));
            }
            sides.expect(sides.txnOffsetCommit(0, 42), Answer.of(ErrorCode.NONE, -1));
            sides.expect(sides.endTxn(0, true), Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));
            sides.expect(sides.groupOffsets(), Answer.of(ErrorCode.NONE, 42));
        }
    }

    /**
     * After another instance's InitProducerId the old epoch's AddOffsetsToTxn is PRODUCER_FENCED and
     * its TxnOffsetCommit INVALID_PRODUCER_EPOCH, on both versions.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aFencedEpochCommitsNoOffsets(int version, TestInfo test) throws IOException {
        try (Sides sides = new Sides(version, test)) {
            sides.init(-1, (short) -1);
            sides.expect(sides.init(-1, (short) -1), Answer.of(ErrorCode.NONE, 1));
            sides.expect(sides.addOffsets(0), Answer.of(ErrorCode.PRODUCER_FENCED, -1));
            sides.expect(sides.txnOffsetCommit(0, 42), Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1));
            sides.expect(sides.groupOffsets(), Answer.of(ErrorCode.NONE, -1));
        }
    }

    /** One scenario's topic and transactional id on the broker of its transaction version, and its model. */
    private static final class Sides implements AutoCloseable {
        final int version;
        final KafkaCluster kafka;
        final WireConnection wire;
        final String topic;
        final String transactionalId;
        final TopicPartition partition;
        final ModelCluster model;
        final String group;
        private UUID topicId;
        private boolean groupCoordinatorLoaded;
        long producerId = -1;
        long modelProducerId = -1;
        private int step;
        private final List<String> problems = new ArrayList<>();

        Sides(int version, TestInfo test) throws IOException {
            this.version = version;
            this.kafka = version == 1 ? kafkaV1 : kafkaV2;
            String name = test.getTestMethod().orElseThrow().getName();
            this.topic = "txn-conformance-" + name;
            this.transactionalId = "txn-" + name;
            this.group = "group-" + name + "-" + version;
            this.partition = new TopicPartition(topic, 0);
            kafka.createTopic(topic, 1, 1);
            this.wire = new WireConnection(port(kafka));
            this.model = new ModelCluster(topic, 1, 1, false, id -> false);
            // the broker's coordinator for the id, before the first InitProducerId
            wire.coordinator(FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId);
        }

        /** InitProducerId until it is not CONCURRENT_TRANSACTIONS on the broker, once on the model. */
        Answer[] init(long id, short epoch) {
            InitProducerId.Response kafkaAnswer = wire.sendUntil(
                    new InitProducerId.Request(transactionalId, 60_000, id, epoch),
                    (short) 5,
                    r -> WireConnection.notRetriable(r.errorCode()));
            return initAnswers(kafkaAnswer, id, epoch);
        }

        Answer[] initOnce(long id, short epoch) throws IOException {
            return initAnswers(
                    wire.send(new InitProducerId.Request(transactionalId, 60_000, id, epoch), (short) 5), id, epoch);
        }

        private Answer[] initAnswers(InitProducerId.Response kafkaAnswer, long id, short epoch) {
            ModelCoordinator.Init modelAnswer =
                    model.coordinator().initProducerId(transactionalId, id < 0 ? -1 : modelProducerId, epoch);
            if (producerId < 0 && kafkaAnswer.errorCode() == 0) {
                producerId = kafkaAnswer.producerId();
                modelProducerId = modelAnswer.producerId();
            }
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.producerEpoch()),
                Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.epoch())
            };
        }

        /** AddPartitionsToTxn on transaction.version 1 (both sides must accept); nothing on 2, where Produce adds. */
        void addPartition(int epoch) {
            if (version == 2) {
                return;
            }
            AddPartitionsToTxn.Response response = wire.sendUntil(
                    new AddPartitionsToTxn.Request(
                            transactionalId,
                            producerId,
                            (short) epoch,
                            List.of(new AddPartitionsToTxn.Topic(topic, List.of(0)))),
                    (short) 3,
                    r -> WireConnection.notRetriable(
                            r.results().get(0).partitions().get(0).errorCode()));
            Answer[] answers = {
                Answer.of(response),
                Answer.errorOnly(model.coordinator()
                        .addPartitions(transactionalId, modelProducerId, (short) epoch, Set.of(partition))
                        .code())
            };
            expect(answers, Answer.of(ErrorCode.NONE, -1));
        }

        /** A transactional batch of the records (values are their ids) at this epoch and first sequence. */
        Answer[] produce(int epoch, int firstSequence, int... recordIds) throws IOException {
            short produceVersion = ConformanceSides.transactionalProduceVersion(version);
            Produce.PartitionResponse kafkaAnswer = ConformanceSides.sendTransactional(
                    wire, transactionalId, topic, batch(producerId, epoch, firstSequence, recordIds), produceVersion);
            RecordBatch parsed = ConformanceSides.parsed(batch(modelProducerId, epoch, firstSequence, recordIds));
            ModelCluster.Result modelAnswer =
                    model.append(partition, parsed, transactionalId, produceVersion, (short) -1);
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
                Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.baseOffset())
            };
        }

        /** AddOffsetsToTxn v4 for the scenario's group at this epoch. */
        Answer[] addOffsets(int epoch) {
            AddOffsetsToTxn.Response kafkaAnswer = wire.sendUntil(
                    new AddOffsetsToTxn.Request(transactionalId, producerId, (short) epoch, group),
                    (short) 4,
                    r -> WireConnection.notRetriable(r.errorCode()));
            Errors modelAnswer = model.coordinator().addOffsets(transactionalId, modelProducerId, (short) epoch, group);
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), -1),
                Answer.of(ErrorCode.forCode(modelAnswer.code()), -1)
            };
        }

        /** TxnOffsetCommit of partition 0's offset at this epoch, at the version Ferry sends. */
        Answer[] txnOffsetCommit(int epoch, long offset) {
            return txnOffsetCommit(epoch, offset, (short) (version == 2 ? 6 : 5));
        }

        Answer[] txnOffsetCommit(int epoch, long offset, short requestVersion) {
            if (!groupCoordinatorLoaded) {
                // the broker creates the offsets topic on the first lookup of a group's coordinator
                wire.sendUntil(
                        new FindCoordinator.Request(FindCoordinator.KEY_TYPE_GROUP, List.of(group)),
                        (short) 6,
                        r -> WireConnection.notRetriable(r.coordinators().get(0).errorCode()));
                groupCoordinatorLoaded = true;
            }
            TxnOffsetCommit.Response kafkaAnswer = wire.sendUntil(
                    new TxnOffsetCommit.Request(
                            transactionalId,
                            group,
                            producerId,
                            (short) epoch,
                            -1,
                            "",
                            null,
                            List.of(new TxnOffsetCommit.Topic(
                                    topic, topicId(), List.of(new TxnOffsetCommit.Partition(0, offset, -1, ""))))),
                    requestVersion,
                    r -> WireConnection.notRetriable(
                            r.topics().get(0).partitions().get(0).errorCode()));
            Errors modelAnswer = model.coordinator()
                    .txnOffsetCommit(
                            transactionalId,
                            modelProducerId,
                            (short) epoch,
                            group,
                            Map.of(partition, offset),
                            requestVersion >= 5);
            return new Answer[] {
                Answer.of(
                        ErrorCode.forCode(
                                kafkaAnswer.topics().get(0).partitions().get(0).errorCode()),
                        -1),
                Answer.of(ErrorCode.forCode(modelAnswer.code()), -1)
            };
        }

        /**
         * The group's committed offset of partition 0 (-1 for none), as kafka-clients' Admin fetches
         * it. Kafka writes the markers after answering EndTxn, so its side is asked again for up to
         * 10 s while it differs from the model's.
         */
        Answer[] groupOffsets() {
            Long modelOffset = model.coordinator().groups().committed(group).get(partition);
            Answer modelAnswer = Answer.of(ErrorCode.NONE, modelOffset == null ? -1 : modelOffset);
            Answer kafkaAnswer = kafkaGroupOffset();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!kafkaAnswer.equals(modelAnswer) && System.nanoTime() < deadline) {
                kafkaAnswer = kafkaGroupOffset();
            }
            return new Answer[] {kafkaAnswer, modelAnswer};
        }

        private Answer kafkaGroupOffset() {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            try {
                OffsetAndMetadata offset = kafka.admin()
                        .listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(tp);
                return Answer.of(ErrorCode.NONE, offset == null ? -1 : offset.offset());
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError("fetching the offsets of group " + group, e);
            }
        }

        private UUID topicId() {
            if (topicId == null) {
                try {
                    topicId = ConformanceSides.kafkaTopicId(kafka, topic);
                } catch (InterruptedException | ExecutionException e) {
                    throw new AssertionError("describing " + topic, e);
                }
            }
            return topicId;
        }

        /** EndTxn at this epoch: the error and, on transaction.version 2, the epoch it returns. */
        Answer[] endTxn(int epoch, boolean commit) {
            short endVersion = (short) (version == 2 ? 5 : 4);
            EndTxn.Response kafkaAnswer = wire.sendUntil(
                    new EndTxn.Request(transactionalId, producerId, (short) epoch, commit),
                    endVersion,
                    r -> WireConnection.notRetriable(r.errorCode()));
            ModelCoordinator.End modelAnswer =
                    model.coordinator().endTxn(transactionalId, modelProducerId, (short) epoch, commit, version == 2);
            return new Answer[] {
                Answer.of(
                        ErrorCode.forCode(kafkaAnswer.errorCode()),
                        kafkaAnswer.errorCode() == 0 && version == 2 ? kafkaAnswer.producerEpoch() : -1),
                Answer.of(
                        ErrorCode.forCode(modelAnswer.error().code()),
                        modelAnswer.error() == Errors.NONE && version == 2 ? modelAnswer.epoch() : -1)
            };
        }

        /** Notes a step where the model and Kafka differ, or Kafka is not as written; the scenario goes on, so one run shows every step. */
        void expect(Answer[] answers, Answer expected) {
            step++;
            if (!answers[1].equals(answers[0]) || !answers[0].equals(expected)) {
                problems.add("step " + step + ": Kafka 4.4 " + answers[0] + ", model " + answers[1] + ", expected "
                        + expected);
            }
        }

        List<Integer> modelReadCommitted() {
            return model.readCommitted(partition).stream()
                    .map(ModelCluster.Entry::recordId)
                    .toList();
        }

        List<Integer> kafkaReadCommitted() {
            return ConformanceSides.kafkaReadCommitted(kafka, topic);
        }

        @Override
        public void close() throws IOException {
            wire.close();
            assertThat(problems).as("steps where the model or Kafka 4.4 differ").isEmpty();
        }
    }

    /** A transactional batch of the records {@code recordIds}, uncompressed, as both sides are sent it. */
    static ByteBuffer batch(long producerId, int epoch, int firstSequence, int... recordIds) {
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4_096), Compression.of(BatchCodec.NONE), 4_096, 1.0f);
        for (int id : recordIds) {
            writer.tryAppend(
                    1_700_000_000_000L,
                    ("k" + id).getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(4).putInt(id).array(),
                    NO_HEADERS);
        }
        return writer.close(producerId, (short) epoch, firstSequence, true);
    }

    private static int port(KafkaCluster cluster) {
        String address = cluster.bootstrapServers();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
