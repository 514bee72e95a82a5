package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.PRODUCER_ID;
import static dev.ferry.producer.internal.sender.FutureFailures.assertThatFailure;
import static dev.ferry.producer.internal.sender.TransactionSteps.COORDINATOR;
import static dev.ferry.producer.internal.sender.TransactionSteps.GROUP;
import static dev.ferry.producer.internal.sender.TransactionSteps.TXN_ID;
import static dev.ferry.producer.internal.sender.TransactionSteps.answerEndTxn;
import static dev.ferry.producer.internal.sender.TransactionSteps.assertEndTxnWaitsFor;
import static dev.ferry.producer.internal.sender.TransactionSteps.commitAndAnswer;
import static dev.ferry.producer.internal.sender.TransactionSteps.commitOfAnAcknowledgedRecord;
import static dev.ferry.producer.internal.sender.TransactionSteps.coordinatorAt;
import static dev.ferry.producer.internal.sender.TransactionSteps.inFlightAndQueuedBehindALostBroker;
import static dev.ferry.producer.internal.sender.TransactionSteps.inTransaction;
import static dev.ferry.producer.internal.sender.TransactionSteps.initAnswered;
import static dev.ferry.producer.internal.sender.TransactionSteps.partitionsAdded;
import static dev.ferry.producer.internal.sender.TransactionSteps.producerId;
import static dev.ferry.producer.internal.sender.TransactionSteps.send;
import static dev.ferry.producer.internal.sender.TransactionSteps.sendAndAnswer;
import static dev.ferry.producer.internal.sender.TransactionSteps.sendJoining;
import static dev.ferry.producer.internal.sender.TransactionSteps.transactional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.ProducerFencedException;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.sender.TransactionSteps.Commit;
import dev.ferry.producer.internal.sender.TransactionSteps.InFlightAndQueued;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transactional producer when things go wrong, in the manner of kafka-clients'
 * {@code TransactionManagerTest}: close (graceful or forced) with a commit under way, a transaction
 * left open or abortable; and the coordinator's errors (PRODUCER_FENCED, NOT_COORDINATOR,
 * CONCURRENT_TRANSACTIONS, a lost connection, INVALID_PRODUCER_EPOCH). Driven as in
 * {@link TransactionManagerTest}, with the steps of {@link TransactionSteps}.
 */
class TransactionFailuresTest {

    @RegisterExtension
    final SettledCores cores = new SettledCores();

