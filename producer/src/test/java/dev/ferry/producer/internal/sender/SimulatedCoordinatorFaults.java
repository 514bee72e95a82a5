package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.Simulation.Mode;
import dev.ferry.producer.internal.sender.Simulation.World;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.protocol.Errors;

/**
 * The faults a transactional run's coordinator brings, scheduled from the seed: coordinator moves
 * and another producer with the same transactional id fencing this one (from the seed's main
 * stream), a crashed coordinator's move, markers written late after EndTxn ({@link
 * World#MARKERS_IN_FLIGHT}) and transactions the coordinator times out ({@link
 * World#TRANSACTION_TIMEOUTS}), each from a stream of its own. Idle in a run without transactions.
 */
final class SimulatedCoordinatorFaults {
    /** Share of transactional seeds with a short transaction.timeout.ms, and the shortest. */
    private static final int TIMING_OUT_SEED_ONE_IN = 4;

    private static final int MIN_TRANSACTION_TIMEOUT_MS = 500;
    /** transaction.abort.timed.out.transaction.cleanup.interval.ms of the simulated coordinator. */
    static final long TIMEOUT_CHECK_INTERVAL_MS = 200;

    /** A marker takes up to this long to be written, or on one in {@link #SLOW_MARKER_ONE_IN} up to {@link #SLOW_MARKER_MS}. */
    private static final int MARKER_MS = 30;

    private static final int SLOW_MARKER_ONE_IN = 8;
    private static final int SLOW_MARKER_MS = 3_000;

    private final World world;
    private final Mode mode;
    private final SimulationTrace trace;
    /** The seed's main stream, shared with the rest of the run: coordinator moves and fencing draw from it. */
    private final SplittableRandom random;
    /** Draws how long each transaction marker takes to be written, apart from the main stream. */
    private final SplittableRandom markerDelays;
    /** Draws whether and how short the transactions' timeout is, apart from the main stream. */
    private final SplittableRandom timeouts;
    /** When each unwritten marker is due, by partition; drawn when the coordinator prepares the end. */
    private final Map<TopicPartition, Long> markersDueMs = new HashMap<>();
    /** transaction.timeout.ms on a seed whose coordinator times transactions out; 0 on the others. */
    private int transactionTimeoutMs;

    private long nextTimeoutCheckMs;
    /** Whether the coordinator timed out a transaction of this producer. */
    private boolean timedOut;
    /** How many transactions the coordinator had ended when another producer fenced this one; -1 if none did. */
    private int endingsAtFence = -1;

    private CoreUnderTest core;
    private ModelCluster model;
    /** The user of a transactional producer; null in other runs. */
    private SimulatedTransactions user;

    SimulatedCoordinatorFaults(long seed, World world, Mode mode, SplittableRandom random, SimulationTrace trace) {
        this.world = world;
        this.mode = mode;
        this.random = random;
        this.trace = trace;
        this.markerDelays = new SplittableRandom(seed * 0x61C8864680B583EBL + 0x2127599BF4325C37L);
        this.timeouts = new SplittableRandom(seed * 0x7FB5D329728EA185L + 0x81DADEF4BC2DD44DL);
        if (world.has(World.TRANSACTION_TIMEOUTS)
                && mode.transactional()
                && timeouts.nextInt(TIMING_OUT_SEED_ONE_IN) == 0) {
            transactionTimeoutMs = MIN_TRANSACTION_TIMEOUT_MS + timeouts.nextInt(MIN_TRANSACTION_TIMEOUT_MS * 6);
            trace.event("transaction.timeout.ms=" + transactionTimeoutMs);
        }
    }

    void start(CoreUnderTest core, ModelCluster model) {
        this.core = core;
        this.model = model;
        if (world.has(World.MARKERS_IN_FLIGHT)) {
            model.coordinator().markersInFlight();
        }
    }

    void transactions(SimulatedTransactions user) {
        this.user = user;
    }

    boolean transactional() {
        return user != null;
    }

    /** The seed's transaction.timeout.ms, where it draws a short one (the producer's default elsewhere). */
    ProducerConfigBuilder withTimeout(ProducerConfigBuilder builder) {
        return transactionTimeoutMs > 0 ? builder.transactionTimeoutMs(transactionTimeoutMs) : builder;
    }

    /** How many transactions the coordinator had ended when another producer fenced this one; -1 if none did. */
    int endingsAtFence() {
        return endingsAtFence;
    }

    /** Whether the producer may have been fenced: by another producer, or by the coordinator timing it out. */
    boolean fencedOrTimedOut() {
        return endingsAtFence >= 0 || timedOut;
    }

