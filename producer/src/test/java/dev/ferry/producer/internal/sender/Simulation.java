package dev.ferry.producer.internal.sender;

import dev.ferry.producer.Acks;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.partition.PartitionChooser;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;

/**
 * One seed of the deterministic simulation: the real producer core (accumulator, sender,
 * idempotence) on one thread and virtual time, its network a {@link ScriptedNetwork} whose brokers
 * are a {@link ModelCluster}, every choice (send times, partitions, settings, faults, the core's
 * jitter and sticky picks) drawn from the seed. The brokers' faults: a request lost, a response
 * lost, an answer delayed (sometimes past request.timeout.ms), a request applied only after the
 * client gave up on it (stale), a connection reset, a leader move (to a live in-sync replica); on
 * one seed in two a broker crash: it refuses connections until it restarts, what it had in flight
 * is lost, its partitions move to live in-sync replicas (their own random stream, as are the
 * followers' fetches, so seeds without crashes keep their paths). On one seed in four a few records
 * are ones the brokers refuse (INVALID_RECORD, as a compacted topic refuses a null key) on every
 * attempt; that draw comes from its own stream, so the other seeds take the paths they took before.
 * On one seed in four the topic's max.message.bytes is small enough that some batches are answered
 * MESSAGE_TOO_LARGE and split. The user calls flush() on half the seeds, and close() either early
 * (records still queued or in flight) or once everything settled; these draws have a stream of their own too.
 *
 * <p>After the run {@link SimulationInvariants} holds the model's logs against what the client was told: with idempotence
 * every acknowledged record is in its partition's log exactly once, at its acknowledged offset; each
 * partition's log holds the records in send order; every future completed within delivery.timeout.ms
 * of its send; a record whose refusal the client heard failed with the broker's error, not another;
 * the buffer pool got all its memory back; nothing is left in flight; flush() returned within
 * delivery.timeout.ms of its call and only after every record sent before it completed; close()
 * returned, within delivery.timeout.ms plus request.timeout.ms, and only after every record completed.
 *
 * <p>In a transactional {@link Mode} the seed drives a transactional producer through
 * {@link SimulatedTransactions} against the model's {@link ModelCoordinator}, with coordinator moves
 * and a fencing second producer among the faults; {@link SimulatedTransactions#check} holds the
 * read_committed view of the logs and the group's committed offsets against what the client was
 * told. On one transactional seed in four the user closes the producer while its commit or abort
 * waits; close() must let that call end first (however long it takes under the faults), as
 * kafka-clients' close does; on another one in four it closes with its transaction open, and close()
 * must abort it: the coordinator holds no transaction of it open afterwards.
 *
 * <p>The records' timestamps come from a wall clock that, on half the seeds, jumps back and forth
 * while virtual monotonic time goes on; each record must reach the brokers with its timestamp.
 *
 * <p>Followers fall out of the ISR for a while, and on half the seeds the topic's
 * min.insync.replicas is all three replicas: acks=all batches are then NOT_ENOUGH_REPLICAS while a
 * follower is behind or a broker is down, and the core must retry them until delivery.timeout.ms
 * (a record that fails earlier with a retriable error is a violation) and write each record once.
 *
 * <p>On a third of the seeds the brokers forget producers idle longer than producer.id.expiration.ms
 * (longer than any batch can be written again; counted from the records' timestamps, so the wall
 * clock does not jump there), and the idempotent user pauses that long halfway through its records.
 *
 * <p>In {@link Mode#ACKS_ONE} the producer is neither idempotent nor transactional and writes with
 * acks=1: a leader change may cut records the old leader acknowledged, and retries may write a
 * record twice or out of order; the run is held to what still holds there
 * ({@link SimulationInvariants#acknowledgedUnlessCut}).
 *
 * <p>{@link InjectedBug} switches on a deliberate defect, in the model or (through
 * {@link InjectedDefect}) in the real core, to prove these checks catch it.
 */
final class Simulation {
    static final int PARTITIONS = 3;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** Virtual time moves 1 to this many ms between I/O-thread rounds; a deadline is seen at most this late. */
    static final int MAX_STEP_MS = 20;

    /** Deliberate misbehaviour the simulator must catch; NONE for the real thing. */
    enum InjectedBug {
        NONE(InjectedDefect.NONE),
        /** The model appends a retried batch again instead of answering it with its original offset. */
        BROKER_FORGETS_DUPLICATES(InjectedDefect.NONE),
        /** The core bumps the epoch as before commit 27731b3 ({@link InjectedDefect#EAGER_EPOCH_BUMP}). */
        EAGER_EPOCH_BUMP(InjectedDefect.EAGER_EPOCH_BUMP),
        /** The core keeps the memory of a batch that expired in flight ({@link InjectedDefect#LEAK_EXPIRED_IN_FLIGHT}). */
        LEAK_EXPIRED_IN_FLIGHT(InjectedDefect.LEAK_EXPIRED_IN_FLIGHT),
        /** The core retries INVALID_RECORD and other final errors ({@link InjectedDefect#RETRY_NON_RETRIABLE}). */
        RETRY_NON_RETRIABLE(InjectedDefect.RETRY_NON_RETRIABLE),
        /** The core's close stops with batches in flight ({@link InjectedDefect#CLOSE_IGNORES_IN_FLIGHT}). */
        CLOSE_IGNORES_IN_FLIGHT(InjectedDefect.CLOSE_IGNORES_IN_FLIGHT),
        /** The model's coordinator writes commit markers when it aborts (transactional seeds only). */
        ABORT_WRITES_COMMIT_MARKERS(InjectedDefect.NONE),
        /** The model cuts a log at a leader change without noting what it cut (acks=1 seeds: acknowledged records vanish unexplained). */
        UNNOTED_CUTS(InjectedDefect.NONE);

        final InjectedDefect defect;

        InjectedBug(InjectedDefect defect) {
            this.defect = defect;
        }
    }

    /** Which producer a seed drives. */
    enum Mode {
        IDEMPOTENT(0),
        /** Transactional on the 3.x protocol: AddPartitionsToTxn, EndTxn keeps the epoch. */
        TRANSACTIONAL_V1(1),
        /** Transactional with KIP-890: partitions join with their first Produce, every EndTxn bumps the epoch. */
        TRANSACTIONAL_V2(2),
        /**
         * Neither idempotent nor transactional, acks=1: the leader answers before its followers hold
         * the write, so a leader change may cut acknowledged records, and retries may write twice or
         * out of order.
         */
        ACKS_ONE(0);

        final int transactionVersion;

        Mode(int transactionVersion) {
            this.transactionVersion = transactionVersion;
        }

        boolean transactional() {
            return this == TRANSACTIONAL_V1 || this == TRANSACTIONAL_V2;
        }

        boolean idempotent() {
            return this != ACKS_ONE;
        }