    /**
     * close() while a commit waits for EndTxn: the I/O thread stays until the commit ends, as
     * kafka-clients' close does; it stopped at once, and the commit waited until max.block.ms.
     */
    @Test
    void aGracefulCloseLetsACommitUnderWayEnd() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        core.sender.initiateClose();
        assertThat(core.sender.stopped()).as("stopped with EndTxn unanswered").isFalse();
        answerEndTxn(core, commit.endTxn(), 1, commit.future());
        assertThat(core.sender.stopped()).isTrue();
    }

    /** A forced close fails the commit still waiting at once, instead of leaving its caller until max.block.ms. */
    @Test
    void aForcedCloseFailsACommitUnderWay() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        core.sender.forceClose();
        core.sender.run();
        assertThat(commit.future())
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ProducerClosedException.class);
    }

    /**
     * close() with the user's transaction open: once what was sent is settled the producer aborts
     * it, as kafka-clients' close does, and stops only when EndTxn(abort) was answered. It stopped
     * at once, and the coordinator aborted the transaction only at transaction.timeout.ms.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aGracefulCloseAbortsATransactionLeftOpen(int transactionVersion) {
        CoreUnderTest core = inTransaction(cores, transactionVersion);
        RecordFuture record = sendJoining(core, P0, transactionVersion);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.sender.initiateClose();
        assertEndTxnWaitsFor(core, produce);

        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        assertThat(core.sender.stopped()).as("stopped with EndTxn unanswered").isFalse();
        core.network.respond(
                end, new EndTxnResponseData().setProducerId(PRODUCER_ID).setProducerEpoch((short)
                                (transactionVersion == 2 ? 1 : -1)));
        core.runUntil(core.sender::stopped, "the end of close()");
        assertThat(record).isCompleted();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
    }

    /** A transaction that can only be aborted is aborted by close() at once: its queued records cannot go out. */
    @Test
    void aGracefulCloseAbortsAnAbortableTransactionAndFailsItsQueuedRecords() {
        CoreUnderTest core = inTransaction(cores, 2);
        InFlightAndQueued records = inFlightAndQueuedBehindALostBroker(core);
        core.network.respond(
                records.produce(),
                core.network.produceAnswer(records.produce(), Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));
        core.runUntil(records.inFlight()::isDone, "the failure");
        core.sender.initiateClose();
        core.rounds(1);
        assertThatFailure(records.queued()).hasMessageContaining("aborted before this record was sent");

        core.network.unreachable(1, false);
        core.clock.advance(core.config.reconnectBackoffMaxMs());
        // the coordinator's connection was lost with broker 1's: it is looked up again
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(COORDINATOR, TXN_ID));
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        core.network.respond(
                end, new EndTxnResponseData().setProducerId(PRODUCER_ID).setProducerEpoch((short) 1));
        core.runUntil(core.sender::stopped, "the end of close()");
    }

    /** A forced close (close(Duration.ZERO), or a close(timeout) that ran out) does not wait for an abort. */
    @Test
    void aForcedCloseLeavesAnOpenTransactionToTheCoordinator() {
        CoreUnderTest core = inTransaction(cores, 2);
        sendAndAnswer(core, P0);
        core.sender.forceClose();
        core.sender.run();
        assertThat(core.network.received(ApiKeys.END_TXN)).isEmpty();
    }

    /** kafka-clients TransactionManagerTest#testProducerFencedExceptionInInitProducerId: fenced is fatal; only close is left. */
    @Test
    void producerFencedAtInitIsFatal() {
        CoreUnderTest core = transactional(cores, 2);
        CompletableFuture<Void> init =
                initAnswered(core, new InitProducerIdResponseData().setErrorCode(Errors.PRODUCER_FENCED.code()));
        core.runUntil(init::isDone, "the failure");
        assertThatFailure(init).isInstanceOf(ProducerFencedException.class);
        assertThat(core.transactions.state()).isEqualTo(TransactionState.FATAL_ERROR);
        assertThatThrownBy(core.transactions::beginTransaction).isInstanceOf(ProducerFencedException.class);
    }

    /** kafka-clients TransactionManagerTest#testFencedInstanceExceptionInEndTxn-like: EndTxn refused as fenced fails the commit for good. */
    @Test
    void producerFencedAtCommitIsFatal() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        core.network.respond(commit.endTxn(), new EndTxnResponseData().setErrorCode(Errors.PRODUCER_FENCED.code()));
        core.runUntil(commit.future()::isDone, "the failure");
        assertThatFailure(commit.future()).isInstanceOf(ProducerFencedException.class);
        assertThat(core.transactions.state()).isEqualTo(TransactionState.FATAL_ERROR);
    }

    /** kafka-clients TransactionManagerTest#testLookupCoordinatorOnNotCoordinatorError: the coordinator moved; find it, ask it. */
    @Test
    void notCoordinatorFindsTheNewCoordinatorAndSendsTheRequestThere() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        assertThat(commit.endTxn().node).isEqualTo(COORDINATOR);
        core.network.respond(commit.endTxn(), new EndTxnResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        core.runOnce();
        core.clock.advance(core.config.retryBackoffMs());
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(2, TXN_ID));
        ScriptedNetwork.Exchange retried = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(retried.node).isEqualTo(2);
        answerEndTxn(core, retried, 1, commit.future());
    }

    /** kafka-clients TransactionManagerTest#testRetryInitTransactionsAfterConcurrentTransactions-like: CONCURRENT_TRANSACTIONS is asked again shortly. */
    @Test
    void concurrentTransactionsIsRetriedAfterAShortBackoff() {
        CoreUnderTest core = transactional(cores, 2);
        CompletableFuture<Void> init = initAnswered(
                core, new InitProducerIdResponseData().setErrorCode(Errors.CONCURRENT_TRANSACTIONS.code()));
        core.rounds(3);
        assertThat(core.network.received(ApiKeys.INIT_PRODUCER_ID))
                .as("not before the backoff")
                .hasSize(1);
        core.clock.advance(20);
        core.network.respond(core.awaitRequest(ApiKeys.INIT_PRODUCER_ID), producerId(PRODUCER_ID, 0));
        core.runUntil(init::isDone, "initTransactions");
        assertThat(init).isCompleted();
        assertThat(core.network.received(ApiKeys.FIND_COORDINATOR))
                .as("same coordinator")
                .hasSize(1);
    }

    /** A lost connection to the coordinator: the request fails, the coordinator is found again, the request is repeated. */
    @Test
    void aDisconnectedCoordinatorIsFoundAgainAndTheRequestRepeated() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        core.network.dropConnection(COORDINATOR);
        core.runOnce();
        core.clock.advance(core.config.retryBackoffMs());
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(COORDINATOR, TXN_ID));
        core.clock.advance(core.config.reconnectBackoffMaxMs());
        answerEndTxn(core, core.awaitRequest(ApiKeys.END_TXN), 1, commit.future());
        assertThat(core.network.received(ApiKeys.END_TXN)).hasSize(2);
    }

    /**
     * INVALID_PRODUCER_EPOCH inside a transaction (a v1 AddPartitionsToTxn here) makes it abortable;
     * EndTxn would be refused as well, so the abort bumps the epoch with InitProducerId alone.
     */
    @Test
    void invalidProducerEpochInATransactionAbortsWithAnEpochBumpInsteadOfEndTxn() {
        CoreUnderTest core = inTransaction(cores, 1);
        RecordFuture record = send(core, P0);
        core.network.respond(
                core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN), partitionsAdded(P0, Errors.INVALID_PRODUCER_EPOCH));
        core.runUntil(() -> core.transactions.state() == TransactionState.ABORTABLE_ERROR, "the abortable error");
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.runUntil(record::isDone, "the queued record's failure");
        ScriptedNetwork.Exchange bump = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
        assertThat(((InitProducerIdRequestData) bump.data()).producerEpoch()).isZero();
        core.network.respond(bump, producerId(PRODUCER_ID, 1));
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
        assertThat(core.network.received(ApiKeys.END_TXN)).isEmpty();
        assertThat(core.network.received(ApiKeys.PRODUCE)).isEmpty();
    }

    /**
     * A record queued in a transaction that can only be aborted now fails at once with the
     * transaction's error, as kafka-clients' sender aborts undrained batches; it waited for
     * delivery.timeout.ms (120 s by default), and with it flush() and a commit's wait.
     */
    @Test
    void recordsQueuedInATransactionThatCanOnlyBeAbortedFailWithItsErrorAtOnce() {
        CoreUnderTest core = inTransaction(cores, 1);
        long sentMs = core.clock.getAsLong();
        RecordFuture record = send(core, P0);
        core.network.respond(
                core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN),
                partitionsAdded(P0, Errors.TOPIC_AUTHORIZATION_FAILED));
        core.runUntil(record::isDone, "the queued record's failure");

        assertThatFailure(record).hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
        assertThat(core.clock.getAsLong() - sentMs)
                .as("failed long before delivery.timeout.ms")
                .isLessThan(core.config.deliveryTimeoutMs() / 10);
        assertThat(core.network.received(ApiKeys.PRODUCE)).isEmpty();
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
    }

    /**
     * A commit whose caller stopped waiting (max.block.ms) and that completed afterwards: calling
     * commitTransaction() again answers with that outcome, and other calls are refused until it is
     * seen, as kafka-clients' cached results do; it threw "Cannot call commitTransaction() in
     * transaction state READY", and the user could not tell whether the commit happened.
     */
    @Test
    void aCommitWhoseCallerTimedOutAnswersTheRepeatedCallWithItsOutcome() {
        CoreUnderTest core = inTransaction(cores, 2);
        Commit commit = commitOfAnAcknowledgedRecord(core);
        core.transactions.callTimedOut(commit.future());
        answerEndTxn(core, commit.endTxn(), 1, commit.future());

        assertThatThrownBy(core.transactions::beginTransaction)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the earlier commitTransaction() timed out and has completed since");
        assertThatThrownBy(core.transactions::beginAbort)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call commitTransaction() again");
        CompletableFuture<Void> again = core.transactions.beginCommit();
        assertThat(again).isSameAs(commit.future()).isCompleted();
        core.transactions.outcomeSeen(again);

        core.transactions.beginTransaction();
        assertThat(core.transactions.state()).isEqualTo(TransactionState.IN_TRANSACTION);
        assertThat(core.network.received(ApiKeys.END_TXN)).hasSize(1);
    }

    /**
     * The coordinator no longer maps the producer id to the transactional.id (it expired): it would
     * refuse EndTxn, so the abort takes a producer id with InitProducerId instead, and the next
     * transaction commits under it, as kafka-clients aborts; the abort completed without either,
     * and every later transaction failed the same way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"INVALID_PRODUCER_ID_MAPPING", "UNKNOWN_PRODUCER_ID"})
    void aProducerIdTheCoordinatorNoLongerMapsIsAbortedWithANewProducerId(String errorName) {
        CoreUnderTest core = inTransaction(cores, 1);
        RecordFuture record = send(core, P0);
        core.network.respond(
                core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN), partitionsAdded(P0, Errors.valueOf(errorName)));
        core.runUntil(record::isDone, "the queued record's failure");
        assertThatFailure(record).hasMessageContaining(errorName);

        CompletableFuture<Void> abort = core.transactions.beginAbort();
        ScriptedNetwork.Exchange init = core.awaitRequest(ApiKeys.INIT_PRODUCER_ID);
        assertThat(((InitProducerIdRequestData) init.data()).producerId()).isEqualTo(PRODUCER_ID);
        core.network.respond(init, producerId(PRODUCER_ID + 1, 0));
        core.runUntil(abort::isDone, "the abort");
        assertThat(abort).isCompleted();
        assertThat(core.network.received(ApiKeys.END_TXN)).isEmpty();

        core.transactions.beginTransaction();
        RecordFuture next = send(core, P0);
        core.network.respond(core.awaitRequest(ApiKeys.ADD_PARTITIONS_TO_TXN), partitionsAdded(P0, Errors.NONE));
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(produce).get(P0).producerId()).isEqualTo(PRODUCER_ID + 1);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(next::isDone, "the next transaction's record");
        commitAndAnswer(core, 0);
    }

    /**
     * The group coordinator refuses the offsets (ILLEGAL_GENERATION) while the user aborts: the
     * abort goes on and ends the transaction, as kafka-clients skips an abortable error while
     * aborting; it made the producer fatal and left the transaction open until transaction.timeout.ms.
     */
    @Test
    void offsetsRefusedWhileAbortingLetTheAbortEnd() {
        CoreUnderTest core = inTransaction(cores, 2);
        OffsetsUnderWay offsets = offsetsUnderWay(core);
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        core.network.respond(offsets.commit(), offsetsRefused(Errors.ILLEGAL_GENERATION));

        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) end.data()).committed()).isFalse();
        answerEndTxn(core, end, 1, abort);
        assertThat(core.transactions.state()).isEqualTo(TransactionState.READY);
        assertThat(offsets.result()).isCompletedExceptionally();
    }

    /**
     * sendOffsetsToTransaction() again while an earlier call waits: the same offsets wait for the
     * same answer; other offsets are refused, where they were answered with the earlier call's
     * future and never sent.
     */
    @Test
    void otherOffsetsWhileEarlierOnesAreUnderWayAreRefusedNotDropped() {
        CoreUnderTest core = inTransaction(cores, 2);
        OffsetsUnderWay offsets = offsetsUnderWay(core);

        assertThat(core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(42)), GROUP))
                .isSameAs(offsets.result());
        assertThatThrownBy(() -> core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(43)), GROUP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("while an earlier call with other offsets");
        assertThat(((TxnOffsetCommitRequestData) offsets.commit().data())
                        .topics()
                        .get(0)
                        .partitions()
                        .get(0)
                        .committedOffset())
                .isEqualTo(42);
        core.network.respond(offsets.commit(), offsetsRefused(Errors.NONE));
        core.runUntil(offsets.result()::isDone, "the offsets");
        commitAndAnswer(core, 1);
    }

    /**
     * The group coordinator answers INVALID_PRODUCER_EPOCH: a newer producer took the
     * transactional.id, so this one is fenced, as kafka-clients' TxnOffsetCommitHandler decides.
     */
    @Test
    void aFencedEpochFromTheGroupCoordinatorFencesTheProducer() {
        CoreUnderTest core = inTransaction(cores, 2);
        OffsetsUnderWay offsets = offsetsUnderWay(core);
        core.network.respond(offsets.commit(), offsetsRefused(Errors.INVALID_PRODUCER_EPOCH));
        core.runUntil(offsets.result()::isDone, "the offsets' failure");

        assertThatFailure(offsets.result()).isInstanceOf(ProducerFencedException.class);
        assertThat(core.transactions.state()).isEqualTo(TransactionState.FATAL_ERROR);
        core.sender.forceClose();
        core.sender.run();
    }

    /** sendOffsetsToTransaction() of P0's offset 42 up to its TxnOffsetCommit, which waits for an answer. */
    private static OffsetsUnderWay offsetsUnderWay(CoreUnderTest core) {
        CompletableFuture<Void> result = core.transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(42)), GROUP);
        core.network.respond(core.awaitRequest(ApiKeys.FIND_COORDINATOR), coordinatorAt(2, GROUP.groupId()));
        return new OffsetsUnderWay(result, core.awaitRequest(ApiKeys.TXN_OFFSET_COMMIT));
    }

    private record OffsetsUnderWay(CompletableFuture<Void> result, ScriptedNetwork.Exchange commit) {}

    private static ApiMessage offsetsRefused(Errors error) {
        return new TxnOffsetCommitResponseData()
                .setTopics(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName(P0.topic())
                        .setPartitions(List.of(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                .setPartitionIndex(P0.partition())
                                .setErrorCode(error.code())))));
    }
}
