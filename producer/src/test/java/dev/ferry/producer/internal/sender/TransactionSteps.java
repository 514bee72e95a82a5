package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.P1;
import static dev.ferry.producer.internal.sender.CoreUnderTest.PRODUCER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * The steps the transactional scenarios of {@link TransactionManagerTest}, {@link TransactionFailuresTest}
 * and {@link TransactionStateTransitionsTest} share: a transactional {@link CoreUnderTest} brought to a
 * state, the user's send as {@code FerryProducer} makes it, and the coordinator's answers, written
 * with kafka-clients' message classes.
 */
final class TransactionSteps {
    static final String TXN_ID = "txn-orders";
    static final int COORDINATOR = 1;
    static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("billing");

    private TransactionSteps() {}

    /** A transactional core speaking {@code transactionVersion}, checked for leftovers after the test. */
    static CoreUnderTest transactional(SettledCores cores, int transactionVersion) {
        CoreUnderTest core = new CoreUnderTest(b -> b.transactionalId(TXN_ID));
        core.network.transactionVersion(transactionVersion);
        return cores.add(core);
    }

    /** A transactional core after initTransactions: producer id {@link CoreUnderTest#PRODUCER_ID}, epoch 0. */
    static CoreUnderTest initialized(SettledCores cores, int transactionVersion) {
        CoreUnderTest core = transactional(cores, transactionVersion);
        core.knowTopic();
        CompletableFuture<Void> init = initAnswered(core, producerId(PRODUCER_ID, 0));
        core.runUntil(init::isDone, "initTransactions");
        init.join();
        return core;
    }

    /** An initialized core whose user has begun a transaction. */
    static CoreUnderTest inTransaction(SettledCores cores, int transactionVersion) {
        CoreUnderTest core = initialized(cores, transactionVersion);
        core.transactions.beginTransaction();
        return core;
    }

    /** initTransactions up to its InitProducerId, answered so: the coordinator is found first. */
    static CompletableFuture<Void> initAnswered(CoreUnderTest core, ApiMessage initProducerIdAnswer) {
        CompletableFuture<Void> init = core.transactions.initTransactions();
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(COORDINATOR, TXN_ID));
        core.network.respond(core.awaitRequest(ApiKeys.INIT_PRODUCER_ID), initProducerIdAnswer);
        return init;
    }

    /** What FerryProducer.send does around the append. */
    static RecordFuture send(CoreUnderTest core, TopicPartition partition) {
        core.transactions.checkSendAllowed();
        RecordFuture future = core.append(partition);
        core.transactions.addPartition(partition);
        return future;
    }

    /**
     * A record of the transaction up to its Produce request: on transaction.version 1 its partition
     * first joins with AddPartitionsToTxn, answered; on version 2 it joins with the Produce itself.
     */
    static RecordFuture sendJoining(CoreUnderTest core, TopicPartition partition, int transactionVersion) {
        RecordFuture record = send(core, partition);
        if (transactionVersion == 1) {
            core.network.respond(
                    core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN), partitionsAdded(partition, Errors.NONE));
        }
        return record;
    }

    /** A record of the transaction, sent and acknowledged, so that the transaction has a partition to end. */
    static void sendAndAnswer(CoreUnderTest core, TopicPartition partition) {
        acknowledged(core, send(core, partition));
    }

    /** The record's Produce answered, and the record completed. */
    static void acknowledged(CoreUnderTest core, RecordFuture record) {
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(record::isDone, "the record's acknowledgement");
    }

    /** EndTxn answered with the epoch the next transaction uses: the commit or abort completes. */
    static void answerEndTxn(
            CoreUnderTest core, ScriptedNetwork.Exchange endTxn, int newEpoch, CompletableFuture<Void> end) {
        core.network.respond(
                endTxn, new EndTxnResponseData().setProducerId(PRODUCER_ID).setProducerEpoch((short) newEpoch));
        core.runUntil(end::isDone, "the end of the transaction");
        assertThat(end).isCompleted();
    }

    static ApiMessage coordinatorAt(int node, String key) {
        return new FindCoordinatorResponseData()
                .setCoordinators(List.of(new FindCoordinatorResponseData.Coordinator()
                        .setKey(key)
                        .setNodeId(node)
                        .setHost("127.0.0.1")
                        .setPort(19_092 + node)));
    }

    static ApiMessage producerId(long id, int epoch) {
        return new InitProducerIdResponseData().setProducerId(id).setProducerEpoch((short) epoch);
    }

    static ApiMessage partitionsAdded(TopicPartition partition, Errors error) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection partitions =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection();
        partitions.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                .setPartitionIndex(partition.partition())
                .setPartitionErrorCode(error.code()));
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        topics.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult()
                .setName(partition.topic())
                .setResultsByPartition(partitions));
        return new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(topics);
    }

    /** A record of P0 in flight, then broker 1 (P1's leader and the coordinator) lost, and a record of P1 queued. */
    static InFlightAndQueued inFlightAndQueuedBehindALostBroker(CoreUnderTest core) {
        RecordFuture inFlight = send(core, P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.dropConnection(1);
        core.network.unreachable(1, true);
        return new InFlightAndQueued(inFlight, produce, send(core, P1));
    }

    record InFlightAndQueued(RecordFuture inFlight, ScriptedNetwork.Exchange produce, RecordFuture queued) {}

    /** EndTxn is held back while the transaction's batch is in flight; then the batch is acknowledged. */
    static void assertEndTxnWaitsFor(CoreUnderTest core, ScriptedNetwork.Exchange produce) {
        core.rounds(3);
        assertThat(core.network.received(ApiKeys.END_TXN))
                .as("EndTxn waits for the batch in flight")
                .isEmpty();
        core.network.respond(produce, core.network.produceAnswer(produce));
    }

    /** A commit under way: the user's future and the EndTxn request that waits for its answer. */
    record Commit(CompletableFuture<Void> future, ScriptedNetwork.Exchange endTxn) {}

    static Commit beginCommit(CoreUnderTest core) {
        CompletableFuture<Void> future = core.transactions.beginCommit();
        return new Commit(future, core.awaitRequest(ApiKeys.END_TXN));
    }

    /** A commit, its EndTxn answered with the epoch the next transaction uses. */
    static void commitAndAnswer(CoreUnderTest core, int newEpoch) {
        Commit commit = beginCommit(core);
        answerEndTxn(core, commit.endTxn(), newEpoch, commit.future());
    }

    /** The commit of a transaction whose one record was sent and acknowledged, up to its EndTxn. */
    static Commit commitOfAnAcknowledgedRecord(CoreUnderTest core) {
        sendAndAnswer(core, P0);
        return beginCommit(core);
    }
}
