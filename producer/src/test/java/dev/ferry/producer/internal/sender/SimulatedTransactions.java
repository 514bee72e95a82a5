package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.ConsumerGroupMetadata;
import dev.ferry.producer.OffsetAndMetadata;
import dev.ferry.producer.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The user of a transactional producer in a {@link Simulation}: initTransactions, then a seeded
 * number of transactions, each begun, given a seeded number of records (none sometimes), in one in
 * three a consumer group's offsets (sendOffsetsToTransaction) among them, and committed or, one in
 * five, aborted, as {@code FerryProducer}'s blocking verbs would call the
 * {@link TransactionManager} (a failed commit is followed by an abort, a fatal error ends the
 * producer). Every step is one call per I/O round, so the user and the I/O thread interleave as
 * the seed says.
 *
 * <p>It keeps what the client was told about each transaction; {@link #check} holds that against
 * the read_committed view of the model's logs.
 */
final class SimulatedTransactions {
    static final String TRANSACTIONAL_ID = "sim-txn";
    static final String GROUP = "sim-group";
    /** A transaction's offsets are this times (its number + 1), plus the partition: each names its transaction. */
    private static final long OFFSETS_PER_TRANSACTION = 1_000;

    /** What the client was told about a transaction. */
    enum Outcome {
        OPEN,
        COMMITTED,
        ABORTED,
        /** Ended by an error the producer cannot go on from (fenced): it may have committed or not, but all or nothing. */
        UNKNOWN,
        /** Neither committed nor aborted by the user when the producer was closed: close() aborts it. */
        LEFT_OPEN
    }

    private static final class Transaction {
        final int number;
        final int plannedRecords;
        final boolean commit;
        final List<Integer> records = new ArrayList<>();
        /** The offsets it sends once it sent this many records; empty if it sends none. */
        final Map<TopicPartition, Long> offsets = new HashMap<>();

        int offsetsAfterRecords;
        boolean offsetsCalled;
        /** Whether the coordinator aborted it for being open longer than transaction.timeout.ms. */
        boolean timedOut;

        boolean offsetsSent;
        Outcome outcome = Outcome.OPEN;

        Transaction(int number, int plannedRecords, boolean commit) {
            this.number = number;
            this.plannedRecords = plannedRecords;
            this.commit = commit;
        }
    }

    /** Appends one record to the partition and returns its id; the simulation keeps its future. */
    interface Sends {
        int send(TopicPartition partition);
    }

    private final SplittableRandom random;
    /** Draws which transactions send offsets, apart from {@link #random}, so the other draws of a seed stay as they were. */
    private final SplittableRandom offsetsRandom;

    private final CoreUnderTest core;
    private final Consumer<String> trace;
    private final int transactionCount;
    private final List<Transaction> transactions = new ArrayList<>();
    private final Map<Integer, Transaction> byRecord = new HashMap<>();
    private CompletableFuture<Void> pendingCall;
    private String pendingWhat;
    private boolean initialized;
    private boolean fatal;
    /** What the producer failed with for good, for the report. */
    private String fatalError;
    /** User calls the coordinator refused with INVALID_TXN_STATE, by the transaction they were of. */
    private final Map<String, Transaction> stateErrors = new LinkedHashMap<>();

    SimulatedTransactions(
            SplittableRandom random, SplittableRandom offsetsRandom, CoreUnderTest core, Consumer<String> trace) {
        this.random = random;
        this.offsetsRandom = offsetsRandom;
        this.core = core;
        this.trace = trace;
        this.transactionCount = 1 + random.nextInt(6);
    }

    /** Whether the user is done: every transaction ended (or the producer cannot go on) and no call waits. */
    boolean finished() {
        return fatal || (pendingCall == null && transactions.size() == transactionCount && current() == null);
    }

    /** Whether the user's commit or abort waits for the producer (what another thread's close() may meet). */
    boolean endingCallWaits() {
        return pendingCall != null && !pendingCall.isDone() && !pendingWhat.equals("initTransactions");
    }

    /** What the waiting call is, for the trace. */
    String waitingFor() {
        return pendingWhat;
    }

    /**
     * After close(): a call that returned is taken as the user would see it, and nothing is called
     * again; a transaction whose commit or abort failed stays as the coordinator has it, all or
     * nothing; one the user had not ended is left to close(), which aborts it.
     */
    void afterClose() {
        if (pendingCall != null && pendingCall.isDone()) {
            callDone(false);
        }
        Transaction open = current();
        if (open != null && pendingCall == null) {
            open.outcome = Outcome.LEFT_OPEN;
            trace.accept("transaction " + open.number + " left open at close");
        }
    }

    /** How many records the transaction the user has open sent; -1 when none is open or a call of it waits. */
    int openTransactionRecords() {
        Transaction open = current();
        return open == null || pendingCall != null || fatal ? -1 : open.records.size();
    }

    /**
     * The coordinator aborted the transaction it had open (the last one begun) for its timeout: the
     * user must not see it committed, and nothing of it may be read.
     */
    void timedOut() {
        if (!transactions.isEmpty()) {
            Transaction txn = transactions.get(transactions.size() - 1);
            txn.timedOut = true;
            trace.accept("transaction " + txn.number + " timed out at the coordinator");
        }
    }

    /** Whether initTransactions returned successfully. */
    boolean initialized() {
        return initialized;
    }

    /** One step of the user between I/O rounds. */
    void step(Sends sends, int partitions) {
        if (fatal) {
            return;
        }
        if (pendingCall != null) {
            if (pendingCall.isDone()) {
                callDone(true);
            }
            return;
        }
        if (!initialized) {
            call(core.transactions.initTransactions(), "initTransactions");
            return;
        }
        Transaction txn = current();
        if (txn == null) {
            if (transactions.size() < transactionCount) {
                int planned = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(8);
                Transaction next = new Transaction(transactions.size(), planned, random.nextInt(5) != 0);
                planOffsets(next, partitions);
                core.transactions.beginTransaction();
                transactions.add(next);
                trace.accept("begin transaction " + next.number + " (" + planned + " records"
                        + (next.offsets.isEmpty()
                                ? ""
                                : ", offsets " + next.offsets + " after " + next.offsetsAfterRecords)
                        + ", then " + (next.commit ? "commit" : "abort") + ")");
            }
            return;
        }
        if (!txn.offsets.isEmpty() && !txn.offsetsCalled && txn.records.size() >= txn.offsetsAfterRecords) {
            sendOffsets(txn);
            return;
        }
        if (txn.records.size() < txn.plannedRecords) {
            if (random.nextInt(3) != 0) {
                return;
            }
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(partitions));
            try {
                core.transactions.checkSendAllowed();
            } catch (FerryException | IllegalStateException e) {
                trace.accept("send refused: " + e.getMessage());
                abort("abort after a refused send");
                return;
            }
            int id = sends.send(partition);
            core.transactions.addPartition(partition);
            txn.records.add(id);
            byRecord.put(id, txn);
            return;
        }
        if (txn.commit) {
            try {
                // FerryProducer.commitTransaction(): flush() returns before the commit is awaited
                CompletableFuture<Void> committed = core.transactions.beginCommit();
                call(core.accumulator.beginFlush().thenCompose(flushed -> committed), "commit");
            } catch (FerryException e) {
                trace.accept("commit refused: " + e.getMessage());
                abort("abort after a refused commit");
            }
        } else {
            abort("abort");
        }
    }

    /** One transaction in three sends offsets of one to all partitions, after some of its records. */
    private void planOffsets(Transaction txn, int partitions) {
        if (offsetsRandom.nextInt(3) != 0) {
            return;
        }
        int count = 1 + offsetsRandom.nextInt(partitions);
        for (int p = 0; p < count; p++) {
            txn.offsets.put(new TopicPartition(CoreUnderTest.TOPIC, p), OFFSETS_PER_TRANSACTION * (txn.number + 1) + p);
        }
        txn.offsetsAfterRecords = offsetsRandom.nextInt(txn.plannedRecords + 1);
    }

    /** sendOffsetsToTransaction(): refused at once outside a transaction that may go on, as a send is. */
    private void sendOffsets(Transaction txn) {
        txn.offsetsCalled = true;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        txn.offsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
        try {
            call(core.transactions.sendOffsets(offsets, new ConsumerGroupMetadata(GROUP)), "sendOffsets");
        } catch (FerryException | IllegalStateException e) {
            trace.accept("sendOffsets refused: " + e.getMessage());
            abort("abort after refused offsets");
        }
    }

    /** abortTransaction(): refused at once when the producer is fenced, and then the transaction's end is unknown. */
    private void abort(String what) {
        try {
            call(core.transactions.beginAbort(), what);
        } catch (FerryException e) {
            trace.accept(what + " refused: " + e.getMessage());
            current().outcome = Outcome.UNKNOWN;
            fatal = true;
            fatalError = String.valueOf(e);
        }
    }

    private Transaction current() {
        return transactions.isEmpty() || transactions.get(transactions.size() - 1).outcome != Outcome.OPEN
                ? null
                : transactions.get(transactions.size() - 1);
    }

    private void call(CompletableFuture<Void> future, String what) {
        pendingCall = future;
        pendingWhat = what;
        trace.accept("user calls " + what);
    }

    private void callDone(boolean mayCallAgain) {
        CompletableFuture<Void> done = pendingCall;
        String what = pendingWhat;
        pendingCall = null;
        Throwable error = null;
        try {
            done.join();
        } catch (CompletionException e) {
            error = e.getCause();
        }
        trace.accept(what + (error == null ? " returned" : " failed: " + error));
        if (error != null && String.valueOf(error.getMessage()).contains("INVALID_TXN_STATE")) {
            // the client asked for a transition the coordinator's state does not allow: the two disagree
            // about the transaction, which no fault of the network or the brokers explains
            stateErrors.put(what + " failed with " + error.getMessage(), current());
        }
        if (what.equals("initTransactions")) {
            initialized = error == null;
            fatal = error != null;
            fatalError = String.valueOf(error);
            return;
        }
        Transaction txn = current();
        if (error == null && what.equals("sendOffsets")) {
            txn.offsetsSent = true;
        } else if (error == null) {
            txn.outcome = what.equals("commit") ? Outcome.COMMITTED : Outcome.ABORTED;
        } else if (core.transactions.state() == TransactionState.FATAL_ERROR) {
            txn.outcome = Outcome.UNKNOWN;
            fatal = true;
            fatalError = String.valueOf(error);
        } else if (mayCallAgain) {
            abort("abort after a failed " + what);
        } else {
            txn.outcome = Outcome.UNKNOWN;
        }
    }

    /**
     * The read_committed view of every partition equals what the run committed: the records of
     * every transaction the client was told committed, all of them, in send order; nothing of an
     * aborted one or one left open at close(); a transaction whose end the client never learned all
     * or nothing; every user call returned; the producer failed for good only if another one fenced
     * it; no call failed with INVALID_TXN_STATE; after close() the coordinator holds no transaction
     * of it open.
     */
    void check(ModelCluster model, int partitions, boolean fenced, Consumer<String> violation) {
        if (fatal && !fenced) {
            violation.accept("the producer failed for good though no other producer fenced it: " + fatalError);
        }
        stateErrors.forEach((error, txn) -> {
            // the commit of a transaction the coordinator timed out is refused so at transaction.version 2
            if (txn == null || !txn.timedOut) {
                violation.accept("the coordinator refused a transition: " + error);
            }
        });
        if (pendingCall != null) {
            violation.accept("the user's " + pendingWhat + " never returned");
        }
        if (model.coordinator().isOpen(TRANSACTIONAL_ID)) {
            violation.accept("close() returned with a transaction of " + TRANSACTIONAL_ID + " open at the coordinator");
        }
        for (Transaction txn : transactions) {
            if (txn.outcome == Outcome.OPEN && !fatal) {
                violation.accept("transaction " + txn.number + " never ended");
            }
        }
        Map<Transaction, Integer> visible = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            int previous = -1;
            for (ModelCluster.Entry entry : model.readCommitted(partition)) {
                Transaction txn = byRecord.get(entry.recordId());
                if (txn == null
                        || txn.outcome == Outcome.ABORTED
                        || txn.outcome == Outcome.LEFT_OPEN
                        || (txn.outcome == Outcome.OPEN && !fatal)) {
                    violation.accept("read_committed view of " + partition + " holds record " + entry.recordId()
                            + " of "
                            + (txn == null ? "no transaction" : "transaction " + txn.number + ", " + txn.outcome));
                } else {
                    visible.merge(txn, 1, Integer::sum);
                }
                if (entry.recordId() <= previous) {
                    violation.accept("read_committed view of " + partition + " holds record " + entry.recordId()
                            + " after record " + previous + ": not in send order");
                }
                previous = entry.recordId();
            }
        }
        checkOffsets(model.coordinator().groups().committed(GROUP), violation);
        for (Transaction txn : transactions) {
            int seen = visible.getOrDefault(txn, 0);
            boolean allOrNothing = seen == 0 || seen == txn.records.size();
            if (txn.timedOut && (txn.outcome == Outcome.COMMITTED || seen > 0)) {
                violation.accept("transaction " + txn.number + " timed out at the coordinator but is " + txn.outcome
                        + " with " + seen + " records read_committed");
            } else if (txn.outcome == Outcome.COMMITTED && seen != txn.records.size()) {
                violation.accept("transaction " + txn.number + " committed " + txn.records.size()
                        + " records but read_committed sees " + seen);
            } else if (!allOrNothing) {
                violation.accept("transaction " + txn.number + " (" + txn.outcome + ") is partly visible: " + seen
                        + " of " + txn.records.size() + " records");
            }
        }
    }

    /**
     * The group's committed offsets hold exactly the committed transactions' offsets: each is of a
     * transaction the client was told committed, or whose end it never learned, and none is older
     * than the last such commit's offset of its partition; nothing of an aborted transaction or one
     * left open at close().
     */
    private void checkOffsets(Map<TopicPartition, Long> committed, Consumer<String> violation) {
        committed.forEach((partition, offset) -> {
            int number = (int) (offset / OFFSETS_PER_TRANSACTION) - 1;
            Transaction txn = number >= 0 && number < transactions.size() ? transactions.get(number) : null;
            if (txn == null
                    || !txn.offsetsCalled
                    || (txn.outcome != Outcome.COMMITTED && txn.outcome != Outcome.UNKNOWN)) {
                violation.accept("group " + GROUP + " has offset " + offset + " committed for " + partition + " of "
                        + (txn == null ? "no transaction" : "transaction " + txn.number + ", " + txn.outcome));
            }
        });
        for (Transaction txn : transactions) {
            if (txn.outcome != Outcome.COMMITTED || !txn.offsetsSent) {
                continue;
            }
            txn.offsets.forEach((partition, offset) -> {
                Long now = committed.get(partition);
                if (now == null || now < offset) {
                    violation.accept("transaction " + txn.number + " committed offset " + offset + " for " + partition
                            + " but the group has " + now);
                }
            });
        }
    }

    /** Whether the record belongs to a transaction the client saw committed (its future must have succeeded). */
    boolean committed(int recordId) {
        Transaction txn = byRecord.get(recordId);
        return txn != null && txn.outcome == Outcome.COMMITTED;
    }

    /** For the trace: how the transactions ended. */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (Transaction txn : transactions) {
            out.append(' ').append(txn.number).append('=').append(txn.outcome);
        }
        return out.toString().trim();
    }
}