        /** {@code producer/bin/simulate --mode mixed}: the seed picks, one in four of each. */
        static Mode ofSeed(long seed) {
            return values()[(int) Math.floorMod(seed, (long) values().length)];
        }
    }

    /**
     * Which faults the simulated world has, each world those of the one before and one kind more. A
     * new kind of fault changes the paths of the seeds it touches, so a regression seed replays in
     * the world it was found in.
     */
    enum World {
        /** Network faults, leader and coordinator moves, refused records, small max.message.bytes, another producer fencing. */
        ORIGINAL,
        /** And broker crashes and restarts. */
        CRASHES,
        /** And a topic that gains partitions. */
        GROWING_TOPICS,
        /** And a wall clock (the records' timestamps) that jumps back and forth. */
        CLOCK_JUMPS,
        /** And Produce answers carrying throttle_time_ms. */
        THROTTLING,
        /** And a producer id whose sequences start a few short of Integer.MAX_VALUE, to wrap during the run. */
        SEQUENCE_WRAP,
        /**
         * And followers that fall out of the ISR for a while, on a topic whose min.insync.replicas is
         * all three replicas on some seeds: acks=all writes are then NOT_ENOUGH_REPLICAS while a
         * follower is behind or a broker is down.
         */
        UNDER_MIN_ISR,
        /**
         * And brokers that forget producers idle longer than producer.id.expiration.ms (counted from
         * the records' timestamps, as Kafka does), the idempotent user pausing for longer than that
         * halfway through its records.
         */
        PRODUCER_EXPIRY,
        /**
         * And transaction markers written after EndTxn is answered, each partition's after a delay
         * drawn from the seed (longer while the partition's leader is down): until the last is
         * written the coordinator answers CONCURRENT_TRANSACTIONS and the last stable offset lags.
         */
        MARKERS_IN_FLIGHT,
        /**
         * And, on some transactional seeds, a transaction.timeout.ms short enough that the
         * coordinator aborts transactions that stay open longer (checked every
         * {@link #TIMEOUT_CHECK_INTERVAL_MS}).
         */
        TRANSACTION_TIMEOUTS;

        static World current() {
            return values()[values().length - 1];
        }

        boolean has(World kind) {
            return compareTo(kind) >= 0;
        }
    }

    /** Share of seeds with records the brokers refuse, and of records refused on such a seed. */
    private static final int REFUSING_SEED_ONE_IN = 4;

    private static final double REFUSED_RECORD_RATE = 0.05;

    /** Share of seeds whose topic has a max.message.bytes that some batches exceed (they are split and sent again). */
    private static final int SMALL_MESSAGES_ONE_IN = 4;

    /**
     * Share of seeds whose producer id starts its sequences a few records short of
     * {@code Integer.MAX_VALUE}, so they wrap to 0 during the run (a long-lived producer's fate on a
     * busy partition), and how far short at most.
     */
    private static final int WRAPPING_SEED_ONE_IN = 3;

    private static final int WRAP_WITHIN_RECORDS = 40;

    /** Seeds the user's offsets draws apart from {@link #random}, so the transactions' other draws stay as they were. */
    private static final long OFFSETS_STREAM = 0x0FF5E75L;

    /** What one seed did: its event trace and the invariants it broke (none when the core held). */
    record Outcome(long seed, InjectedBug bug, Mode mode, World world, List<String> trace, List<String> violations) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    /** A request the brokers received and what they will do with it. */
    private record Pending(ScriptedNetwork.Exchange exchange, Fate fate, long dueMs, ApiMessage response) {}

    /** The requests the model answers (ApiVersions and Metadata answer themselves). */
    private static final List<ApiKeys> BROKER_KEYS = List.of(
            ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.PRODUCE,
            ApiKeys.FIND_COORDINATOR,
            ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN,
            ApiKeys.TXN_OFFSET_COMMIT,
            ApiKeys.END_TXN);

    private enum Fate {
        ANSWER,
        LOSE_REQUEST,
        LOSE_RESPONSE,
        STALE
    }

    private final long seed;
    private final SplittableRandom random;
    /** Draws which records the brokers refuse, apart from {@link #random} so the seeds without refusals keep their paths. */
    private final SplittableRandom refusals;

    /**
     * Draws when the user calls flush() and close(), and the topic's max.message.bytes, apart from
     * {@link #random}: a seed that does neither early keeps the path it took before these existed.
     */
    private final SplittableRandom lifecycle;
    /** Draws where sequences start, apart from the others so every seed keeps its path of faults and calls. */
    private final SplittableRandom wrapping;

    /** The user's flush(): when it was called, how many records were sent before it, when it returned (-1 while not). */
    private long flushCalledMs = -1;

    private int flushCovers;
    private long flushReturnedMs = -1;
    /** The user's close(): when it was called and when the I/O thread's rounds ended (-1 while not). */
    private long closeCalledMs = -1;

    private long closeReturnedMs = -1;
    /**
     * close() came with a transaction open (the user's commit or abort waiting, or one it left
     * open, which close aborts): it returns once that transaction ended, however long it takes.
     */
    private boolean closeWaitsForTransaction;

    /**
     * Draws broker crashes and restarts and the followers' fetches, apart from {@link #random}: a seed
     * without crashes keeps the path it took before they existed.
     */
    private final SplittableRandom brokerFaults;
    /**
     * Draws whether and when the topic gains partitions, and the keys of the records then, apart from
     * {@link #random}: a seed whose topic does not grow keeps its path.
     */
    private final SplittableRandom growth;
    /** How many partitions the topic grows to on this seed ({@link #PARTITIONS}: it does not grow). */
    private int growTo = PARTITIONS;

    private final PartitionChooser chooser = new PartitionChooser(null, false);
    /**
     * Draws the wall clock's jumps, apart from {@link #random}. The wall clock is the virtual
     * monotonic clock plus {@link #wallOffsetMs}; it gives the records their timestamps, as
     * System.currentTimeMillis() does in FerryProducer.send(), and nothing else.
     */
    private final SplittableRandom wallClock;
    /** Draws which Produce answers carry a throttle time and how long, apart from {@link #random}. */
    private final SplittableRandom throttles;
    /** Whether the brokers throttle on this seed. */
    private boolean throttling;
    /** The throttle time of each Produce answer that carried one. */
    private final Map<ScriptedNetwork.Exchange, Integer> throttledAnswers = new HashMap<>();
    /** Whether the wall clock jumps on this seed. */
    private boolean jumping;

    private long wallOffsetMs;
    /** Where the wall clock starts, ahead of virtual time: a date in 2023 (0 in the worlds before jumps, as their bytes had it). */
    private long wallStartOffsetMs;
    /** The timestamp each record was sent with, by record id. */
    private final Map<Integer, Long> timestamps = new HashMap<>();
    /**
     * Draws the topic's min.insync.replicas and which follower falls out of the ISR when, apart from
     * {@link #random}: the seeds of the worlds before keep their paths.
     */
    private final SplittableRandom isrFaults;
    /** The follower out of the ISR and its partition (-1 and null: none), and when it catches up. */
    private int laggingNode = -1;

