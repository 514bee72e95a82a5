package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.FutureFailures.assertThatFailure;
import static dev.ferry.producer.internal.sender.TransactionState.ABORTABLE_ERROR;
import static dev.ferry.producer.internal.sender.TransactionState.ABORTING_TRANSACTION;
import static dev.ferry.producer.internal.sender.TransactionState.COMMITTING_TRANSACTION;
import static dev.ferry.producer.internal.sender.TransactionState.INITIALIZING;
import static dev.ferry.producer.internal.sender.TransactionState.READY;
import static dev.ferry.producer.internal.sender.TransactionState.UNINITIALIZED;
import static dev.ferry.producer.internal.sender.TransactionSteps.GROUP;
import static dev.ferry.producer.internal.sender.TransactionSteps.TXN_ID;
import static dev.ferry.producer.internal.sender.TransactionSteps.acknowledged;
import static dev.ferry.producer.internal.sender.TransactionSteps.answerEndTxn;
import static dev.ferry.producer.internal.sender.TransactionSteps.inTransaction;
import static dev.ferry.producer.internal.sender.TransactionSteps.sendJoining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every transition of {@link TransactionState}, held to kafka-clients 4.4's own table, and the
 * transitions the review found unasserted: a commit that ends abortable, and the user's calls while
 * a commit or an abort is under way. The scenarios run on the core of {@link CoreUnderTest}, as in
 * {@link TransactionManagerTest}.
 */
class TransactionStateTransitionsTest {

    /** kafka-clients' states with no counterpart here: KIP-939's two-phase commit (prepareTransaction()), which Ferry does not offer. */
    private static final Set<String> KAFKA_ONLY_STATES = Set.of("PREPARED_TRANSACTION");

    /**
     * The transitions where Ferry's table and kafka-clients' differ; each one kafka-clients allows
     * and Ferry does not.
     *
     * <ul>
     *   <li>READY or ABORTABLE_ERROR to UNINITIALIZED: kafka-clients' TransactionManager also keeps
     *       the producer id of an idempotent producer without transactions and resets it so
     *       (resetIdempotentProducerId); Ferry's exists only for a transactional.id, the idempotent
     *       producer id lives in IdempotenceState, and a transactional producer never starts over.
     *   <li>COMMITTING_TRANSACTION to INITIALIZING and INITIALIZING to ABORTABLE_ERROR:
     *       kafka-clients runs its InitProducerId after an ended transaction (an epoch bump) in
     *       INITIALIZING, entered from either end state, and an abortable failure of it leaves
     *       ABORTABLE_ERROR. Ferry bumps the epoch only in an abort, inside ABORTING_TRANSACTION
     *       (straight to READY when InitProducerId answers), and a failed InitProducerId while
     *       initializing is fatal, so neither transition has a use.
     *   <li>ABORTING_TRANSACTION to INITIALIZING, for the same reason: the bump happens inside the
     *       abort, and a user's initTransactions() taking that step left the abort's future
     *       incomplete.
     * </ul>
     */
    private static final Set<List<TransactionState>> ONLY_KAFKA_ALLOWS = Set.of(
            List.of(READY, UNINITIALIZED),
            List.of(ABORTABLE_ERROR, UNINITIALIZED),
            List.of(COMMITTING_TRANSACTION, INITIALIZING),
            List.of(ABORTING_TRANSACTION, INITIALIZING),
            List.of(INITIALIZING, ABORTABLE_ERROR));

    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void ferrysStatesAreKafkasLessTheOnesItDoesNotOffer() {
        Set<String> kafka = Arrays.stream(kafkaStates()).map(Enum::name).collect(Collectors.toSet());
        Set<String> ferry =
                Arrays.stream(TransactionState.values()).map(Enum::name).collect(Collectors.toSet());
        assertThat(kafka).containsAll(ferry);
        assertThat(kafka).hasSize(ferry.size() + KAFKA_ONLY_STATES.size()).containsAll(KAFKA_ONLY_STATES);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPairOfStates")
    void everyTransitionIsAllowedExactlyAsInKafkaClients(TransactionState from, TransactionState to) {
        boolean kafka = kafkaAllows(from.name(), to.name());
        if (ONLY_KAFKA_ALLOWS.contains(List.of(from, to))) {
            assertThat(kafka).as("kafka-clients allows %s -> %s", from, to).isTrue();
            assertThat(from.isTransitionValid(to))
                    .as("Ferry refuses %s -> %s", from, to)
                    .isFalse();
        } else {
            assertThat(from.isTransitionValid(to))
                    .as("%s -> %s as in kafka-clients", from, to)
                    .isEqualTo(kafka);
        }
    }

    /**
     * EndTxn(commit) answered TRANSACTION_ABORTABLE (KIP-890): the commit fails, only an abort is
     * allowed, and after it the next transaction commits.
     */
    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(ints = {1, 2})
    void aCommitRefusedAbortablyByTheCoordinatorIsAbortedAndTheNextTransactionCommits(int transactionVersion) {
        CoreUnderTest core = inTransaction(cores, transactionVersion);
        acknowledged(core, sendJoining(core, P0, transactionVersion));
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);
        core.network.respond(end, new EndTxnResponseData().setErrorCode(Errors.TRANSACTION_ABORTABLE.code()));
        core.runUntil(commit::isDone, "the commit's failure");

        assertThatFailure(commit).isInstanceOf(KafkaErrorException.class).hasMessageContaining("TRANSACTION_ABORTABLE");
        abortThenCommitTheNext(core, transactionVersion, 1);
    }

