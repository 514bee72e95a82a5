package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.P1;
import static dev.ferry.producer.internal.sender.CoreUnderTest.PRODUCER_ID;
import static dev.ferry.producer.internal.sender.FutureFailures.assertThatFailure;
import static dev.ferry.producer.internal.sender.TransactionSteps.COORDINATOR;
import static dev.ferry.producer.internal.sender.TransactionSteps.GROUP;
import static dev.ferry.producer.internal.sender.TransactionSteps.TXN_ID;
import static dev.ferry.producer.internal.sender.TransactionSteps.acknowledged;
import static dev.ferry.producer.internal.sender.TransactionSteps.answerEndTxn;
import static dev.ferry.producer.internal.sender.TransactionSteps.assertEndTxnWaitsFor;
import static dev.ferry.producer.internal.sender.TransactionSteps.commitAndAnswer;
import static dev.ferry.producer.internal.sender.TransactionSteps.coordinatorAt;
import static dev.ferry.producer.internal.sender.TransactionSteps.inFlightAndQueuedBehindALostBroker;
import static dev.ferry.producer.internal.sender.TransactionSteps.inTransaction;
import static dev.ferry.producer.internal.sender.TransactionSteps.initialized;
import static dev.ferry.producer.internal.sender.TransactionSteps.partitionsAdded;
import static dev.ferry.producer.internal.sender.TransactionSteps.producerId;
import static dev.ferry.producer.internal.sender.TransactionSteps.send;
import static dev.ferry.producer.internal.sender.TransactionSteps.sendJoining;
import static dev.ferry.producer.internal.sender.TransactionSteps.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.sender.TransactionSteps.InFlightAndQueued;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transactional producer's state machine and its coordinator conversation, in the manner of
 * kafka-clients' {@code TransactionManagerTest}: the user's verbs are called on the test thread,
 * the I/O thread is stepped by it, and every request is read and every answer written by
 * kafka-clients' message classes. Both protocols are covered: transaction.version 2 (Kafka 4.x,
 * KIP-890: implicit partitions, EndTxn bumps the epoch) and 1 (3.x: AddPartitionsToTxn,
 * AddOffsetsToTxn, EndTxn keeps the epoch).
 */
class TransactionManagerTest {

    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void initFindsTheCoordinatorAndTakesAProducerIdForTheTransactionalId() {
        CoreUnderTest core = transactional(cores, 2);
        CompletableFuture<Void> init = core.transactions.initTransactions();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.INITIALIZING);
        ScriptedNetwork.Exchange find = core.awaitRequest(ApiKeys.FIND_COORDINATOR);
        FindCoordinatorRequestData findData = find.data();
        assertThat(findData.keyType()).isEqualTo(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id());
        assertThat(findData.coordinatorKeys()).containsExactly(TXN_ID);
        core.network.respond(find, coordinatorAt(COORDINATOR, TXN_ID));

        ScriptedNetwork.Exchange initPid = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
        assertThat(initPid.node).isEqualTo(COORDINATOR);
        InitProducerIdRequestData initData = initPid.data();
        assertThat(initData.transactionalId()).isEqualTo(TXN_ID);
        assertThat(initData.transactionTimeoutMs()).isEqualTo(core.config.transactionTimeoutMs());
        assertThat(initData.producerId()).isEqualTo(-1);
        core.network.respond(initPid, producerId(PRODUCER_ID, 0));
        core.runUntil(init::isDone, "initTransactions");