    private TopicPartition laggingPartition;
    private long catchUpAtMs;
    /** Draws whether and after how long the brokers forget idle producers, apart from {@link #random}. */
    private final SplittableRandom expiry;
    /** The brokers' producer.id.expiration.ms on this seed; 0: they forget no producer. */
    private long expirationMs;

    private long nextExpiryCheckMs;
    /** Draws how long each transaction marker takes to be written, apart from {@link #random}. */
    private final SplittableRandom markerDelays;
    /** When each unwritten marker is due, by partition; drawn when the coordinator prepares the end. */
    private final Map<TopicPartition, Long> markersDueMs = new HashMap<>();
    /** Draws whether and how short the transactions' timeout is, apart from {@link #random}. */
    private final SplittableRandom timeouts;
    /** transaction.timeout.ms on a seed whose coordinator times transactions out; 0 on the others. */
    private int transactionTimeoutMs;

    private long nextTimeoutCheckMs;
    /** Whether the coordinator timed out a transaction of this producer. */
    private boolean timedOut;
    /** Whether brokers crash on this seed. */
    private boolean crashing;
    /** The broker that is down, -1 if none; at most one is, so every partition keeps a live in-sync replica. */
    private int downNode = -1;

    private long restartAtMs;

    private final Set<Integer> refused = new HashSet<>();
    /** Produce requests answered INVALID_RECORD for some of their batches, and the ids of those batches' records. */
    private final Map<ScriptedNetwork.Exchange, List<Integer>> refusalsAnswered = new HashMap<>();

    private final InjectedBug bug;
    private final Mode mode;
    private final World world;
    /** The user of a transactional producer; null in idempotent runs. */
    private SimulatedTransactions user;
    /** How many transactions the coordinator had ended when another producer fenced this one; -1 if none did. */
    private int endingsAtFence = -1;

    private final List<String> trace = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<ScriptedNetwork.Exchange> seen = new HashSet<>();
    private CoreUnderTest core;
    private ModelCluster model;