    /**
     * A batch of the transaction refused for good while the commit waits for it: the commit fails,
     * and the transaction is aborted and the next one committed at a new epoch.
     */
    @Test
    void aCommitWhoseBatchIsRefusedIsAbortedAndTheNextTransactionCommits() {
        CoreUnderTest core = inTransaction(cores, 2);
        RecordFuture record = sendJoining(core, P0, 2);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        assertThat(core.transactions.state()).isEqualTo(COMMITTING_TRANSACTION);
        core.network.respond(
                produce, core.network.produceAnswer(produce, Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));
        core.runUntil(commit::isDone, "the commit's failure");

        assertThatFailure(record).hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
        assertThatFailure(commit).hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
        assertThat(core.network.received(ApiKeys.END_TXN))
                .as("no EndTxn(commit) for a failed transaction")
                .isEmpty();
        abortThenCommitTheNext(core, 2, 1);
    }

    @Test
    void callsOutOfOrderWhileCommittingAreRefusedNamingTheState() {
        CoreUnderTest core = inTransaction(cores, 2);
        acknowledged(core, sendJoining(core, P0, 2));
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);

        outOfOrderCalls(core, "beginCommit")
                .forEach(call -> assertRefused(
                        call,
                        "in transaction state COMMITTING_TRANSACTION",
                        "allowed now: commitTransaction() (to keep waiting)"));
        assertThat(core.transactions.beginCommit())
                .as("commitTransaction() again waits for the same commit")
                .isSameAs(commit);
        answerEndTxn(core, end, 1, commit);
    }

    @Test
    void callsOutOfOrderWhileAbortingAreRefusedNamingTheState() {
        CoreUnderTest core = inTransaction(cores, 2);
        acknowledged(core, sendJoining(core, P0, 2));
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);

        outOfOrderCalls(core, "beginAbort", "initTransactions")
                .forEach(call -> assertRefused(
                        call,
                        "in transaction state ABORTING_TRANSACTION",
                        "allowed now: abortTransaction() (to keep waiting)"));
        assertThat(core.transactions.beginAbort())
                .as("abortTransaction() again waits for the same abort")
                .isSameAs(abort);
        answerEndTxn(core, end, 1, abort);
    }

    /**
     * initTransactions() while an abort is under way. The table kept kafka-clients' ABORTING to
     * INITIALIZING, which only the user's call took here: the call was accepted, and the abort's
     * future was replaced and never completed.
     */
    @Test
    void initTransactionsWhileAbortingIsRefusedNamingTheState() {
        CoreUnderTest core = inTransaction(cores, 2);
        acknowledged(core, sendJoining(core, P0, 2));
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        ScriptedNetwork.Exchange end = core.awaitRequest(ApiKeys.END_TXN);

        assertRefused(
                core.transactions::initTransactions,
                "in transaction state ABORTING_TRANSACTION",
                "allowed now: abortTransaction() (to keep waiting)");
        answerEndTxn(core, end, 1, abort);
    }

    // ---- steps ----

    static Stream<Arguments> everyPairOfStates() {
        return Arrays.stream(TransactionState.values())
                .flatMap(from -> Arrays.stream(TransactionState.values()).map(to -> Arguments.of(from, to)));
    }

    private static Enum<?>[] kafkaStates() {
        return (Enum<?>[]) kafkaStateClass().getEnumConstants();
    }

    /** The oracle: kafka-clients' own table, TransactionManager.State#isTransitionValid (private, so by reflection). */
    private static boolean kafkaAllows(String from, String to) {
        Class<?> state = kafkaStateClass();
        Enum<?> source = Arrays.stream(kafkaStates())
                .filter(s -> s.name().equals(from))
                .findFirst()
                .orElseThrow();
        Enum<?> target = Arrays.stream(kafkaStates())
                .filter(s -> s.name().equals(to))
                .findFirst()
                .orElseThrow();
        try {
            Method isTransitionValid = state.getDeclaredMethod("isTransitionValid", state, state);
            isTransitionValid.setAccessible(true);
            return (boolean) isTransitionValid.invoke(source, source, target);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("kafka-clients' TransactionManager.State#isTransitionValid is not callable", e);
        }
    }

    private static Class<?> kafkaStateClass() {
        try {
            return Class.forName("org.apache.kafka.clients.producer.internals.TransactionManager$State");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("kafka-clients' TransactionManager.State is not on the test classpath", e);
        }
    }

    /** Every user call of a transaction but those named, each made in the current state. */
    private static Stream<ThrowingCallable> outOfOrderCalls(CoreUnderTest core, String... except) {
        TransactionManager transactions = core.transactions;
        Map<String, ThrowingCallable> calls = Map.of(
                "initTransactions", transactions::initTransactions,
                "beginTransaction", transactions::beginTransaction,
                "send", transactions::checkSendAllowed,
                "sendOffsetsToTransaction", () -> transactions.sendOffsets(Map.of(P0, new OffsetAndMetadata(1)), GROUP),
                "beginCommit", transactions::beginCommit,
                "beginAbort", transactions::beginAbort);
        Set<String> excepted = Set.of(except);
        return calls.entrySet().stream()
                .filter(call -> !excepted.contains(call.getKey()))
                .map(Map.Entry::getValue);
    }

    /** Refused as a programming error, as TransactionManagerTest asserts in the other states. */
    private static void assertRefused(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("of transactional.id " + TXN_ID)
                .hasMessageContainingAll(messageParts);
    }

    /** From ABORTABLE_ERROR: the abort ends the transaction, then a new one sends a record and commits. */
    private static void abortThenCommitTheNext(CoreUnderTest core, int transactionVersion, int epochAfterAbort) {
        assertThat(core.transactions.state()).isEqualTo(ABORTABLE_ERROR);
        assertThatThrownBy(core.transactions::beginCommit)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("call abortTransaction()");
        CompletableFuture<Void> abort = core.transactions.beginAbort();
        ScriptedNetwork.Exchange abortEnd = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) abortEnd.data()).committed()).isFalse();
        int epoch = transactionVersion == 2 ? epochAfterAbort : 0;
        answerEndTxn(core, abortEnd, epoch, abort);
        assertThat(core.transactions.state()).isEqualTo(READY);

        core.transactions.beginTransaction();
        RecordFuture next = sendJoining(core, P0, transactionVersion);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(produce).get(P0).producerEpoch()).isEqualTo((short) epoch);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(next::isDone, "the next transaction's record");
        CompletableFuture<Void> commit = core.transactions.beginCommit();
        ScriptedNetwork.Exchange commitEnd = core.awaitRequest(ApiKeys.END_TXN);
        assertThat(((EndTxnRequestData) commitEnd.data()).committed()).isTrue();
        answerEndTxn(core, commitEnd, transactionVersion == 2 ? epoch + 1 : 0, commit);
        assertThat(next).isCompleted();
        assertThat(core.transactions.state()).isEqualTo(READY);
    }
}
