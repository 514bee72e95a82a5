package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.ModelTransactionConformanceIT.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.AuthenticationException;
import dev.ferry.producer.LeaderMoves;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.network.ConnectionListener;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.network.ResponseHandler;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.RequestCodec;
import dev.ferry.producer.internal.protocol.RequestHeader;
import dev.ferry.producer.internal.protocol.WireConnection;
import dev.ferry.producer.internal.protocol.message.AddOffsetsToTxn;
import dev.ferry.producer.internal.protocol.message.AddPartitionsToTxn;
import dev.ferry.producer.internal.protocol.message.EndTxn;
import dev.ferry.producer.internal.protocol.message.FindCoordinator;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.protocol.message.TxnOffsetCommit;
import dev.ferry.producer.internal.sender.ModelTransactionConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the model's coordinator moves honest against three Kafka 4.4 brokers, at transaction.version
 * 1 and 2. Kafka's transaction coordinator of a transactional id is the leader of its
 * __transaction_state partition, a group's coordinator the leader of its __consumer_offsets
 * partition; kafka-clients' Admin moves both leaderships to another broker (a reassignment that
 * puts it first, then a preferred election) while a transaction is open, as the simulation's
 * coordinator move does to the model ({@link ModelCoordinator#moveTo}, which moves the group
 * coordinator along: the scenario puts the group's partition on the transaction coordinator first).
 *
 * <p>Then the old coordinator answers NOT_COORDINATOR to AddPartitionsToTxn, AddOffsetsToTxn (both
 * on version 1 only, where Ferry sends them), EndTxn and TxnOffsetCommit; FindCoordinator names the
 * new one for both keys; the new one knows the open transaction (its epoch, its partitions and
 * pending offsets): it ends it, and the markers reach the data partition and the group. The first
 * transaction is committed after one move, the second aborted after a second. The model is asked
 * through {@link ModelAnswers}, over a {@link ScriptedNetwork} carrying the same request bytes to
 * the model's broker of the same role, as the simulation asks it.
 */
class ModelCoordinatorConformanceIT {
    private static final String TRANSACTION_STATE = "__transaction_state";
    private static final String CONSUMER_OFFSETS = "__consumer_offsets";

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aMovedCoordinatorAnswersNotCoordinatorAndTheNewOneEndsTheOpenTransaction(int version) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                        .brokers(3)
                        .transactionVersion(version)
                        .start();
                Scenario scenario = new Scenario(kafka, version)) {
            scenario.transactionMovedAndEnded(0, true, new int[] {1, 2}, 3, 42);
            scenario.transactionMovedAndEnded(1, false, new int[] {4, 5}, 6, 50);

            assertThat(scenario.kafkaReadCommitted()).containsExactly(1, 2, 3);
            assertThat(scenario.modelReadCommitted()).containsExactly(1, 2, 3);
            scenario.expect("the group's offsets", scenario.groupOffsets(), Answer.of(ErrorCode.NONE, 42));
        }
    }

    /** One transactional id, its group and a one-partition topic on Kafka and on the model. */
    private static final class Scenario implements AutoCloseable {
        final KafkaCluster kafka;
        final int version;
        final String topic;
        final String transactionalId;
        final String group;
        final TopicPartition partition;
        final List<Integer> brokers;
        final int leader;
        final WireConnection atLeader;
        final ModelBrokers model;
        final List<String> problems = new ArrayList<>();
        int coordinator;
        long producerId;
        long modelProducerId;
        short epoch;
        int sequence;
        long nextOffset;

        Scenario(KafkaCluster kafka, int version) throws Exception {
            this.kafka = kafka;
            this.version = version;
            this.topic = "coordinator-move-" + version;
            this.transactionalId = "coordinator-move-" + version;
            this.group = "coordinator-move-group-" + version;
            this.partition = new TopicPartition(topic, 0);
            this.brokers = kafka.brokerIds();
            kafka.createTopic(topic, 1, 1);
            this.leader = LeaderMoves.leaderOf(kafka.admin(), new org.apache.kafka.common.TopicPartition(topic, 0));
            this.atLeader = connect(leader);
            this.model = new ModelBrokers(topic);

            coordinator = coordinatorOf(FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId, leader);
            // FindCoordinator for a group creates __consumer_offsets; the model keeps both coordinators on one broker
            if (coordinatorOf(FindCoordinator.KEY_TYPE_GROUP, group, leader) != coordinator) {
                moveLeadership(CONSUMER_OFFSETS, group, coordinator);
            }
            model.cluster.coordinator().moveTo(modelNode(coordinator));

            try (WireConnection atCoordinator = connect(coordinator)) {
                InitProducerId.Response init = atCoordinator.sendUntil(
                        new InitProducerId.Request(transactionalId, 60_000, -1, (short) -1),
                        (short) 5,
                        r -> WireConnection.notRetriable(r.errorCode()));
                ModelCoordinator.Init modelInit =
                        model.cluster.coordinator().initProducerId(transactionalId, -1, (short) -1);
                producerId = init.producerId();
                modelProducerId = modelInit.producerId();
                expect(
                        "InitProducerId",
                        Answer.of(ErrorCode.forCode(init.errorCode()), init.producerEpoch()),
                        Answer.of(ErrorCode.forCode(modelInit.error().code()), modelInit.epoch()),
                        Answer.of(ErrorCode.NONE, 0));
            }
        }

        /**
         * A transaction with records and offsets, begun at the coordinator; both coordinators move to
         * the next broker; the old one refuses, FindCoordinator names the new one, which takes one
         * more batch into the transaction and ends it.
         */
        void transactionMovedAndEnded(int round, boolean commit, int[] firstRecords, int lastRecord, long offset)
                throws Exception {
            String name = "round " + round + ": ";
            try (WireConnection old = connect(coordinator)) {
                if (version == 1) {
                    expect(name + "AddPartitionsToTxn", addPartitions(old, true), Answer.of(ErrorCode.NONE, -1));
                }
                long first = nextOffset;
                expect(name + "Produce", produce(firstRecords), Answer.of(ErrorCode.NONE, first));
                if (version == 1) {
                    expect(name + "AddOffsetsToTxn", addOffsets(old, true), Answer.of(ErrorCode.NONE, -1));
                }
                expect(name + "TxnOffsetCommit", txnOffsetCommit(old, offset, true), Answer.of(ErrorCode.NONE, -1));

                int moved = brokers.get((brokers.indexOf(coordinator) + 1) % brokers.size());
                moveLeadership(TRANSACTION_STATE, transactionalId, moved);
                moveLeadership(CONSUMER_OFFSETS, group, moved);
                model.cluster.coordinator().moveTo(modelNode(moved));
                awaitLoaded(moved);

                Answer notCoordinator = Answer.of(ErrorCode.NOT_COORDINATOR, -1);
                if (version == 1) {
                    expect(
                            name + "AddPartitionsToTxn at the old coordinator",
                            addPartitions(old, false),
                            notCoordinator);
                    expect(name + "AddOffsetsToTxn at the old coordinator", addOffsets(old, false), notCoordinator);
                }
                expect(
                        name + "TxnOffsetCommit at the old coordinator",
                        txnOffsetCommit(old, offset, false),
                        notCoordinator);
                expect(name + "EndTxn at the old coordinator", endTxn(old, commit, false), notCoordinator);
                Answer atMoved = Answer.of(ErrorCode.NONE, modelNode(moved));
                expect(
                        name + "FindCoordinator for the transactional id",
                        findCoordinator(old, FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId),
                        atMoved);
                expect(
                        name + "FindCoordinator for the group",
                        findCoordinator(old, FindCoordinator.KEY_TYPE_GROUP, group),
                        atMoved);
                coordinator = moved;
            }
            try (WireConnection now = connect(coordinator)) {
                long last = nextOffset;
                expect(name + "Produce after the move", produce(lastRecord), Answer.of(ErrorCode.NONE, last));
                expect(
                        name + (commit ? "EndTxn(commit)" : "EndTxn(abort)") + " at the new coordinator",
                        endTxn(now, commit, true),
                        Answer.of(ErrorCode.NONE, version == 2 ? epoch + 1 : -1));
            }
            if (version == 2) {
                epoch++;
                sequence = 0;
            }
            // the marker takes an offset
            nextOffset++;
        }

        /** The answers of the broker and of the model's broker of the same role to AddPartitionsToTxn of partition 0. */
        Answer[] addPartitions(WireConnection broker, boolean settle) {
            AddPartitionsToTxn.Response kafkaAnswer = send(
                    broker,
                    new AddPartitionsToTxn.Request(
                            transactionalId,
                            producerId,
                            epoch,
                            List.of(new AddPartitionsToTxn.Topic(topic, List.of(0)))),
                    (short) 3,
                    settle,
                    r -> r.results().get(0).partitions().get(0).errorCode());
            AddPartitionsToTxnResponseData modelAnswer = model.ask(
                    modelNodeOf(broker),
                    new AddPartitionsToTxn.Request(
                            transactionalId,
                            modelProducerId,
                            epoch,
                            List.of(new AddPartitionsToTxn.Topic(topic, List.of(0)))),
                    (short) 3);
            return answers(
                    kafkaAnswer.results().get(0).partitions().get(0).errorCode(),
                    -1,
                    modelAnswer
                            .resultsByTopicV3AndBelow()
                            .iterator()
                            .next()
                            .resultsByPartition()
                            .iterator()
                            .next()
                            .partitionErrorCode(),
                    -1);
        }

        Answer[] addOffsets(WireConnection broker, boolean settle) {
            AddOffsetsToTxn.Response kafkaAnswer = send(
                    broker,
                    new AddOffsetsToTxn.Request(transactionalId, producerId, epoch, group),
                    (short) 4,
                    settle,
                    AddOffsetsToTxn.Response::errorCode);
            AddOffsetsToTxnResponseData modelAnswer = model.ask(
                    modelNodeOf(broker),
                    new AddOffsetsToTxn.Request(transactionalId, modelProducerId, epoch, group),
                    (short) 4);
            return answers(kafkaAnswer.errorCode(), -1, modelAnswer.errorCode(), -1);
        }

        /** TxnOffsetCommit at the version Ferry sends (v5 on version 1, v6 naming the topic by id on version 2). */
        Answer[] txnOffsetCommit(WireConnection broker, long offset, boolean settle) throws Exception {
            short requestVersion = (short) (version == 2 ? 6 : 5);
            TxnOffsetCommit.Response kafkaAnswer = send(
                    broker,
                    txnOffsetCommit(producerId, offset, kafkaTopicId()),
                    requestVersion,
                    settle,
                    r -> r.topics().get(0).partitions().get(0).errorCode());
            TxnOffsetCommitResponseData modelAnswer = model.ask(
                    modelNodeOf(broker), txnOffsetCommit(modelProducerId, offset, model.topicId()), requestVersion);
            return answers(
                    kafkaAnswer.topics().get(0).partitions().get(0).errorCode(),
                    -1,
                    modelAnswer.topics().get(0).partitions().get(0).errorCode(),
                    -1);
        }

        private TxnOffsetCommit.Request txnOffsetCommit(long id, long offset, UUID topicId) {
            return new TxnOffsetCommit.Request(
                    transactionalId,
                    group,
                    id,
                    epoch,
                    -1,
                    "",
                    null,
                    List.of(new TxnOffsetCommit.Topic(
                            topic, topicId, List.of(new TxnOffsetCommit.Partition(0, offset, -1, "")))));
        }

        /** EndTxn: the error and, on transaction.version 2, the epoch it returns. */
        Answer[] endTxn(WireConnection broker, boolean commit, boolean settle) {
            short endVersion = (short) (version == 2 ? 5 : 4);
            EndTxn.Response kafkaAnswer = send(
                    broker,
                    new EndTxn.Request(transactionalId, producerId, epoch, commit),
                    endVersion,
                    settle,
                    EndTxn.Response::errorCode);
            EndTxnResponseData modelAnswer = model.ask(
                    modelNodeOf(broker),
                    new EndTxn.Request(transactionalId, modelProducerId, epoch, commit),
                    endVersion);
            return answers(
                    kafkaAnswer.errorCode(),
                    kafkaAnswer.errorCode() == 0 && version == 2 ? kafkaAnswer.producerEpoch() : -1,
                    modelAnswer.errorCode(),
                    modelAnswer.errorCode() == 0 && version == 2 ? modelAnswer.producerEpoch() : -1);
        }

        /** FindCoordinator asked of this broker: the coordinator it names, as the model's node of that role. */
        Answer[] findCoordinator(WireConnection broker, byte keyType, String key) throws IOException {
            FindCoordinator.Coordinator kafkaAnswer = broker.send(
                            new FindCoordinator.Request(keyType, List.of(key)), (short) 6)
                    .coordinators()
                    .get(0);
            FindCoordinatorResponseData.Coordinator modelAnswer = model.<FindCoordinatorResponseData>ask(
                            modelNodeOf(broker), new FindCoordinator.Request(keyType, List.of(key)), (short) 6)
                    .coordinators()
                    .get(0);
            return answers(
                    kafkaAnswer.errorCode(),
                    brokers.indexOf(kafkaAnswer.nodeId()),
                    modelAnswer.errorCode(),
                    modelAnswer.nodeId());
        }

        /** A transactional batch to partition 0's leader and to the model, at the current epoch and sequence. */
        Answer[] produce(int... recordIds) throws IOException {
            short produceVersion = ConformanceSides.transactionalProduceVersion(version);
            Produce.PartitionResponse kafkaAnswer = ConformanceSides.sendTransactional(
                    atLeader, transactionalId, topic, batch(producerId, epoch, sequence, recordIds), produceVersion);
            ModelCluster.Result modelAnswer = model.cluster.append(
                    partition,
                    ConformanceSides.parsed(batch(modelProducerId, epoch, sequence, recordIds)),
                    transactionalId,
                    produceVersion,
                    (short) -1);
            sequence += recordIds.length;
            nextOffset += recordIds.length;
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
                Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.baseOffset())
            };
        }

        /**
         * The request once, or (to settle) again while the broker answers a retriable error: a
         * coordinator just elected may still be loading its partition, and Kafka writes markers after
         * answering EndTxn (CONCURRENT_TRANSACTIONS meanwhile). The model is asked once.
         */
        private static <R> R send(
                WireConnection broker,
                ApiRequest<R> request,
                short version,
                boolean settle,
                java.util.function.ToIntFunction<R> error) {
            if (settle) {
                return broker.sendUntil(
                        request, version, r -> WireConnection.notRetriable((short) error.applyAsInt(r)));
            }
            try {
                return broker.send(request, version);
            } catch (IOException e) {
                throw new AssertionError(request.apiKey() + " to a moved coordinator", e);
            }
        }

        private static Answer[] answers(short kafkaError, long kafkaValue, short modelError, long modelValue) {
            return new Answer[] {
                Answer.of(ErrorCode.forCode(kafkaError), kafkaValue),
                Answer.of(ErrorCode.forCode(modelError), modelValue)
            };
        }

        /**
         * Moves the leadership of the key's partition of the internal topic to {@code target}: the
         * replicas reordered with the target first (the same replica set, so nothing is copied), then
         * a preferred election, until Admin describes the target as its leader.
         */
        void moveLeadership(String internalTopic, String key, int target) throws Exception {
            Admin admin = kafka.admin();
            int partitions = admin.describeTopics(List.of(internalTopic))
                    .allTopicNames()
                    .get()
                    .get(internalTopic)
                    .partitions()
                    .size();
            int hash = key.hashCode();
            org.apache.kafka.common.TopicPartition moved = new org.apache.kafka.common.TopicPartition(
                    internalTopic, (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions);
            LeaderMoves.moveLeadership(admin, moved, target);
        }

        /**
         * Waits until the broker the coordinators moved to serves the open transaction (kafka-clients'
         * Admin describes it there: Ongoing, this epoch, its data and offsets partitions) and the old
         * coordinator's own metadata names the new leader, so that what follows asks a settled cluster.
         */
        void awaitLoaded(int moved) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        TransactionDescription description = kafka.admin()
                                .describeTransactions(List.of(transactionalId))
                                .description(transactionalId)
                                .get();
                        assertThat(description.coordinatorId()).isEqualTo(moved);
                        assertThat(description.state()).isEqualTo(TransactionState.ONGOING);
                        assertThat(description.producerEpoch()).isEqualTo(epoch);
                        assertThat(description.topicPartitions())
                                .extracting(org.apache.kafka.common.TopicPartition::topic)
                                .containsExactlyInAnyOrder(topic, CONSUMER_OFFSETS);
                        assertThat(coordinatorOf(FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId, coordinator))
                                .isEqualTo(moved);
                        assertThat(coordinatorOf(FindCoordinator.KEY_TYPE_GROUP, group, coordinator))
                                .isEqualTo(moved);
                    });
            assertThat(model.cluster.coordinator().isOpen(transactionalId))
                    .as("the model's moved coordinator has the transaction open")
                    .isTrue();
        }

        int coordinatorOf(byte keyType, String key, int askedBroker) throws IOException {
            try (WireConnection asked = connect(askedBroker)) {
                return asked.coordinator(keyType, key);
            }
        }

        /** The model's broker in the role of this Kafka broker: its place in the broker list. */
        int modelNode(int kafkaBroker) {
            return brokers.indexOf(kafkaBroker);
        }

        private int modelNodeOf(WireConnection broker) {
            return modelNode(connected.get(broker));
        }

        private final Map<WireConnection, Integer> connected = new java.util.IdentityHashMap<>();

        WireConnection connect(int broker) throws IOException {
            String address = kafka.brokerAddress(broker);
            WireConnection connection =
                    new WireConnection(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
            connected.put(connection, broker);
            return connection;
        }

        private UUID kafkaTopicId;

        private UUID kafkaTopicId() throws ExecutionException, InterruptedException {
            if (kafkaTopicId == null) {
                kafkaTopicId = ConformanceSides.kafkaTopicId(kafka, topic);
            }
            return kafkaTopicId;
        }

        /** The group's committed offset of partition 0 on both sides (-1 for none); Kafka's asked until it matches, for its markers. */
        Answer[] groupOffsets() {
            Long modelOffset =
                    model.cluster.coordinator().groups().committed(group).get(partition);
            Answer modelAnswer = Answer.of(ErrorCode.NONE, modelOffset == null ? -1 : modelOffset);
            Answer[] kafkaAnswer = new Answer[1];
            try {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                    OffsetAndMetadata offset = kafka.admin()
                            .listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .get(new org.apache.kafka.common.TopicPartition(topic, 0));
                    kafkaAnswer[0] = Answer.of(ErrorCode.NONE, offset == null ? -1 : offset.offset());
                    return kafkaAnswer[0].equals(modelAnswer);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // the difference is reported by expect
            }
            return new Answer[] {kafkaAnswer[0], modelAnswer};
        }

        List<Integer> modelReadCommitted() {
            return model.cluster.readCommitted(partition).stream()
                    .map(ModelCluster.Entry::recordId)
                    .toList();
        }

        List<Integer> kafkaReadCommitted() {
            return ConformanceSides.kafkaReadCommitted(kafka, topic);
        }

        void expect(String step, Answer[] answers, Answer expected) {
            if (!answers[1].equals(answers[0]) || !answers[0].equals(expected)) {
                problems.add(step + ": Kafka 4.4 " + answers[0] + ", model " + answers[1] + ", expected " + expected);
            }
        }

        void expect(String step, Answer kafkaAnswer, Answer modelAnswer, Answer expected) {
            expect(step, new Answer[] {kafkaAnswer, modelAnswer}, expected);
        }

        @Override
        public void close() throws IOException {
            for (WireConnection connection : connected.keySet()) {
                connection.close();
            }
            assertThat(problems).as("steps where the model or Kafka 4.4 differ").isEmpty();
        }
    }

    /**
     * The model's three brokers behind a {@link ScriptedNetwork}: a request's bytes, as Ferry's codec
     * writes them, arrive at one of them as an exchange kafka-clients decoded, and
     * {@link ModelAnswers} answers it, as in the simulation.
     */
    private static final class ModelBrokers {
        final ModelCluster cluster;
        final ScriptedNetwork network = new ScriptedNetwork(new ManualClock(0), 30_000, 50);
        private final ProtocolWriter writer = new ProtocolWriter();

        ModelBrokers(String topic) {
            cluster = new ModelCluster(topic, 1, ScriptedNetwork.BROKERS, false, id -> false);
            network.topic(topic, 1);
            network.factory().open(new ConnectionListener() {
                @Override
                public void onConnected(int nodeId) {}

                @Override
                public void onDisconnected(int nodeId, String reason) {}

                @Override
                public void onAuthenticationFailed(int nodeId, AuthenticationException failure) {}
            });
            for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
                network.connect(node, InetSocketAddress.createUnresolved("127.0.0.1", 19_092 + node));
            }
            network.poll(0);
        }

        /** The topic's id on the scripted network (the first topic it declares), for TxnOffsetCommit v6. */
        UUID topicId() {
            Uuid id = new Uuid(0x5EEDL, 100L);
            return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
        }

        @SuppressWarnings("unchecked")
        <T extends ApiMessage> T ask(int node, ApiRequest<?> request, short version) {
            int correlationId = network.nextCorrelationId();
            network.send(
                    node,
                    RequestCodec.encode(
                            writer, new RequestHeader(request.apiKey(), version, correlationId, "ferry-it"), request),
                    correlationId,
                    true,
                    new ResponseHandler() {
                        @Override
                        public void onResponse(ByteBuffer response) {}

                        @Override
                        public void onFailure(RequestFailure failure) {}
                    });
            List<ScriptedNetwork.Exchange> received =
                    network.received(ApiKeys.forId(request.apiKey().id()));
            return (T) ModelAnswers.coordinatorAnswer(cluster, received.get(received.size() - 1), network);
        }
    }
}
