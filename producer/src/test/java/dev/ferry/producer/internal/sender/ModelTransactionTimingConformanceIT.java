package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.ModelTransactionConformanceIT.batch;
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
import dev.ferry.producer.internal.sender.ModelTransactionConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.protocol.Errors;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the {@link ModelCoordinator}'s sense of time honest against Kafka 4.4, at
 * transaction.version 1 and 2: what the coordinator answers to a transaction that timed out, and
 * (on three brokers) while a transaction's markers are in flight. The markers are held back: partition 0's only replica is a broker that is not the
 * coordinator, killed before EndTxn, so the coordinator logs PREPARE_COMMIT, answers, and cannot
 * write the marker while the broker is down (a broker stopped cleanly leaves the partition without
 * a leader at once, and Kafka 4.4 then completed the transaction at once, without its marker). Meanwhile every request goes once to both
 * sides, and the model (markers in flight) must answer what Kafka answers; then the broker starts
 * and the repeated EndTxn is answered as the first on both sides.
 */
class ModelTransactionTimingConformanceIT {

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void whileTheMarkersAreInFlightTheCoordinatorAnswersConcurrentTransactions(int version) throws IOException {
        // the transaction log on the coordinator alone, so that nothing the coordinator logs waits for the killed
        // broker
        try (KafkaCluster kafka = KafkaCluster.builder()
                .brokers(3)
                .childJvm()
                .transactionVersion(version)
                .brokerProperty("transaction.state.log.replication.factor", "1")
                .brokerProperty("transaction.state.log.min.isr", "1")
                .start()) {
            String topic = "markers-in-flight-" + version;
            String transactionalId = "markers-in-flight-" + version;
            List<Integer> brokers = kafka.brokerIds();
            int coordinator;
            try (WireConnection any = new WireConnection(port(kafka, brokers.get(0)))) {
                coordinator = any.coordinator(FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId);
            }
            int held =
                    brokers.stream().filter(id -> id != coordinator).findFirst().orElseThrow();
            // partition 0 lives on the broker that will be stopped, partition 1 on the coordinator
            kafka.createTopic(new NewTopic(topic, Map.of(0, List.of(held), 1, List.of(coordinator))));
            ModelCluster model = new ModelCluster(topic, 2, 1, false, id -> false);
            model.coordinator().markersInFlight();
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            List<String> problems = new ArrayList<>();

            try (WireConnection atCoordinator = new WireConnection(port(kafka, coordinator));
                    WireConnection atHeld = new WireConnection(port(kafka, held))) {
                InitProducerId.Response init = atCoordinator.sendUntil(
                        new InitProducerId.Request(transactionalId, 60_000, -1, (short) -1),
                        (short) 5,
                        r -> WireConnection.notRetriable(r.errorCode()));
                long producerId = init.producerId();
                ModelCoordinator.Init modelInit = model.coordinator().initProducerId(transactionalId, -1, (short) -1);
                long modelProducerId = modelInit.producerId();
                TransactionSides sides = new TransactionSides(
                        atCoordinator, model, transactionalId, producerId, modelProducerId, version, problems);
                sides.addPartitionOnVersion1(p0);
                sides.compareProduce("the transaction's batch", atHeld, p0, 0, 0, Answer.of(ErrorCode.NONE, 0), 1, 2);

                // killed, the broker stays partition 0's leader until the controller's session with it times out
                kafka.killBroker(held);
                sides.compareSettledEndTxn("EndTxn(commit)", 0, true, Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));
                short next = (short) (version == 2 ? 1 : 0);
                assertThat(model.coordinator().unwrittenMarkers(transactionalId))
                        .containsExactly(p0);
                assertThat(model.readCommitted(p0))
                        .as("the last stable offset stays at the transaction's first record")
                        .isEmpty();

                // the markers are in flight: each request once to both sides
                InitProducerId.Response bump = atCoordinator.send(
                        new InitProducerId.Request(transactionalId, 60_000, producerId, next), (short) 5);
                compare(
                        problems,
                        "InitProducerId at the current epoch",
                        Answer.of(ErrorCode.forCode(bump.errorCode()), bump.producerEpoch()),
                        initAnswer(model.coordinator().initProducerId(transactionalId, modelProducerId, next)),
                        Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                InitProducerId.Response other = atCoordinator.send(
                        new InitProducerId.Request(transactionalId, 60_000, -1, (short) -1), (short) 5);
                compare(
                        problems,
                        "InitProducerId of a new instance",
                        Answer.of(ErrorCode.forCode(other.errorCode()), other.producerEpoch()),
                        initAnswer(model.coordinator().initProducerId(transactionalId, -1, (short) -1)),
                        Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                if (version == 1) {
                    sides.compareAddPartition(
                            "AddPartitionsToTxn of the next transaction",
                            next,
                            p1,
                            Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                    AddOffsetsToTxn.Response offsets = atCoordinator.send(
                            new AddOffsetsToTxn.Request(transactionalId, producerId, next, "markers-group"), (short) 4);
                    compare(
                            problems,
                            "AddOffsetsToTxn of the next transaction",
                            Answer.of(ErrorCode.forCode(offsets.errorCode()), -1),
                            Answer.of(
                                    ErrorCode.forCode(model.coordinator()
                                            .addOffsets(transactionalId, modelProducerId, next, "markers-group")
                                            .code()),
                                    -1),
                            Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                } else {
                    sides.compareProduce(
                            "the next transaction's first Produce",
                            atCoordinator,
                            p1,
                            next,
                            0,
                            Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1),
                            3);
                    sides.compareEndTxn(
                            "EndTxn(abort) of the next transaction",
                            next,
                            false,
                            Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                }
                sides.compareEndTxn("EndTxn(commit) again", 0, true, Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));
                sides.compareEndTxn(
                        "EndTxn(abort) of the committing transaction",
                        0,
                        false,
                        Answer.of(ErrorCode.CONCURRENT_TRANSACTIONS, -1));

                // the broker is back, the marker lands, and the commit's repeat is answered as the commit was
                kafka.startBroker(held);
                model.coordinator().writeAllMarkers();
                sides.compareSettledEndTxn(
                        "EndTxn(commit) again once the marker is written",
                        0,
                        true,
                        Answer.of(ErrorCode.NONE, version == 2 ? 1 : -1));
            }
            assertThat(problems).as("steps where the model or Kafka 4.4 differ").isEmpty();
            List<Integer> modelView = model.readCommitted(p0).stream()
                    .map(ModelCluster.Entry::recordId)
                    .toList();
            // the model's view only: Kafka 4.4 left partition 0 without its marker here (last stable offset
            // 0 for a minute after the broker was back, in both versions' runs), having completed the
            // transaction while the partition's only replica was down past the controller's session
            // timeout. The simulation never takes a partition's last live replica, so it does not model that.
            assertThat(modelView).containsExactly(1, 2);
        }
    }

    /**
     * A transaction open longer than its transaction.timeout.ms (1 s here; the broker checks every
     * 200 ms) is aborted by the coordinator under a bumped epoch: the producer's requests at its
     * epoch are then answered as below, on both sides, and nothing of the transaction is read. At
     * transaction.version 1 the producer is fenced; at 2 its abort goes through with the new epoch.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aTransactionOpenPastItsTimeoutIsAbortedAndItsProducerFenced(int version) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .transactionVersion(version)
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "200")
                .start()) {
            String topic = "timed-out-" + version;
            String transactionalId = "timed-out-" + version;
            kafka.createTopic(topic, 1, 1);
            ModelCluster model = new ModelCluster(topic, 1, 1, false, id -> false);
            TopicPartition p0 = new TopicPartition(topic, 0);
            List<String> problems = new ArrayList<>();
            int broker = kafka.brokerIds().get(0);
            try (WireConnection wire = new WireConnection(port(kafka, broker))) {
                wire.coordinator(FindCoordinator.KEY_TYPE_TRANSACTION, transactionalId);
                long producerId = wire.sendUntil(
                                new InitProducerId.Request(transactionalId, 1_000, -1, (short) -1),
                                (short) 5,
                                r -> WireConnection.notRetriable(r.errorCode()))
                        .producerId();
                long modelProducerId = model.coordinator()
                        .initProducerId(transactionalId, -1, (short) -1, 1_000)
                        .producerId();
                TransactionSides sides = new TransactionSides(
                        wire, model, transactionalId, producerId, modelProducerId, version, problems);
                sides.addPartitionOnVersion1(p0);
                sides.compareProduce("the transaction's batch", wire, p0, 0, 0, Answer.of(ErrorCode.NONE, 0), 1, 2);

                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> kafka.admin()
                                        .describeTransactions(List.of(transactionalId))
                                        .description(transactionalId)
                                        .get()
                                        .state()
                                == org.apache.kafka.clients.admin.TransactionState.COMPLETE_ABORT);
                assertThat(model.coordinator().abortTimedOut(version == 2))
                        .as("the model's periodic check, more than transaction.timeout.ms after the first add")
                        .hasSize(1);

                sides.compareProduce(
                        "a batch at the old epoch", wire, p0, 0, 2, Answer.of(ErrorCode.INVALID_PRODUCER_EPOCH, -1), 3);
                if (version == 1) {
                    sides.compareAddPartition(
                            "AddPartitionsToTxn at the old epoch", 0, p0, Answer.of(ErrorCode.PRODUCER_FENCED, -1));
                }
                sides.compareEndTxn(
                        "EndTxn(commit) at the old epoch",
                        0,
                        true,
                        Answer.of(version == 2 ? ErrorCode.INVALID_TXN_STATE : ErrorCode.PRODUCER_FENCED, -1));
                // version 2 takes the old epoch's abort as a repeat of the coordinator's: the producer goes on
                sides.compareEndTxn(
                        "EndTxn(abort) at the old epoch",
                        0,
                        false,
                        version == 2 ? Answer.of(ErrorCode.NONE, 1) : Answer.of(ErrorCode.PRODUCER_FENCED, -1));
                InitProducerId.Response bump =
                        wire.send(new InitProducerId.Request(transactionalId, 1_000, producerId, (short) 0), (short) 5);
                compare(
                        problems,
                        "InitProducerId bumping the old epoch",
                        Answer.of(ErrorCode.forCode(bump.errorCode()), bump.producerEpoch()),
                        initAnswer(
                                model.coordinator().initProducerId(transactionalId, modelProducerId, (short) 0, 1_000)),
                        version == 2 ? Answer.of(ErrorCode.NONE, 1) : Answer.of(ErrorCode.PRODUCER_FENCED, -1));
                InitProducerId.Response fresh = wire.sendUntil(
                        new InitProducerId.Request(transactionalId, 1_000, -1, (short) -1),
                        (short) 5,
                        r -> WireConnection.notRetriable(r.errorCode()));
                compare(
                        problems,
                        "InitProducerId of a new instance",
                        Answer.of(ErrorCode.forCode(fresh.errorCode()), fresh.producerEpoch()),
                        initAnswer(model.coordinator().initProducerId(transactionalId, -1, (short) -1, 1_000)),
                        Answer.of(ErrorCode.NONE, 2));
            }
            assertThat(problems).as("steps where the model or Kafka 4.4 differ").isEmpty();
            assertThat(model.readCommitted(p0)).isEmpty();
            assertThat(ConformanceSides.kafkaReadCommitted(kafka, topic)).isEmpty();
        }
    }

    private static Answer modelProduce(
            ModelCluster model, TopicPartition partition, String transactionalId, short version, ByteBuffer batch) {
        ModelCluster.Result result =
                model.append(partition, ConformanceSides.parsed(batch), transactionalId, version, (short) -1);
        return Answer.of(ErrorCode.forCode(result.error().code()), result.baseOffset());
    }

    private static Answer initAnswer(ModelCoordinator.Init init) {
        return Answer.of(ErrorCode.forCode(init.error().code()), init.epoch());
    }

    private static Answer endAnswer(EndTxn.Response response) {
        return Answer.of(
                ErrorCode.forCode(response.errorCode()), response.errorCode() == 0 ? response.producerEpoch() : -1);
    }

    private static Answer endAnswer(ModelCoordinator.End end) {
        return Answer.of(ErrorCode.forCode(end.error().code()), end.error() == Errors.NONE ? end.epoch() : -1);
    }

    private static Answer produceAnswer(Produce.Response response) {
        Produce.PartitionResponse partition =
                response.responses().get(0).partitions().get(0);
        return Answer.of(ErrorCode.forCode(partition.errorCode()), partition.baseOffset());
    }

    /** Notes a step where the model and Kafka differ, or Kafka is not as written; the scenario goes on, so one run shows every step. */
    private static void compare(List<String> problems, String step, Answer kafka, Answer model, Answer expected) {
        if (!model.equals(kafka) || !kafka.equals(expected)) {
            problems.add(step + ": Kafka 4.4 " + kafka + ", model " + model + ", expected " + expected);
        }
    }

    /**
     * One producer's transactions at Kafka's coordinator and at the model's, each side under the
     * producer id it gave: an EndTxn goes to both and their answers are compared, as
     * {@link ConformanceSides} does for Produce.
     */
    private record TransactionSides(
            WireConnection kafka,
            ModelCluster model,
            String transactionalId,
            long producerId,
            long modelProducerId,
            int transactionVersion,
            List<String> problems) {

        /** On transaction.version 1 the partition joins the transaction on both sides; on 2 its first Produce adds it. */
        void addPartitionOnVersion1(TopicPartition partition) {
            if (transactionVersion == 1) {
                kafka.sendUntil(
                        addPartition(transactionalId, producerId, 0, partition.topic(), partition.partition()),
                        (short) 3,
                        r -> WireConnection.notRetriable(
                                r.results().get(0).partitions().get(0).errorCode()));
                model.coordinator().addPartitions(transactionalId, modelProducerId, (short) 0, Set.of(partition));
            }
        }

        /** A batch of the transaction's records to {@code leader}, the partition's leader, and to the model: compared. */
        void compareProduce(
                String step,
                WireConnection leader,
                TopicPartition partition,
                int epoch,
                int firstSequence,
                Answer expected,
                int... recordIds)
                throws IOException {
            short produceVersion = ConformanceSides.transactionalProduceVersion(transactionVersion);
            Produce.Request request = produce(
                    transactionalId,
                    partition.topic(),
                    partition.partition(),
                    batch(producerId, epoch, firstSequence, recordIds));
            compare(
                    problems,
                    step,
                    produceAnswer(leader.send(request, produceVersion)),
                    modelProduce(
                            model,
                            partition,
                            transactionalId,
                            produceVersion,
                            batch(modelProducerId, epoch, firstSequence, recordIds)),
                    expected);
        }

        /** AddPartitionsToTxn once to each side. */
        void compareAddPartition(String step, int epoch, TopicPartition partition, Answer expected) throws IOException {
            AddPartitionsToTxn.Response added = kafka.send(
                    addPartition(transactionalId, producerId, epoch, partition.topic(), partition.partition()),
                    (short) 3);
            compare(
                    problems,
                    step,
                    Answer.of(added),
                    Answer.errorOnly(model.coordinator()
                            .addPartitions(transactionalId, modelProducerId, (short) epoch, Set.of(partition))
                            .code()),
                    expected);
        }

        /** EndTxn once to each side. */
        void compareEndTxn(String what, int epoch, boolean commit, Answer expected) throws IOException {
            compare(
                    problems,
                    what,
                    endAnswer(kafka.send(
                            new EndTxn.Request(transactionalId, producerId, (short) epoch, commit), endTxnVersion())),
                    modelEndTxn(epoch, commit),
                    expected);
        }

        /** EndTxn to Kafka until its answer is not retriable (a coordinator still loading, markers still in flight), once to the model. */
        void compareSettledEndTxn(String what, int epoch, boolean commit, Answer expected) {
            compare(
                    problems,
                    what,
                    endAnswer(kafka.sendUntil(
                            new EndTxn.Request(transactionalId, producerId, (short) epoch, commit),
                            endTxnVersion(),
                            r -> WireConnection.notRetriable(r.errorCode()))),
                    modelEndTxn(epoch, commit),
                    expected);
        }

        private Answer modelEndTxn(int epoch, boolean commit) {
            return endAnswer(model.coordinator()
                    .endTxn(transactionalId, modelProducerId, (short) epoch, commit, transactionVersion == 2));
        }

        private short endTxnVersion() {
            return (short) (transactionVersion == 2 ? 5 : 4);
        }
    }

    private static AddPartitionsToTxn.Request addPartition(
            String transactionalId, long producerId, int epoch, String topic, int partition) {
        return new AddPartitionsToTxn.Request(
                transactionalId,
                producerId,
                (short) epoch,
                List.of(new AddPartitionsToTxn.Topic(topic, List.of(partition))));
    }

    private static Produce.Request produce(String transactionalId, String topic, int partition, ByteBuffer batch) {
        return ConformanceSides.produceRequest(transactionalId, ConformanceSides.ACKS_ALL, topic, partition, batch);
    }

    private static int port(KafkaCluster kafka, int broker) {
        String address = kafka.brokerAddress(broker);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