    /** One I/O round of a transactional run: markers whose time came are written, timed-out transactions aborted. */
    void round() {
        if (user == null) {
            return;
        }
        writeMarkers();
        maybeTimeOutTransaction();
    }

    /** A coordinator move, or (once per run, rarely) another producer with the same transactional id fencing this one. */
    void fault(int downNode) {
        // only once initTransactions returned: an InitProducerId the brokers take after the other
        // producer's makes this one the newer producer, and fences the other instead
        if (endingsAtFence < 0 && random.nextInt(8) == 0 && user.initialized()) {
            endingsAtFence = model.coordinator().endings().size();
            ModelCoordinator.Init init;
            do {
                // the other producer asks until the aborted (or just ended) transaction's markers are written
                init = model.coordinator().initProducerId(SimulatedTransactions.TRANSACTIONAL_ID, -1, (short) -1);
                if (init.error() == Errors.CONCURRENT_TRANSACTIONS) {
                    writeMarkersNow();
                }
            } while (init.error() == Errors.CONCURRENT_TRANSACTIONS);
            trace.event("another producer takes " + SimulatedTransactions.TRANSACTIONAL_ID + ": epoch " + init.epoch()
                    + " fences this one");
            return;
        }
        int node = (model.coordinator().node() + 1 + random.nextInt(ScriptedNetwork.BROKERS - 1))
                % ScriptedNetwork.BROKERS;
        if (node == downNode) {
            // a coordinator is elected among live brokers
            node = (node + 1) % ScriptedNetwork.BROKERS;
        }
        trace.event("transaction coordinator moves from " + model.coordinator().node() + " to " + node);
        model.coordinator().moveTo(node);
    }

    /** The broker {@code node} crashed: if it was the coordinator, the next broker takes over. */
    void crashed(int node) {
        if (user != null && model.coordinator().node() == node) {
            int to = (node + 1) % ScriptedNetwork.BROKERS;
            trace.event("transaction coordinator moves from " + node + " to " + to);
            model.coordinator().moveTo(to);
        }
    }

    /** The brokers go on after the producer closed: the markers still unwritten are written, for the read_committed check. */
    void writeLastMarkers() {
        List<TopicPartition> unwritten = model.coordinator().unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID);
        if (!unwritten.isEmpty()) {
            trace.event("the coordinator writes its last markers " + unwritten);
            model.coordinator().writeAllMarkers();
        }
    }

    /** The coordinator's periodic check aborts a transaction open longer than transaction.timeout.ms. */
    private void maybeTimeOutTransaction() {
        long now = core.clock.getAsLong();
        if (transactionTimeoutMs == 0 || now < nextTimeoutCheckMs) {
            return;
        }
        nextTimeoutCheckMs = now + TIMEOUT_CHECK_INTERVAL_MS;
        for (ModelCoordinator.Ending ending : model.coordinator().abortTimedOut(mode == Mode.TRANSACTIONAL_V2)) {
            timedOut = true;
            user.timedOut();
            trace.event("the coordinator aborts the transaction open longer than transaction.timeout.ms, epoch "
                    + ending.epoch());
        }
    }

    /**
     * The coordinator's marker channel: each partition's marker of the prepared transaction is
     * written once its delay is up and the partition has a live leader (a crashed leader's
     * partitions move at once in the model, so that only delays it by a round).
     */
    private void writeMarkers() {
        if (!world.has(World.MARKERS_IN_FLIGHT)) {
            return;
        }
        long now = core.clock.getAsLong();
        List<TopicPartition> unwritten = model.coordinator().unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID);
        markersDueMs.keySet().retainAll(unwritten);
        for (TopicPartition partition : unwritten) {
            long due = markersDueMs.computeIfAbsent(
                    partition,
                    p -> now
                            + 1
                            + (markerDelays.nextInt(SLOW_MARKER_ONE_IN) == 0
                                    ? markerDelays.nextInt(SLOW_MARKER_MS)
                                    : markerDelays.nextInt(MARKER_MS)));
            boolean leaderUp = partition.equals(ModelGroupCoordinator.OFFSETS_PARTITION)
                    || !model.replication().isDown(model.replication().leader(partition));
            if (now >= due && leaderUp) {
                model.coordinator().writeMarker(SimulatedTransactions.TRANSACTIONAL_ID, partition);
                markersDueMs.remove(partition);
                trace.event("marker written to " + partition);
            }
        }
    }

    /** Every unwritten marker at once, for a second producer that waits for them. */
    private void writeMarkersNow() {
        trace.event("the coordinator writes its markers "
                + model.coordinator().unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID));
        model.coordinator().writeAllMarkers();
        markersDueMs.clear();
    }
}