        assertThat(init).isCompleted();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
    }

    /**
     * kafka-clients mutes a connection for the throttle_time_ms of every answer that carries one
     * ({@code NetworkClient.maybeThrottle}): the broker that answered FindCoordinator with a
     * throttle, naming itself, gets InitProducerId only once the throttle ends. Ferry held back a
     * broker only after a throttled Produce answer.
     */
    @Test
    void aFindCoordinatorAnswerWithAThrottleTimeHoldsBackTheNextRequestToThatBroker() {
        CoreUnderTest core = transactional(cores, 2);
        core.knowTopic();
        CompletableFuture<Void> init = core.transactions.initTransactions();
        ScriptedNetwork.Exchange find = core.awaitRequest(ApiKeys.FIND_COORDINATOR);
        core.network.respond(
                find, ((FindCoordinatorResponseData) coordinatorAt(find.node, TXN_ID)).setThrottleTimeMs(500));
        assertNoneWithinTheThrottle(
                core,
                500,
                ApiKeys.INIT_PRODUCER_ID,
                "no InitProducerId to the coordinator within its FindCoordinator answer's throttle time");
        ScriptedNetwork.Exchange initPid = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
        assertThat(initPid.node).isEqualTo(find.node);
        core.network.respond(initPid, producerId(PRODUCER_ID, 0));
        core.runUntil(init::isDone, "initTransactions");
        assertThat(init).isCompleted();
    }

    /**
     * A coordinator's throttle mutes its whole connection, as in kafka-clients: on transaction.version
     * 1 an AddPartitionsToTxn answered with a throttle holds back the Produce to that broker (the
     * coordinator leads P1).
     */
    @Test
    void anAddPartitionsToTxnAnswerWithAThrottleTimeHoldsBackTheProduceToThatBroker() {
        CoreUnderTest core = inTransaction(cores, 1);
        RecordFuture record = send(core, P1);
        ScriptedNetwork.Exchange add = core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN);
        assertThat(add.node).isEqualTo(COORDINATOR);
        core.network.respond(
                add, ((AddPartitionsToTxnResponseData) partitionsAdded(P1, Errors.NONE)).setThrottleTimeMs(300));
        assertNoneWithinTheThrottle(
                core,
                300,
                ApiKeys.PRODUCE,
                "no Produce to the coordinator's broker within its AddPartitionsToTxn throttle time");
        acknowledged(core, record);
        commitAndAnswer(core, 0);
    }

    /** transaction.version 2: no AddPartitionsToTxn, a transactional batch, EndTxn v5 whose new epoch the next transaction uses. */
    @Test
    void commitOnTransactionVersion2SendsNoAddPartitionsAndTakesTheEpochEndTxnReturns() {
        CoreUnderTest core = inTransaction(cores, 2);
        Sent sent = sendAwaiting(core, ApiKeys.PRODUCE, 13);
        RecordBatch batch = core.network.batches(sent.request()).get(P0);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.producerEpoch()).isZero();
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        assertEndTxnWaitsFor(core, sent.request());

        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(end.version()).isEqualTo((short) 5);
        assertThat(((EndTxnRequestData) end.data()).committed()).isTrue();
        answerEndTxn(core, end, 1, commit);
        assertThat(sent.record()).isCompleted();
        assertThat(core.network.received(ApiKeys.ADD_PARTITIONS_TO_TXN)).isEmpty();

        core.transactions.beginTransaction();
        send(core, P0);
        ScriptedNetwork.Exchange next = core.awaitRequest(ApiKeys.PRODUCE);
        RecordBatch nextBatch = core.network.batches(next).get(P0);
        assertThat(nextBatch.producerEpoch())
                .as("KIP-890: the epoch EndTxn returned")
                .isEqualTo((short) 1);
        assertThat(nextBatch.baseSequence()).isZero();
        core.network.respond(next, core.network.produceAnswer(next));
        commitAndAnswer(core, 2);
    }

    /** transaction.version 1: the partition joins with AddPartitionsToTxn v3 before any Produce (capped at v11), EndTxn v4 keeps the epoch. */
    @Test
    void commitOnTransactionVersion1AddsThePartitionFirstAndKeepsTheEpoch() {
        CoreUnderTest core = inTransaction(cores, 1);
        Sent sent = sendAwaiting(core, ApiKeys.ADD_PARTITIONS_TO_TXN, 3);
        AddPartitionsToTxnRequestData addData = sent.request().data();
        assertThat(addData.v3AndBelowTransactionalId()).isEqualTo(TXN_ID);
        assertThat(addData.v3AndBelowTopics().find(P0.topic()).partitions()).containsExactly(0);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("no Produce before the partition joined")
                .isEmpty();
        core.network.respond(sent.request(), partitionsAdded(P0, Errors.NONE));

        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(produce.version()).isEqualTo((short) 11);
        core.network.respond(produce, core.network.produceAnswer(produce));
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(end.version()).isEqualTo((short) 4);
        core.network.respond(end, new EndTxnResponseData());
        core.runUntil(commit::isDone, "the commit");
        assertThat(sent.record()).isCompleted();
        assertThat(core.sender.idempotence().epoch()).isZero();
    }

    /** kafka-clients TransactionManagerTest#testSendOffsetsToTransaction (v1): AddOffsetsToTxn, then TxnOffsetCommit to the group coordinator. */
    @Test
    void sendOffsetsOnTransactionVersion1AddsTheGroupThenCommitsToTheGroupCoordinator() {
        CoreUnderTest core = inTransaction(cores, 1);
        CompletableFuture<Void> offsets = core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(42)), GROUP);
        ScriptedNetwork.Exchange addOffsets = core.awaitRequest(ApiKeys.ADD_OFFSETS_TO_TXN);
        core.network.respond(addOffsets, new AddOffsetsToTxnResponseData());
        ScriptedNetwork.Exchange findGroup = core.awaitRequest(ApiKeys.FIND_COORDINATOR);
        assertThat(((FindCoordinatorRequestData) findGroup.data()).coordinatorKeys())
                .containsExactly("billing");
        core.network.respond(findGroup, coordinatorAt(2, "billing"));
        ScriptedNetwork.Exchange commitOffsets = core.awaitRequest(ApiKeys.TXN_OFFSET_COMMIT);
        assertThat(commitOffsets.node).isEqualTo(2);
        TxnOffsetCommitRequestData data = commitOffsets.data();
        assertThat(data.groupId()).isEqualTo("billing");
        assertThat(data.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(42);
        answerOffsetsThenCommit(core, offsets, commitOffsets, offsetsCommitted(P0), 0);
    }

    /**
     * transaction.version 1: a transaction that holds only a group's offsets is open at the
     * coordinator, so its abort must send EndTxn too (it skipped it, and the next commit committed them).
     */
    @Test
    void abortOfATransactionWithOnlyOffsetsOnTransactionVersion1SendsEndTxn() {
        CoreUnderTest core = inTransaction(cores, 1);
        sendOffsetsOnVersion1(core);

        CompletableFuture<Void> abort = core.transactions.beginAbort();
        answerAbortOnVersion1(core, abort);
    }

    /**
     * transaction.version 1: an AddPartitionsToTxn whose answer was lost may have opened the
     * transaction at the coordinator. The abort sends it again, as kafka-clients does, and then
     * EndTxn; it completed without EndTxn and left the transaction open until transaction.timeout.ms
     * (found by the simulator once it checked the coordinator after close()).
     */
    @Test
    void anAbortAfterAnAddPartitionsWithoutAnswerAddsAgainAndEndsTheTransaction() {
        CoreUnderTest core = inTransaction(cores, 1);
        RecordFuture record = send(core, P0);
        core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN);
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.network.dropConnection(COORDINATOR);
        core.clock.advance(core.config.retryBackoffMs());
        core.runUntil(record::isDone, "the queued record's failure");

        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(COORDINATOR, TXN_ID));
        ScriptedNetwork.Exchange again = core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN);
        assertThat(((AddPartitionsToTxnRequestData) again.data())
                        .v3AndBelowTopics()
                        .find(P0.topic())
                        .partitions())
                .containsExactly(0);
        core.network.respond(again, partitionsAdded(P0, Errors.NONE));
        answerAbortOnVersion1(core, abort);
    }

    /**
     * transaction.version 1: the abort of a transaction that holds offsets and lost a batch ends it
     * with EndTxn, then bumps the epoch. It took the transaction for still open after EndTxn (its
     * offsets were not forgotten) and sent EndTxn again and again, and the abort never returned
     * (found by the simulator once its user sent offsets).
     */
    @Test
    void anAbortWithOffsetsAndAFailedBatchEndsOnceThenBumpsTheEpoch() {
        CoreUnderTest core = inTransaction(cores, 1);
        sendOffsetsOnVersion1(core);
        RecordFuture record = sendJoining(core, P0, 1);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(
                produce, core.network.produceAnswer(produce, Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));
        core.runUntil(record::isDone, "the failure");

        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.network.respond(core.awaitRequest(ApiKeys.END_TXN), new EndTxnResponseData());
        ScriptedNetwork.Exchange bump = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
        core.network.respond(bump, producerId(PRODUCER_ID, 1));
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
        assertThat(core.network.received(ApiKeys.END_TXN)).hasSize(1);
        assertThat(core.sender.idempotence().epoch()).isEqualTo((short) 1);
    }

    /** transaction.version 2: TxnOffsetCommit adds the offsets implicitly, no AddOffsetsToTxn. */
    @Test
    void sendOffsetsOnTransactionVersion2GoesStraightToTheGroupCoordinator() {
        CoreUnderTest core = inTransaction(cores, 2);
        CompletableFuture<Void> offsets = core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(7)), GROUP);
        ScriptedNetwork.Exchange findGroup = core.awaitRequest(ApiKeys.FIND_COORDINATOR);
        core.network.respond(findGroup, coordinatorAt(2, "billing"));
        ScriptedNetwork.Exchange commitOffsets = core.awaitRequest(ApiKeys.TXN_OFFSET_COMMIT);
        answerOffsetsThenCommit(core, offsets, commitOffsets, offsetsCommitted(P0), 1);
        assertThat(core.network.received(ApiKeys.ADD_OFFSETS_TO_TXN)).isEmpty();
    }

    /**
     * TxnOffsetCommit lists the offsets in the order the caller's map gives them: the core copied them
     * with Map.copyOf, whose order is salted per JVM, so one simulation seed sent them differently in
     * two JVMs and did not replay.
     */
    @Test
    void offsetsGoOutInTheOrderOfTheCallersMap() {
        CoreUnderTest core = inTransaction(cores, 2);
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (int partition = 11; partition >= 0; partition--) {
            offsets.put(new TopicPartition(P0.topic(), partition), new OffsetAndMetadata(100 + partition));
        }
        CompletableFuture<Void> sent = core.transactions.sendOffsets(offsets, GROUP);
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(2, "billing"));
        ScriptedNetwork.Exchange commitOffsets = core.awaitRequest(ApiKeys.TXN_OFFSET_COMMIT);
        TxnOffsetCommitRequestData data = commitOffsets.data();
        assertThat(data.topics()).hasSize(1);
        List<Integer> partitions = data.topics().get(0).partitions().stream()
                .map(TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition::partitionIndex)
                .toList();
        assertThat(partitions).containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        answerOffsetsThenCommit(core, sent, commitOffsets, offsetsCommitted(P0.topic(), partitions), 1);
    }

    /** abortTransaction fails what is still queued, waits for what is in flight, then EndTxn(abort). */
    @Test
    void abortFailsQueuedRecordsWaitsForInFlightOnesThenEndsTheTransaction() {
        CoreUnderTest core = inTransaction(cores, 2);
        InFlightAndQueued records = inFlightAndQueuedBehindALostBroker(core);
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.rounds(3);
        assertThatFailure(records.queued())
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("aborted before this record was sent");
        assertThat(core.network.received(ApiKeys.END_TXN))
                .as("EndTxn waits for the batch in flight")
                .isEmpty();
        core.network.respond(records.produce(), core.network.produceAnswer(records.produce()));
        core.network.unreachable(1, false);
        core.clock.advance(core.config.reconnectBackoffMaxMs());
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        answerEndTxn(core, end, 1, abort);
        assertThat(records.inFlight()).isCompleted();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
    }

    /**
     * kafka-clients TransactionManagerTest#testAbortableErrorWhileAbortInProgress and the 3.x
     * epoch bump after a failed batch: a batch failing for good makes the transaction abortable;
     * commit is refused; on transaction.version 1 the abort ends the transaction, then bumps the
     * epoch with InitProducerId(current id, epoch); on version 2 EndTxn's new epoch is the bump.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailedBatchMakesTheTransactionAbortableAndTheAbortMovesToANewEpoch(int transactionVersion) {
        CoreUnderTest core = inTransaction(cores, transactionVersion);
        RecordFuture record = sendJoining(core, P0, transactionVersion);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(
                produce, core.network.produceAnswer(produce, Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));
        core.runUntil(record::isDone, "the failure");
        assertThat(core.transactions.state()).isEqualTo(TransactionState.ABORTABLE_ERROR);
        assertThatThrownBy(core.transactions::beginCommit)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("TRANSACTION_ABORTABLE")
                .hasMessageContaining("call abortTransaction()");
        assertThatThrownBy(() -> core.transactions.checkSendAllowed()).isInstanceOf(KafkaErrorException.class);

        CompletableFuture<Void> abort = core.transactions.beginAbort();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        core.network.respond(
                end, new EndTxnResponseData().setProducerId(PRODUCER_ID).setProducerEpoch((short)
                                (transactionVersion == 2 ? 1 : -1)));
        if (transactionVersion == 1) {
            ScriptedNetwork.Exchange bump = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
            InitProducerIdRequestData bumpData = bump.data();
            assertThat(bumpData.producerId()).isEqualTo(PRODUCER_ID);
            assertThat(bumpData.producerEpoch()).isZero();
            core.network.respond(bump, producerId(PRODUCER_ID, 1));
        }
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
        assertThat(core.sender.idempotence().epoch()).isEqualTo((short) 1);
        assertThat(core.network.received(ApiKeys.INIT_PRODUCER_ID)).hasSize(transactionVersion == 1 ? 2 : 1);
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
    }

    /** kafka-clients TransactionManagerTest's invalid-transition checks: calls out of order name the state and the allowed calls. */
    @Test
    void callsOutOfOrderAreRefusedNamingTheStateAndWhatIsAllowed() {
        CoreUnderTest core = transactional(cores, 2);
        assertRefusedOutOfOrder(core.transactions::beginTransaction, "UNINITIALIZED", "initTransactions()");
        assertRefusedOutOfOrder(core.transactions::checkSendAllowed);
        CoreUnderTest ready = initialized(cores, 2);
        assertRefusedOutOfOrder(ready.transactions::beginCommit, "READY", "beginTransaction()");
        assertRefusedOutOfOrder(ready.transactions::beginAbort);
        assertRefusedOutOfOrder(() -> ready.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(1)), GROUP));
        ready.transactions.beginTransaction();
        assertRefusedOutOfOrder(ready.transactions::beginTransaction, "IN_TRANSACTION");
        assertRefusedOutOfOrder(ready.transactions::initTransactions);
    }

    // ---- steps ----

    /**
     * Found by the simulator against the model that ModelTransactionConformanceIT holds to Kafka 4.4:
     * EndTxn(commit) with no open transaction is INVALID_TXN_STATE on both protocols, so a
     * transaction that sent nothing commits without asking the coordinator (as in kafka-clients),
     * and the next one goes on at the same epoch.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aTransactionThatSentNothingCommitsWithoutEndTxn(int transactionVersion) {
        CoreUnderTest core = inTransaction(cores, transactionVersion);
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        core.runUntil(commit::isDone, "the commit");

        assertThat(commit).isCompleted();
        assertThat(core.network.received(ApiKeys.END_TXN)).isEmpty();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
        core.transactions.beginTransaction();
        sendJoining(core, P0, transactionVersion);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(produce).get(P0).producerEpoch()).isZero();
        core.network.respond(produce, core.network.produceAnswer(produce));
        commitAndAnswer(core, transactionVersion == 2 ? 1 : 0);
        assertThat(core.network.received(ApiKeys.END_TXN)).hasSize(1);
    }

    /** EndTxn(abort) on transaction.version 1, answered: the abort completes and nothing is left over. */
    private static void answerAbortOnVersion1(CoreUnderTest core, CompletableFuture<Void> abort) {
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        core.network.respond(end, new EndTxnResponseData());
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
    }

    /** sendOffsetsToTransaction on transaction.version 1, every request answered: the group's offsets join the transaction. */
    private static void sendOffsetsOnVersion1(CoreUnderTest core) {
        CompletableFuture<Void> offsets = core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(42)), GROUP);
        core.network.respond(core.awaitRequest(ApiKeys.ADD_OFFSETS_TO_TXN), new AddOffsetsToTxnResponseData());
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(2, "billing"));
        core.network.respond(core.awaitRequest(ApiKeys.TXN_OFFSET_COMMIT), offsetsCommitted(P0));
        core.runUntil(offsets::isDone, "the offsets");
    }

    /** A record of the transaction and the first request its send leads to, which must be at this version. */
    private static Sent sendAwaiting(CoreUnderTest core, ApiKeys firstRequest, int version) {
        RecordFuture record = send(core, P0);
        ScriptedNetwork.Exchange request = core.awaitRequest(firstRequest);
        assertThat(request.version()).as("%s version", firstRequest).isEqualTo((short) version);
        return new Sent(record, request);
    }

    private record Sent(RecordFuture record, ScriptedNetwork.Exchange request) {}

    /** No request of {@code held} goes out until the last millisecond of a throttle answered now; then it ends. */
    private static void assertNoneWithinTheThrottle(
            CoreUnderTest core, int throttleMs, ApiKeys held, String description) {
        core.rounds(5);
        core.clock.advance(throttleMs - 1);
        core.rounds(5);
        assertThat(core.network.received(held)).as(description).isEmpty();
        core.clock.advance(1);
    }

    /** A call out of order: refused with IllegalStateException, its message naming what it should. */
    private static void assertRefusedOutOfOrder(ThrowingCallable call, String... messageParts) {
        AbstractThrowableAssert<?, ? extends Throwable> refused =
                assertThatThrownBy(call).isInstanceOf(IllegalStateException.class);
        for (String part : messageParts) {
            refused.hasMessageContaining(part);
        }
    }

    /** TxnOffsetCommit answered: the offsets are sent, then the transaction commits with them. */
    private static void answerOffsetsThenCommit(
            CoreUnderTest core,
            CompletableFuture<Void> offsets,
            ScriptedNetwork.Exchange commitOffsets,
            ApiMessage answer,
            int newEpoch) {
        core.network.respond(commitOffsets, answer);
        core.runUntil(offsets::isDone, "the offsets");
        assertThat(offsets).isCompleted();
        commitAndAnswer(core, newEpoch);
    }

    private static ApiMessage offsetsCommitted(TopicPartition partition) {
        return offsetsCommitted(partition.topic(), List.of(partition.partition()));
    }

    /** TxnOffsetCommit's answer: the offsets of these partitions of the topic committed. */
    private static ApiMessage offsetsCommitted(String topic, List<Integer> partitions) {
        return new TxnOffsetCommitResponseData()
                .setTopics(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName(topic)
                        .setPartitions(partitions.stream()
                                .map(partition -> new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                        .setPartitionIndex(partition))
                                .toList())));
    }
}