    private Simulation(long seed, InjectedBug bug, Mode mode, World world) {
        this.seed = seed;
        this.world = world;
        this.mode = mode;
        this.random = new SplittableRandom(seed);
        this.refusals = new SplittableRandom(~seed);
        this.lifecycle = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.brokerFaults = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
        this.growth = new SplittableRandom(seed * 0xD6E8FEB86659FD93L + 0xA0761D6478BD642FL);
        this.wallClock = new SplittableRandom(seed * 0xE7037ED1A0B428DBL + 0x8EBC6AF09C88C6E3L);
        this.throttles = new SplittableRandom(seed * 0x589965CC75374CC3L + 0x1D8E4E27C47D124FL);
        this.wrapping = new SplittableRandom(seed * 0x9FB21C651E98DF25L + 0x2545F4914F6CDD1DL);
        this.isrFaults = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L);
        this.expiry = new SplittableRandom(seed * 0x27D4EB2F165667C5L + 0x85EBCA77C2B2AE63L);
        this.markerDelays = new SplittableRandom(seed * 0x61C8864680B583EBL + 0x2127599BF4325C37L);
        this.timeouts = new SplittableRandom(seed * 0x7FB5D329728EA185L + 0x81DADEF4BC2DD44DL);
        this.bug = bug;
    }

    static Outcome run(long seed, InjectedBug bug) {
        return run(seed, bug, Mode.IDEMPOTENT);
    }

    static Outcome run(long seed, InjectedBug bug, Mode mode) {
        return run(seed, bug, mode, World.current());
    }

    static Outcome run(long seed, InjectedBug bug, Mode mode, World world) {
        return new Simulation(seed, bug, mode, world).run();
    }

    private Outcome run() {
        int records = 20 + random.nextInt(80);
        int requestTimeoutMs = 1_000 + random.nextInt(2_000);
        long lingerMs = random.nextInt(3) * 5L;
        int deliveryTimeoutMs = (int) (lingerMs + requestTimeoutMs) * (2 + random.nextInt(4));
        int maxInFlight = 1 + random.nextInt(5);
        int batchSize = 64 + random.nextInt(512);
        double faultRate = random.nextDouble() * 0.3;
        int firstSequence = world.has(World.SEQUENCE_WRAP) && wrapping.nextInt(WRAPPING_SEED_ONE_IN) == 0
                ? Integer.MAX_VALUE - wrapping.nextInt(WRAP_WITHIN_RECORDS)
                : 0;
        event("settings records=" + records + " request.timeout.ms=" + requestTimeoutMs + " linger.ms=" + lingerMs
                + " delivery.timeout.ms=" + deliveryTimeoutMs + " max.in.flight=" + maxInFlight + " batch.size="
                + batchSize
                + " faults=" + String.format("%.3f", faultRate)
                + (firstSequence == 0 ? "" : " first.sequence=" + firstSequence));
        // the topic grows on some seeds; then the producer refreshes its metadata often enough to see it
        boolean growing =
                growth.nextInt(GROWING_SEED_ONE_IN) == 0 && world.has(World.GROWING_TOPICS) && !mode.transactional();
        long metadataMaxAgeMs = growing ? 200 + growth.nextInt(1_000) : 300_000;
        if (growing) {
            growTo = PARTITIONS + 1 + growth.nextInt(3);
            event("the topic will grow to " + growTo + " partitions; metadata.max.age.ms=" + metadataMaxAgeMs);
        }
        if (world.has(World.TRANSACTION_TIMEOUTS)
                && mode.transactional()
                && timeouts.nextInt(TIMING_OUT_SEED_ONE_IN) == 0) {
            transactionTimeoutMs = MIN_TRANSACTION_TIMEOUT_MS + timeouts.nextInt(MIN_TRANSACTION_TIMEOUT_MS * 6);
            event("transaction.timeout.ms=" + transactionTimeoutMs);
        }
        core = new CoreUnderTest(
                b -> withTimeout(mode.transactional() ? b.transactionalId(SimulatedTransactions.TRANSACTIONAL_ID) : b)
                        .metadataMaxAgeMs(metadataMaxAgeMs)
                        .enableIdempotence(mode.idempotent())
                        .acks(mode.idempotent() ? Acks.ALL : Acks.LEADER)
                        .requestTimeoutMs(requestTimeoutMs)
                        .lingerMs(lingerMs)
                        .deliveryTimeoutMs(deliveryTimeoutMs)
                        .maxInFlightRequestsPerConnection(maxInFlight)
                        .batchSize(batchSize)
                        .retryBackoffMs(50)
                        .retryBackoffMaxMs(1_000),
                random.nextLong(),
                bug.defect,
                firstSequence);
        model = new ModelCluster(
                CoreUnderTest.TOPIC,
                PARTITIONS,
                ScriptedNetwork.BROKERS,
                bug == InjectedBug.BROKER_FORGETS_DUPLICATES,
                refused::contains);
        core.network.transactionVersion(mode.transactional() ? mode.transactionVersion : 2);
        if (lifecycle.nextInt(SMALL_MESSAGES_ONE_IN) == 0) {
            // a batch of one record (about 75 bytes) always fits, so every split ends in batches the topic takes
            int maxMessageBytes = 120 + lifecycle.nextInt(200);
            event("max.message.bytes=" + maxMessageBytes);
            model.maxMessageBytes(maxMessageBytes);
        }
        if (bug == InjectedBug.ABORT_WRITES_COMMIT_MARKERS) {
            model.coordinator().injectAbortWritingCommitMarkers();
        }
        if (bug == InjectedBug.UNNOTED_CUTS) {
            model.injectUnnotedCuts();
        }
        if (world.has(World.MARKERS_IN_FLIGHT)) {
            model.coordinator().markersInFlight();
        }
        double refusedRate = refusals.nextInt(REFUSING_SEED_ONE_IN) == 0 ? REFUSED_RECORD_RATE : 0;
        crashing = brokerFaults.nextInt(CRASHING_SEED_ONE_IN) == 0 && world.has(World.CRASHES);
        jumping = wallClock.nextBoolean() && world.has(World.CLOCK_JUMPS);
        if (world.has(World.PRODUCER_EXPIRY) && expiry.nextInt(EXPIRING_SEED_ONE_IN) == 0) {
            // longer than any batch can be written again (retried, or a stale request applied late),
            // since then even Kafka appends it a second time: ModelProducerExpiryConformanceIT
            expirationMs = deliveryTimeoutMs + 3L * requestTimeoutMs + 500 + expiry.nextInt(2_000);
            // a wall clock behind the brokers' would age the records past the expiration at once
            jumping = false;
            event("producer.id.expiration.ms=" + expirationMs);
        }
        throttling = throttles.nextInt(THROTTLING_SEED_ONE_IN) == 0 && world.has(World.THROTTLING);
        wallStartOffsetMs = world.has(World.CLOCK_JUMPS) ? 1_700_000_000_000L : 0;
        wallOffsetMs = wallStartOffsetMs;
        model.brokerClock(() -> core.clock.getAsLong() + wallStartOffsetMs);
        if (world.has(World.UNDER_MIN_ISR) && isrFaults.nextInt(STRICT_MIN_ISR_ONE_IN) == 0) {
            event("min.insync.replicas=" + ScriptedNetwork.BROKERS);
            model.minInsyncReplicas(ScriptedNetwork.BROKERS);
        }
        if (!mode.idempotent()) {
            event("acks=1, not idempotent");
        }
        List<Sent> sent = new ArrayList<>();
        if (mode.transactional()) {
            event("transactional, transaction.version " + mode.transactionVersion);
            user = new SimulatedTransactions(
                    random.split(), new SplittableRandom(seed ^ OFFSETS_STREAM), core, this::event);
        }
        try {
            core.knowTopic();
            if (user != null) {
                runTransactions(sent, faultRate, requestTimeoutMs, refusedRate);
                if (!model.coordinator()
                        .unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID)
                        .isEmpty()) {
                    // the brokers go on after the producer closed: what read_committed ends up reading is checked
                    event("the coordinator writes its last markers "
                            + model.coordinator().unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID));
                    model.coordinator().writeAllMarkers();
                }
                check(sent, deliveryTimeoutMs, requestTimeoutMs);
                // a timeout fences the producer at transaction.version 1; at 2 only the abort's EndTxn goes
                // on with the new epoch, and another request of the timed-out transaction may be fenced
                user.check(model, PARTITIONS, endingsAtFence >= 0 || timedOut, this::violation);
                new SimulationInvariants(core, model, this::violation).fencing(endingsAtFence);
                return new Outcome(seed, bug, mode, world, List.copyOf(trace), List.copyOf(violations));
            }
            long start = core.clock.getAsLong();
            long sendUntil = start + random.nextInt(2_000);
            long growAtMs = start + growth.nextInt((int) (sendUntil - start) + 1);
            // on an expiring seed the second half of the records waits until the first half's producer
            // state may have been forgotten
            long resumeAtMs = expirationMs > 0 ? sendUntil + expirationMs + EXPIRY_CHECK_INTERVAL_MS : sendUntil;
            long endMs = resumeAtMs + deliveryTimeoutMs + requestTimeoutMs * 2L;
            long flushAtMs = lifecycle.nextBoolean() ? start + lifecycle.nextInt((int) (sendUntil - start) + 500) : -1;
            // early (records still queued or in flight) on half the seeds; else once everything settled,
            // or when every record should have completed
            long closeAtMs = resumeAtMs
                    + (lifecycle.nextBoolean()
                            ? lifecycle.nextInt(deliveryTimeoutMs)
                            : (long) deliveryTimeoutMs + requestTimeoutMs);
            while (core.clock.getAsLong() < endMs) {
                long now = core.clock.getAsLong();
                if (now >= growAtMs && model.partitionCount() < growTo) {
                    grow();
                }
                while (sent.size() < records
                        && (expirationMs == 0 || sent.size() < records / 2 || now >= resumeAtMs)
                        && (now >= sendUntil || random.nextInt(4) == 0)) {
                    sent.add(send(sent.size(), now, refusedRate));
                }
                if (flushAtMs >= 0 && now >= flushAtMs && flushCalledMs < 0) {
                    flush(sent);
                }
                boolean settled = sent.size() == records
                        && sent.stream().allMatch(s -> s.future.isDone())
                        && core.network.unanswered() == 0
                        && pending.isEmpty();
                if (closeCalledMs < 0 && (settled || (sent.size() == records && now >= closeAtMs))) {
                    close();
                }
                if (closeReturned(sent) && sent.stream().allMatch(s -> s.future.isDone()) && pending.isEmpty()) {
                    break;
                }
                maybeFault(faultRate);
                replicate();
                maybeFallBehind();
                maybeExpireProducers();
                maybeJumpWallClock();
                broker(faultRate, requestTimeoutMs);
                if (closeReturnedMs < 0) {
                    core.runOnce();
                }
                core.clock.advance(1 + random.nextInt(MAX_STEP_MS));
            }
            check(sent, deliveryTimeoutMs, requestTimeoutMs);
        } catch (AssertionError | RuntimeException e) {
            violation("the core threw " + e);
        }
        return new Outcome(seed, bug, mode, world, List.copyOf(trace), List.copyOf(violations));
    }

    /** Virtual time a transactional run may take before whatever is still open counts as hanging. */
    private static final long TRANSACTIONAL_RUN_MS = 120_000;
    /** One transactional seed in this many closes the producer while the user's commit or abort waits. */
    private static final int CLOSE_DURING_CALL_ONE_IN = 4;
    /** One transactional seed in this many closes the producer with the user's transaction open, after a few of its records. */
    private static final int CLOSE_IN_TRANSACTION_ONE_IN = 4;

    /** The user's transactions under the same faults, plus coordinator moves and, on some seeds, a second producer that fences this one. */
    private void runTransactions(List<Sent> sent, double faultRate, int requestTimeoutMs, double refusedRate) {
        long endMs = core.clock.getAsLong() + TRANSACTIONAL_RUN_MS;
        // another thread of the application may close the producer while the user's commit or abort waits
        boolean closeDuringCall = lifecycle.nextInt(CLOSE_DURING_CALL_ONE_IN) == 0;
        // or while a transaction is open, which close() must abort (-1: not on this seed)
        int closeAfterRecords = lifecycle.nextInt(CLOSE_IN_TRANSACTION_ONE_IN) == 0 ? lifecycle.nextInt(4) : -1;
        while (core.clock.getAsLong() < endMs) {
            long now = core.clock.getAsLong();
            if (closeCalledMs < 0 && closeDuringCall && user.endingCallWaits()) {
                closeWaitsForTransaction = true;
                close();
            }
            if (closeCalledMs < 0 && closeAfterRecords >= 0 && user.openTransactionRecords() >= closeAfterRecords) {
                event("the user leaves its transaction open");
                closeWaitsForTransaction = true;
                close();
            }
            if (closeCalledMs < 0
                    && user.finished()
                    && sent.stream().allMatch(s -> s.future.isDone())
                    && core.network.unanswered() == 0
                    && pending.isEmpty()) {
                close();
            }
            if (closeReturned(sent)) {
                if (user.endingCallWaits()) {
                    violation("close returned at t=" + closeReturnedMs + " while the user's " + user.waitingFor()
                            + " waited");
                }
                user.afterClose();
                break;
            }
            if (closeCalledMs >= 0) {
                user.afterClose();
            } else {
                user.step(
                        partition -> {
                            Sent record = send(sent.size(), now, refusedRate, partition);
                            sent.add(record);
                            return record.id;
                        },
                        PARTITIONS);
            }
            maybeFault(faultRate);
            replicate();
            maybeFallBehind();
            maybeExpireProducers();
            maybeJumpWallClock();
            writeMarkers();
            maybeTimeOutTransaction();
            broker(faultRate, requestTimeoutMs);
            core.runOnce();
            core.clock.advance(1 + random.nextInt(MAX_STEP_MS));
        }
        event("transactions: " + user.summary());
    }

    /** The user's flush(): what FerryProducer.flush() waits for. */
    private void flush(List<Sent> sent) {
        flushCalledMs = core.clock.getAsLong();
        flushCovers = sent.size();
        event("user calls flush");
        core.accumulator.beginFlush().whenComplete((ignored, error) -> {
            flushReturnedMs = core.clock.getAsLong();
            event("flush returned");
            List<Integer> incomplete = incomplete(sent.subList(0, flushCovers));
            if (!incomplete.isEmpty()) {
                violation("flush returned at t=" + flushReturnedMs + " before records sent before it completed: "
                        + incomplete);
            }
        });
    }

    /** The user's close(): FerryProducer.close() with no timeout; its I/O thread then runs until {@link Sender#stopped()}. */
    private void close() {
        closeCalledMs = core.clock.getAsLong();
        event("user calls close");
        core.sender.initiateClose();
        core.pool.close();
    }

    /** Whether the I/O thread's rounds ended after close(); when they just did, every record must be complete. */
    private boolean closeReturned(List<Sent> sent) {
        if (closeCalledMs < 0 || !core.sender.stopped()) {
            return false;
        }
        if (closeReturnedMs < 0) {
            closeReturnedMs = core.clock.getAsLong();
            event("close returned");
            List<Integer> incomplete = incomplete(sent);
            if (!incomplete.isEmpty()) {
                violation("close returned at t=" + closeReturnedMs + " before records completed: " + incomplete);
            }
        }
        return true;
    }

    private static List<Integer> incomplete(List<Sent> records) {
        return records.stream()
                .filter(record -> !record.future.isDone())
                .map(record -> record.id)
                .toList();
    }

    /** A record, its future and the virtual time it completed at (-1 while it has not). */
    static final class Sent {
        final int id;
        final TopicPartition partition;
        final long sentMs;
        final RecordFuture future;
        long completedMs = -1;
        Throwable error;

        Sent(int id, TopicPartition partition, long sentMs, RecordFuture future) {
            this.id = id;
            this.partition = partition;
            this.sentMs = sentMs;
            this.future = future;
        }
    }

    /** Share of seeds (idempotent or acks=1) whose topic gains partitions while records are sent. */
    private static final int GROWING_SEED_ONE_IN = 4;

    /** The topic gains partitions (CreatePartitions): the brokers' metadata names them at once, the producer at its next refresh. */
    private void grow() {
        int from = model.partitionCount();
        model.addPartitions(growTo);
        core.network.addPartitions(CoreUnderTest.TOPIC, growTo);
        for (int p = from; p < growTo; p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            core.network.moveLeader(partition, model.leader(partition));
        }
        event(CoreUnderTest.TOPIC + " grows from " + from + " to " + growTo + " partitions");
    }

    private Sent send(int id, long now, double refusedRate) {
        if (growTo > PARTITIONS) {
            return sendPartitioned(id, now, refusedRate);
        }
        return send(id, now, refusedRate, new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(PARTITIONS)));
    }

    private Sent send(int id, long now, double refusedRate, TopicPartition partition) {
        drawRefusal(id, refusedRate);
        byte[] value = ByteBuffer.allocate(4).putInt(id).array();
        long timestamp = timestamp(id, now);
        return track(id, now, core.accumulator.append(partition, timestamp, null, value, NO_HEADERS, null, 0, now));
    }

    /**
     * A record whose partition the producer chooses, as FerryProducer.send() does: half of them with
     * a key (murmur2 of the key modulo the partition count the producer knows, held against
     * kafka-clients' Utils), the others sticky.
     */
    private Sent sendPartitioned(int id, long now, double refusedRate) {
        drawRefusal(id, refusedRate);
        byte[] key = growth.nextBoolean() ? ("key-" + growth.nextInt(10)).getBytes(StandardCharsets.UTF_8) : null;
        byte[] value = ByteBuffer.allocate(4).putInt(id).array();
        Cluster cluster = core.metadata.cluster();
        int known = cluster.partitionsForTopic(CoreUnderTest.TOPIC).size();
        int chosen = chooser.choose(CoreUnderTest.TOPIC, null, key, key, null, value, cluster);
        long timestamp = timestamp(id, now);
        RecordFuture future = chosen == PartitionChooser.STICKY
                ? core.accumulator.appendSticky(
                        core.unkeyed.forTopic(CoreUnderTest.TOPIC),
                        cluster,
                        timestamp,
                        key,
                        value,
                        NO_HEADERS,
                        null,
                        0,
                        now)
                : core.accumulator.append(
                        new TopicPartition(CoreUnderTest.TOPIC, chosen),
                        timestamp,
                        key,
                        value,
                        NO_HEADERS,
                        null,
                        0,
                        now);
        int partition = future.partition().partition();
        if (key != null && partition != Utils.toPositive(Utils.murmur2(key)) % known) {
            violation("record " + id + " with key " + new String(key, StandardCharsets.UTF_8) + " went to partition "
                    + partition + ", not murmur2 modulo the " + known + " partitions the producer knew");
        }
        if (partition >= model.partitionCount() || known > model.partitionCount()) {
            violation("record " + id + " went to partition " + partition + " of " + known
                    + " the producer knew; the topic has " + model.partitionCount());
        }
        return track(id, now, future);
    }

    /** The record's timestamp: the wall clock at its send. */
    private long timestamp(int id, long now) {
        long timestamp = now + wallOffsetMs;
        timestamps.put(id, timestamp);
        return timestamp;
    }

    private void drawRefusal(int id, double refusedRate) {
        if (refusals.nextDouble() < refusedRate) {
            refused.add(id);
        }
    }

    private Sent track(int id, long now, RecordFuture future) {
        TopicPartition partition = future.partition();
        Sent record = new Sent(id, partition, now, future);
        future.whenComplete((metadata, error) -> {
            record.completedMs = core.clock.getAsLong();
            record.error = error;
            event("record " + id + " "
                    + (error == null ? "acknowledged at " + partition + "@" + metadata.offset() : "failed: " + error));
        });
        event("send record " + id + " to " + partition + (refused.contains(id) ? " (the brokers refuse it)" : ""));
        return record;
    }

    private void maybeFault(double faultRate) {
        if (random.nextDouble() >= faultRate / 10) {
            return;
        }
        if (user != null && random.nextInt(4) == 0) {
            transactionalFault();
        } else if (random.nextBoolean()) {
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            event("connection to broker " + node + " reset");
            core.network.dropConnection(node);
        } else {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(PARTITIONS));
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            int from = model.leader(partition);
            int cut = model.truncated().size();
            if (model.moveLeader(partition, node)) {
                event("leader of " + partition + " moves from " + from + " to " + node + cutNote(cut));
                core.network.moveLeader(partition, node);
            } else {
                event("leader of " + partition + " stays on " + from + ": broker " + node
                        + " is not a live in-sync replica");
            }
        }
    }

    /** Share of seeds on which brokers crash, and the chance per I/O round that one does. */
    private static final int CRASHING_SEED_ONE_IN = 2;

    private static final int CRASH_ONE_IN_ROUNDS = 800;

    /** A follower fetches in one round of this many, so under acks=1 it lags its leader by a few rounds. */
    private static final int FETCH_ONE_IN_ROUNDS = 6;

    /**
     * The followers fetch, a crashed broker comes back when its time is up, and on a crashing seed a
     * broker may crash: it refuses connections until it restarts, what it had in flight is lost
     * with its connections, and each partition it led moves to a live in-sync replica.
     */
    private void replicate() {
        for (int p = 0; p < model.partitionCount(); p++) {
            for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
                if (brokerFaults.nextInt(FETCH_ONE_IN_ROUNDS) == 0) {
                    model.fetch(new TopicPartition(CoreUnderTest.TOPIC, p), node);
                }
            }
        }
        long now = core.clock.getAsLong();
        if (downNode >= 0) {
            if (now >= restartAtMs) {
                event("broker " + downNode + " restarts");
                model.restart(downNode);
                core.network.unreachable(downNode, false);
                downNode = -1;
            }
            return;
        }
        if (!crashing || brokerFaults.nextInt(CRASH_ONE_IN_ROUNDS) != 0 || laggingNode >= 0) {
            // one broker impaired at a time, so every partition keeps two live in-sync replicas and a
            // leader's crash always finds one to elect
            return;
        }
        int node = brokerFaults.nextInt(ScriptedNetwork.BROKERS);
        downNode = node;
        restartAtMs = now + 50 + brokerFaults.nextInt(3_000);
        event("broker " + node + " crashes until t=" + restartAtMs);
        core.network.unreachable(node, true);
        core.network.dropConnection(node);
        pending.removeIf(lost -> lost.exchange().node == node);
        int cut = model.truncated().size();
        for (TopicPartition moved : model.crash(node)) {
            event("leader of " + moved + " moves to " + model.leader(moved) + ", ISR " + model.isr(moved));
            core.network.moveLeader(moved, model.leader(moved));
        }
        if (model.truncated().size() > cut) {
            event(cutNote(cut).trim());
        }
        if (user != null && model.coordinator().node() == node) {
            int to = (node + 1) % ScriptedNetwork.BROKERS;
            event("transaction coordinator moves from " + node + " to " + to);
            model.coordinator().moveTo(to);
        }
    }

    /** Share of seeds whose topic has min.insync.replicas 3 (of 3 replicas; 1 on the others). */
    private static final int STRICT_MIN_ISR_ONE_IN = 2;
    /** A follower falls out of the ISR in about one I/O round of this many, while no broker is impaired. */
    private static final int FALL_BEHIND_ONE_IN_ROUNDS = 500;

    /**
     * A follower of one partition stops keeping up (a slow disk, a long GC) and the leader takes it
     * out of the ISR until it catches up; meanwhile it is not elected, and on a seed with
     * min.insync.replicas 3 the partition refuses acks=all writes. Not while a broker is down, nor
     * does one crash meanwhile.
     */
    private void maybeFallBehind() {
        if (!world.has(World.UNDER_MIN_ISR)) {
            return;
        }
        long now = core.clock.getAsLong();
        if (laggingNode >= 0) {
            if (now >= catchUpAtMs) {
                model.catchUp(laggingPartition, laggingNode);
                event("follower " + laggingNode + " of " + laggingPartition + " catches up, ISR "
                        + model.isr(laggingPartition));
                laggingNode = -1;
                laggingPartition = null;
            }
            return;
        }
        if (isrFaults.nextInt(FALL_BEHIND_ONE_IN_ROUNDS) != 0 || downNode >= 0) {
            return;
        }
        TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, isrFaults.nextInt(model.partitionCount()));
        int node = isrFaults.nextInt(ScriptedNetwork.BROKERS);
        long until = now + 50 + isrFaults.nextInt(3_000);
        if (model.fallBehind(partition, node)) {
            laggingNode = node;
            laggingPartition = partition;
            catchUpAtMs = until;
            event("follower " + node + " of " + partition + " falls out of the ISR until t=" + until + ", ISR "
                    + model.isr(partition));
        }
    }

    /** Share of seeds whose brokers forget idle producers, and how often they check (producer.id.expiration.check.interval.ms). */
    private static final int EXPIRING_SEED_ONE_IN = 3;

    private static final long EXPIRY_CHECK_INTERVAL_MS = 500;

    /** On an expiring seed, the brokers' periodic check forgets the producers idle longer than producer.id.expiration.ms. */
    private void maybeExpireProducers() {
        long now = core.clock.getAsLong();
        if (expirationMs == 0 || now < nextExpiryCheckMs) {
            return;
        }
        nextExpiryCheckMs = now + EXPIRY_CHECK_INTERVAL_MS;
        List<String> forgotten = model.expireProducers(now + wallStartOffsetMs, expirationMs);
        if (!forgotten.isEmpty()) {
            event("brokers forget producer state " + forgotten);
        }
    }

    /** Share of seeds whose brokers throttle a third of their Produce answers, for up to this long. */
    private static final int THROTTLING_SEED_ONE_IN = 3;

    private static final int MAX_THROTTLE_MS = 300;

    /**
     * KIP-219: a broker over its quota answers at once with throttle_time_ms and mutes the
     * connection for that long; the client must send it nothing meanwhile, as kafka-clients does.
     */
    private void checkThrottle(ScriptedNetwork.Exchange produce) {
        throttledAnswers.forEach((answered, throttleMs) -> {
            if (answered.node == produce.node
                    && answered.deliveredMs >= 0
                    // sent at the answer's own ms: in the same I/O round, before the answer was read
                    && produce.sentMs > answered.deliveredMs
                    && produce.sentMs < answered.deliveredMs + throttleMs) {
                violation("Produce #" + produce.header.correlationId() + " went to broker " + produce.node + " at t="
                        + produce.sentMs + ", inside the " + throttleMs + " ms throttle of the answer it got at t="
                        + answered.deliveredMs);
            }
        });
    }

    /** The wall clock jumps about once in this many I/O rounds on a jumping seed. */
    private static final int JUMP_ONE_IN_ROUNDS = 300;
    /** How far a jump may go back. */
    private static final long MAX_JUMP_BACK_MS = 2 * 3_600_000L;
    /** How far ahead of where it started the wall clock may get: under the hour of log.message.timestamp.after.max.ms, past which a broker refuses a timestamp. */
    private static final long MAX_AHEAD_MS = 30 * 60_000L;

    /**
     * The wall clock jumps back or forth (NTP, a VM resumed, a user's date command) while virtual
     * monotonic time goes on: the core's deadlines must not notice, and each record must reach the
     * broker with the timestamp it was sent with.
     */
    private void maybeJumpWallClock() {
        if (!jumping || wallClock.nextInt(JUMP_ONE_IN_ROUNDS) != 0) {
            return;
        }
        long jump = -MAX_JUMP_BACK_MS + wallClock.nextLong(MAX_JUMP_BACK_MS + MAX_AHEAD_MS);
        long offset = Math.min(wallStartOffsetMs + MAX_AHEAD_MS, wallOffsetMs + jump);
        event("wall clock jumps by " + (offset - wallOffsetMs) + " ms");
        wallOffsetMs = offset;
    }

    /** Share of transactional seeds with a short transaction.timeout.ms, and the shortest. */
    private static final int TIMING_OUT_SEED_ONE_IN = 4;

    private static final int MIN_TRANSACTION_TIMEOUT_MS = 500;
    /** transaction.abort.timed.out.transaction.cleanup.interval.ms of the simulated coordinator. */
    static final long TIMEOUT_CHECK_INTERVAL_MS = 200;

    /** The seed's transaction.timeout.ms, where it draws a short one (the producer's default elsewhere). */
    private ProducerConfigBuilder withTimeout(ProducerConfigBuilder builder) {
        return transactionTimeoutMs > 0 ? builder.transactionTimeoutMs(transactionTimeoutMs) : builder;
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
            event("the coordinator aborts the transaction open longer than transaction.timeout.ms, epoch "
                    + ending.epoch());
        }
    }

    /** A marker takes up to this long to be written, or on one in {@link #SLOW_MARKER_ONE_IN} up to {@link #SLOW_MARKER_MS}. */
    private static final int MARKER_MS = 30;

    private static final int SLOW_MARKER_ONE_IN = 8;
    private static final int SLOW_MARKER_MS = 3_000;

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
            boolean leaderUp =
                    partition.equals(ModelGroupCoordinator.OFFSETS_PARTITION) || !model.isDown(model.leader(partition));
            if (now >= due && leaderUp) {
                model.coordinator().writeMarker(SimulatedTransactions.TRANSACTIONAL_ID, partition);
                markersDueMs.remove(partition);
                event("marker written to " + partition);
            }
        }
    }

    /** Every unwritten marker at once, for a second producer that waits for them. */
    private void writeMarkersNow() {
        event("the coordinator writes its markers "
                + model.coordinator().unwrittenMarkers(SimulatedTransactions.TRANSACTIONAL_ID));
        model.coordinator().writeAllMarkers();
        markersDueMs.clear();
    }

    /** For the trace: the entries a leader change cut, those after the first {@code before} of the model's list. */
    private String cutNote(int before) {
        List<ModelCluster.Truncated> cut = model.truncated();
        if (cut.size() == before) {
            return "";
        }
        return " (cut "
                + cut.subList(before, cut.size()).stream()
                        .map(t -> t.partition() + "@" + t.entry().offset() + "=record "
                                + t.entry().recordId())
                        .toList()
                + ")";
    }

    /** A coordinator move, or (once per run, rarely) another producer with the same transactional id fencing this one. */
    private void transactionalFault() {
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
            event("another producer takes " + SimulatedTransactions.TRANSACTIONAL_ID + ": epoch " + init.epoch()
                    + " fences this one");
            return;
        }
        int node = (model.coordinator().node() + 1 + random.nextInt(ScriptedNetwork.BROKERS - 1))
                % ScriptedNetwork.BROKERS;
        if (node == downNode) {
            // a coordinator is elected among live brokers
            node = (node + 1) % ScriptedNetwork.BROKERS;
        }
        event("transaction coordinator moves from " + model.coordinator().node() + " to " + node);
        model.coordinator().moveTo(node);
    }

    /**
     * The brokers take the requests that arrived: an answered or response-lost request is applied to
     * the model at once; a stale one only after the client's request.timeout.ms; a lost one never.
     * Then the answers that are due travel back, if their connection still stands.
     */
    private void broker(double faultRate, int requestTimeoutMs) {
        long now = core.clock.getAsLong();
        for (ApiKeys key : BROKER_KEYS) {
            for (ScriptedNetwork.Exchange exchange : core.network.received(key)) {
                if (seen.add(exchange)) {
                    if (key == ApiKeys.PRODUCE) {
                        checkThrottle(exchange);
                    }
                    Fate fate = fate(faultRate);
                    if (fate == Fate.STALE && user != null && key != ApiKeys.PRODUCE) {
                        // a coordinator request applied after the client gave up and moved on can end
                        // or fence a later transaction of the same epoch on the 3.x protocol: a hazard of
                        // the protocol, not of the client, so only Produce goes stale in transactional runs
                        fate = Fate.LOSE_RESPONSE;
                    }
                    arrive(exchange, fate, now, requestTimeoutMs);
                }
            }
        }
        for (Pending due : List.copyOf(pending)) {
            if (due.dueMs() > now) {
                continue;
            }
            pending.remove(due);
            ScriptedNetwork.Exchange exchange = due.exchange();
            if (due.fate() == Fate.STALE) {
                event("stale " + exchange.apiKey() + " #" + exchange.header.correlationId() + " reaches broker "
                        + exchange.node);
                answer(exchange);
            } else if (core.network.isWaiting(exchange)) {
                noteRefusals(exchange, due.response());
                core.network.respond(exchange, due.response());
            }
        }
    }

    private void arrive(ScriptedNetwork.Exchange exchange, Fate fate, long now, int requestTimeoutMs) {
        long dueMs =
                switch (fate) {
                    case ANSWER ->
                        now
                                + (random.nextInt(8) == 0
                                        ? requestTimeoutMs + random.nextInt(requestTimeoutMs)
                                        : random.nextInt(30));
                    case STALE -> exchange.sentMs + requestTimeoutMs + random.nextInt(2 * requestTimeoutMs);
                    case LOSE_REQUEST, LOSE_RESPONSE -> now;
                };
        event(exchange.apiKey() + " #" + exchange.header.correlationId() + " to broker " + exchange.node + ": " + fate
                + " t+" + (dueMs - now));
        switch (fate) {
            case ANSWER -> pending.add(new Pending(exchange, fate, dueMs, answer(exchange)));
            case LOSE_RESPONSE -> answer(exchange);
            case STALE -> pending.add(new Pending(exchange, fate, dueMs, null));
            case LOSE_REQUEST -> {}
        }
    }

    /** Notes the records of the batches this answer refuses: if it reaches the core, they must fail with INVALID_RECORD. */
    private void noteRefusals(ScriptedNetwork.Exchange exchange, ApiMessage response) {
        if (!(response instanceof ProduceResponseData produce)) {
            return;
        }
        var results = produce.responses().stream()
                .flatMap(t -> t.partitionResponses().stream())
                .iterator();
        for (RecordBatch batch : core.network.batches(exchange).values()) {
            if (results.next().errorCode() == Errors.INVALID_RECORD.code()) {
                for (Record record : batch) {
                    refusalsAnswered
                            .computeIfAbsent(exchange, e -> new ArrayList<>())
                            .add(ModelCluster.recordId(record));
                }
            }
        }
    }

    private Fate fate(double faultRate) {
        if (random.nextDouble() >= faultRate) {
            return Fate.ANSWER;
        }
        return Fate.values()[1 + random.nextInt(Fate.values().length - 1)];
    }

    private ApiMessage answer(ScriptedNetwork.Exchange exchange) {
        if (exchange.apiKey() != ApiKeys.PRODUCE && exchange.apiKey() != ApiKeys.INIT_PRODUCER_ID) {
            ApiMessage response = ModelAnswers.coordinatorAnswer(model, exchange, core.network);
            event("  " + response);
            return response;
        }
        if (exchange.apiKey() == ApiKeys.INIT_PRODUCER_ID) {
            InitProducerIdRequestData request = (InitProducerIdRequestData) exchange.request;
            var response = request.transactionalId() != null
                            && exchange.node != model.coordinator().node()
                    ? new InitProducerIdResponseData()
                            .setErrorCode(Errors.NOT_COORDINATOR.code())
                            .setProducerId(-1)
                            .setProducerEpoch((short) -1)
                    : model.initProducerId(request);
            event("  producer id " + response.producerId() + " epoch " + response.producerEpoch() + " "
                    + response.errorCode());
            return response;
        }
        Map<TopicPartition, RecordBatch> batches = core.network.batches(exchange);
        for (RecordBatch batch : batches.values()) {
            for (Record record : batch) {
                long sentWith = timestamps.get(ModelCluster.recordId(record));
                if (record.timestamp() != sentWith) {
                    violation("record " + ModelCluster.recordId(record) + " reached broker " + exchange.node
                            + " with timestamp " + record.timestamp() + ", sent with " + sentWith);
                }
            }
        }
        var response = model.produce(exchange.node, (ProduceRequestData) exchange.request, exchange.version(), batches);
        if (throttling && throttles.nextInt(3) == 0) {
            int throttleMs = 1 + throttles.nextInt(MAX_THROTTLE_MS);
            response.setThrottleTimeMs(throttleMs);
            throttledAnswers.put(exchange, throttleMs);
            event("  throttle_time_ms " + throttleMs);
        }
        var results = response.responses().stream()
                .flatMap(t -> t.partitionResponses().stream())
                .iterator();
        for (var batch : batches.entrySet()) {
            var result = results.next();
            event("  " + batch.getKey() + " pid " + batch.getValue().producerId() + " epoch "
                    + batch.getValue().producerEpoch()
                    + " seq " + batch.getValue().baseSequence() + ".."
                    + batch.getValue().lastSequence() + " -> "
                    + Errors.forCode(result.errorCode()) + " @" + result.baseOffset());
        }
        return response;
    }

    private void check(List<Sent> sent, int deliveryTimeoutMs, int requestTimeoutMs) {
        SimulationInvariants invariants = new SimulationInvariants(core, model, this::violation);
        invariants.flushAndClose(
                new SimulationInvariants.UserCalls(
                        flushCalledMs, flushReturnedMs, closeCalledMs, closeReturnedMs, closeWaitsForTransaction),
                deliveryTimeoutMs,
                requestTimeoutMs);
        invariants.completions(sent, refusalsAnswered, deliveryTimeoutMs);
        if (mode.idempotent()) {
            invariants.exactlyOnceInOrder(sent);
        } else {
            invariants.acknowledgedUnlessCut(sent);
        }
        invariants.settled();
    }

    private void event(String what) {
        trace.add("t=" + (core == null ? 0 : core.clock.getAsLong()) + " " + what);
    }

    private void violation(String what) {
        violations.add(what);
        event("VIOLATION " + what);
    }
}
