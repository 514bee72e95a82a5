package dev.ferry.producer.internal.sender;

import dev.ferry.producer.Acks;
import java.util.List;
import java.util.SplittableRandom;

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
 * <p>The run's parts, each its own class: {@link SimulatedFaults} (and {@link SimulatedCoordinatorFaults}
 * for a transactional run) schedules the world's faults, {@link SimulatedBrokers} carries the core's
 * requests to the model and the answers back, {@link SimulatedUser} makes the application's calls,
 * {@link SimulationTrace} records what happened; this class draws the producer's settings from the
 * seed, builds the parts and drives the I/O rounds in virtual time.
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
 * <p>On a third of the idempotent and acks=1 seeds buffer.memory holds only a few batches and the
 * user's sends wait for memory, up to max.block.ms of virtual time, or are refused
 * ({@link SimulatedUser}); a refused record must be in no log. On a third of the seeds answers of
 * every kind carry throttle_time_ms ({@link SimulatedBrokers}), and transactional seeds' topics gain
 * partitions as the others' do.
 *
 * <p>{@link InjectedBug} switches on a deliberate defect, in the model or (through
 * {@link InjectedDefect}) in the real core, to prove these checks catch it.
 */
final class Simulation {
    static final int PARTITIONS = 3;
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
        /** The core stamps a batch that may still land under the old epoch again ({@link InjectedDefect#RESTAMP_MAYBE_APPENDED}). */
        RESTAMP_MAYBE_APPENDED(InjectedDefect.RESTAMP_MAYBE_APPENDED),
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
         * {@link SimulatedCoordinatorFaults#TIMEOUT_CHECK_INTERVAL_MS}).
         */
        TRANSACTION_TIMEOUTS,
        /**
         * And partitions whose leader epoch grows with each change of leader, and brokers that
         * answer Metadata each from its own view, which learns of a change only after a delay drawn
         * from the seed (so an answer may name an old leader in an older epoch); Metadata requests
         * are lost, delayed and answered late as others are ({@link LaggingMetadata}).
         */
        STALE_METADATA,
        /**
         * And, on some seeds, one broker that turns slow for a while drawn from the seed: each of
         * its answers comes tens of ms to past request.timeout.ms later, while the others stay fast.
         */
        SLOW_BROKER,
        /**
         * And, on some idempotent and acks=1 seeds, a buffer.memory of a few batches and a
         * max.block.ms: a send that finds the pool full waits in virtual time (the user's one thread
         * tries the append again as memory comes back) and, once max.block.ms is spent, is refused by
         * the pool's own TimeoutException.
         */
        BUFFER_PRESSURE,
        /**
         * And, on some seeds, throttle_time_ms on answers of every kind (InitProducerId,
         * FindCoordinator, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn, Produce):
         * no request of any kind, Metadata included, may reach a broker inside its throttle.
         */
        THROTTLING_ALL,
        /** And transactional seeds whose topic gains partitions too, which transactions then write to. */
        GROWING_TRANSACTIONS,
        /**
         * And a producer whose metadata refreshes back off as kafka-clients' do: retry.backoff.ms
         * after the last one, doubling up to retry.backoff.max.ms while answers change nothing or
         * refreshes fail. In the worlds before, the core under test refreshes whenever asked, as the
         * producer did when their seeds were found, so those seeds keep their paths.
         */
        METADATA_BACKOFF;

        static World current() {
            return values()[values().length - 1];
        }

        boolean has(World kind) {
            return compareTo(kind) >= 0;
        }
    }

    /** Share of seeds whose topic has a max.message.bytes that some batches exceed (they are split and sent again). */
    private static final int SMALL_MESSAGES_ONE_IN = 4;

    /**
     * Share of seeds whose producer id starts its sequences a few records short of
     * {@code Integer.MAX_VALUE}, so they wrap to 0 during the run (a long-lived producer's fate on a
     * busy partition), and how far short at most.
     */
    private static final int WRAPPING_SEED_ONE_IN = 3;

    private static final int WRAP_WITHIN_RECORDS = 40;

    /**
     * Share of the idempotent and acks=1 seeds whose buffer.memory holds only a few batches
     * ({@link World#BUFFER_PRESSURE}), how many at most, and the longest max.block.ms drawn.
     */
    private static final int BUFFER_PRESSURE_ONE_IN = 3;

    private static final int MAX_BATCHES_IN_MEMORY = 4;
    private static final int MAX_BLOCK_MS = 1_500;
    /** buffer.memory's default, which a run never fills. */
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    /** The least buffer.memory holds per batch: a batch of one record needs about 80 bytes however small batch.size is. */
    private static final int MIN_BYTES_PER_BATCH = 128;

    /** Seeds the user's offsets draws apart from {@link #random}, so the transactions' other draws stay as they were. */
    private static final long OFFSETS_STREAM = 0x0FF5E75L;

    /** Virtual time a transactional run may take before whatever is still open counts as hanging. */
    private static final long TRANSACTIONAL_RUN_MS = 120_000;
    /** On a transactional seed whose topic grows, when it does: early enough for most transactions to see it. */
    private static final int TRANSACTIONAL_GROWTH_WITHIN_MS = 3_000;
    /** One transactional seed in this many closes the producer while the user's commit or abort waits. */
    private static final int CLOSE_DURING_CALL_ONE_IN = 4;
    /** One transactional seed in this many closes the producer with the user's transaction open, after a few of its records. */
    private static final int CLOSE_IN_TRANSACTION_ONE_IN = 4;

    /** What one seed did: its event trace and the invariants it broke (none when the core held). */
    record Outcome(long seed, InjectedBug bug, Mode mode, World world, List<String> trace, List<String> violations) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    private final long seed;
    private final InjectedBug bug;
    private final Mode mode;
    private final World world;
    private final SimulationTrace trace = new SimulationTrace();
    /** The seed's main stream: the settings, the records' partitions, the first world's faults, the core's jitter. */
    private final SplittableRandom random;
    /**
     * Draws when the user calls flush() and close(), and the topic's max.message.bytes, apart from
     * {@link #random}: a seed that does neither early keeps the path it took before these existed.
     */
    private final SplittableRandom lifecycle;
    /** Draws where sequences start, apart from the others so every seed keeps its path of faults and calls. */
    private final SplittableRandom wrapping;
    /** Draws buffer.memory and max.block.ms on a seed under buffer pressure, apart from the others. */
    private final SplittableRandom pressure;

    private CoreUnderTest core;
    private ModelCluster model;
    private SimulatedFaults faults;
    private SimulatedUser user;
    private SimulatedBrokers brokers;
    /** The user of a transactional producer; null in other runs. */
    private SimulatedTransactions transactions;

    private Simulation(long seed, InjectedBug bug, Mode mode, World world) {
        this.seed = seed;
        this.world = world;
        this.mode = mode;
        this.random = new SplittableRandom(seed);
        this.lifecycle = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.wrapping = new SplittableRandom(seed * 0x9FB21C651E98DF25L + 0x2545F4914F6CDD1DL);
        this.pressure = new SplittableRandom(seed * 0xA24BAED4963EE407L + 0x9FB21C651E98DF25L);
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
        trace.event("settings records=" + records + " request.timeout.ms=" + requestTimeoutMs + " linger.ms="
                + lingerMs + " delivery.timeout.ms=" + deliveryTimeoutMs + " max.in.flight=" + maxInFlight
                + " batch.size=" + batchSize
                + " faults=" + String.format("%.3f", faultRate)
                + (firstSequence == 0 ? "" : " first.sequence=" + firstSequence));
        // -1: the default buffer.memory, which a run never fills
        long maxBlockMs = world.has(World.BUFFER_PRESSURE)
                        && !mode.transactional()
                        && pressure.nextInt(BUFFER_PRESSURE_ONE_IN) == 0
                ? pressure.nextInt(MAX_BLOCK_MS)
                : -1;
        long bufferMemory =
                (long) Math.max(batchSize, MIN_BYTES_PER_BATCH) * (2 + pressure.nextInt(MAX_BATCHES_IN_MEMORY - 1));
        if (maxBlockMs >= 0) {
            trace.event("buffer.memory=" + bufferMemory + " max.block.ms=" + maxBlockMs);
        }
        faults = new SimulatedFaults(seed, world, mode, random, trace);
        SimulatedCoordinatorFaults coordinatorFaults = faults.coordinator();
        core = new CoreUnderTest(
                b -> coordinatorFaults
                        .withTimeout(
                                mode.transactional() ? b.transactionalId(SimulatedTransactions.TRANSACTIONAL_ID) : b)
                        .metadataMaxAgeMs(faults.metadataMaxAgeMs())
                        .enableIdempotence(mode.idempotent())
                        .acks(mode.idempotent() ? Acks.ALL : Acks.LEADER)
                        .requestTimeoutMs(requestTimeoutMs)
                        .lingerMs(lingerMs)
                        .deliveryTimeoutMs(deliveryTimeoutMs)
                        .maxInFlightRequestsPerConnection(maxInFlight)
                        .batchSize(batchSize)
                        .retryBackoffMs(50)
                        .retryBackoffMaxMs(1_000)
                        .bufferMemory(maxBlockMs >= 0 ? bufferMemory : DEFAULT_BUFFER_MEMORY)
                        .maxBlockMs(Math.max(0, maxBlockMs)),
                random.nextLong(),
                bug.defect,
                firstSequence,
                world.has(World.METADATA_BACKOFF));
        trace.clock(core.clock);
        user = new SimulatedUser(seed, core, trace, faults, random);
        if (maxBlockMs >= 0) {
            user.waitsForMemory(maxBlockMs);
        }
        model = new ModelCluster(
                CoreUnderTest.TOPIC,
                PARTITIONS,
                ScriptedNetwork.BROKERS,
                bug == InjectedBug.BROKER_FORGETS_DUPLICATES,
                user::refuses);
        core.network.transactionVersion(mode.transactional() ? mode.transactionVersion : 2);
        if (lifecycle.nextInt(SMALL_MESSAGES_ONE_IN) == 0) {
            // a batch of one record (about 75 bytes) always fits, so every split ends in batches the topic takes
            int maxMessageBytes = 120 + lifecycle.nextInt(200);
            trace.event("max.message.bytes=" + maxMessageBytes);
            model.maxMessageBytes(maxMessageBytes);
        }
        if (bug == InjectedBug.ABORT_WRITES_COMMIT_MARKERS) {
            model.coordinator().injectAbortWritingCommitMarkers();
        }
        if (bug == InjectedBug.UNNOTED_CUTS) {
            model.replication().injectUnnotedCuts();
        }
        brokers = new SimulatedBrokers(seed, world, mode.transactional(), random, trace, core, model, user);
        faults.start(core, model, brokers, deliveryTimeoutMs, requestTimeoutMs);
        if (!mode.idempotent()) {
            trace.event("acks=1, not idempotent");
        }
        if (mode.transactional()) {
            trace.event("transactional, transaction.version " + mode.transactionVersion);
            transactions = new SimulatedTransactions(
                    random.split(), new SplittableRandom(seed ^ OFFSETS_STREAM), core, trace::event);
            faults.transactions(transactions);
        }
        try {
            core.knowTopic();
            if (world.has(World.STALE_METADATA)) {
                // from the first refresh on; the metadata the producer starts with is the controller's
                brokers.answerMetadata(new LaggingMetadata(seed, core.network, trace));
            }
            if (transactions != null) {
                runTransactions(requestTimeoutMs, faultRate);
                coordinatorFaults.writeLastMarkers();
                check(deliveryTimeoutMs, requestTimeoutMs);
                // a timeout fences the producer at transaction.version 1; at 2 only the abort's EndTxn goes
                // on with the new epoch, and another request of the timed-out transaction may be fenced
                transactions.check(
                        model, model.partitionCount(), coordinatorFaults.fencedOrTimedOut(), trace::violation);
                new SimulationInvariants(core, model, trace::violation).fencing(coordinatorFaults.endingsAtFence());
                return outcome();
            }
            runIdempotent(records, requestTimeoutMs, deliveryTimeoutMs, faultRate);
            check(deliveryTimeoutMs, requestTimeoutMs);
        } catch (AssertionError | RuntimeException e) {
            trace.violation("the core threw " + e);
        }
        return outcome();
    }

    private Outcome outcome() {
        return new Outcome(seed, bug, mode, world, trace.events(), trace.violations());
    }

    /** An idempotent (or acks=1) producer's records, with flush() on half the seeds and close() early or once all settled. */
    private void runIdempotent(int records, int requestTimeoutMs, int deliveryTimeoutMs, double faultRate) {
        long start = core.clock.getAsLong();
        long sendUntil = start + random.nextInt(2_000);
        faults.scheduleGrowth(start, sendUntil);
        // on an expiring seed the second half of the records waits until the first half's producer
        // state may have been forgotten
        long expirationMs = faults.expirationMs();
        long resumeAtMs =
                expirationMs > 0 ? sendUntil + expirationMs + SimulatedFaults.EXPIRY_CHECK_INTERVAL_MS : sendUntil;
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
            faults.maybeGrow(now);
            if (user.blocked()) {
                user.retryBlocked(now);
                // sends that waited for memory push the last one back: it still gets its time to complete
                endMs = Math.max(endMs, now + MAX_BLOCK_MS + deliveryTimeoutMs + requestTimeoutMs * 2L);
            }
            // a send waiting for buffer memory blocks the user: nothing else is sent meanwhile
            while (!user.blocked()
                    && user.triedCount() < records
                    && (expirationMs == 0 || user.triedCount() < records / 2 || now >= resumeAtMs)
                    && (now >= sendUntil || random.nextInt(4) == 0)) {
                user.send(now);
            }
            if (flushAtMs >= 0 && now >= flushAtMs && !user.flushCalled()) {
                user.flush();
            }
            boolean settled = user.triedCount() == records
                    && user.allCompleted()
                    && core.network.unanswered() == 0
                    && brokers.idle();
            if (!user.closeCalled() && (settled || (user.triedCount() == records && now >= closeAtMs))) {
                user.close();
            }
            if (user.closeReturned() && user.allCompleted() && brokers.idle()) {
                break;
            }
            faults.round(faultRate);
            brokers.round(faultRate, requestTimeoutMs);
            if (user.closeReturnedMs() < 0) {
                core.runOnce();
            }
            core.clock.advance(1 + random.nextInt(MAX_STEP_MS));
        }
    }

    /** The user's transactions under the same faults, plus coordinator moves and, on some seeds, a second producer that fences this one. */
    private void runTransactions(int requestTimeoutMs, double faultRate) {
        long startMs = core.clock.getAsLong();
        long endMs = startMs + TRANSACTIONAL_RUN_MS;
        if (faults.topicGrows()) {
            faults.scheduleGrowth(startMs, startMs + TRANSACTIONAL_GROWTH_WITHIN_MS);
        }
        // another thread of the application may close the producer while the user's commit or abort waits
        boolean closeDuringCall = lifecycle.nextInt(CLOSE_DURING_CALL_ONE_IN) == 0;
        // or while a transaction is open, which close() must abort (-1: not on this seed)
        int closeAfterRecords = lifecycle.nextInt(CLOSE_IN_TRANSACTION_ONE_IN) == 0 ? lifecycle.nextInt(4) : -1;
        while (core.clock.getAsLong() < endMs) {
            long now = core.clock.getAsLong();
            if (!user.closeCalled() && closeDuringCall && transactions.endingCallWaits()) {
                user.closeInTransaction();
            }
            if (!user.closeCalled()
                    && closeAfterRecords >= 0
                    && transactions.openTransactionRecords() >= closeAfterRecords) {
                trace.event("the user leaves its transaction open");
                user.closeInTransaction();
            }
            if (!user.closeCalled()
                    && transactions.finished()
                    && user.allCompleted()
                    && core.network.unanswered() == 0
                    && brokers.idle()) {
                user.close();
            }
            if (user.closeReturned()) {
                if (transactions.endingCallWaits()) {
                    trace.violation("close returned at t=" + user.closeReturnedMs() + " while the user's "
                            + transactions.waitingFor() + " waited");
                }
                transactions.afterClose();
                break;
            }
            if (faults.topicGrows()) {
                faults.maybeGrow(now);
            }
            if (user.closeCalled()) {
                transactions.afterClose();
            } else {
                transactions.step(partition -> user.send(now, partition).id, knownPartitions());
            }
            faults.round(faultRate);
            brokers.round(faultRate, requestTimeoutMs);
            core.runOnce();
            core.clock.advance(1 + random.nextInt(MAX_STEP_MS));
        }
        trace.event("transactions: " + transactions.summary());
    }

    /**
     * The partitions a transactional user writes to: on a seed whose topic grows, all the producer's
     * metadata names (a new one joins the transaction implicitly at version 2, with
     * AddPartitionsToTxn at 1), else the topic's first {@link #PARTITIONS}.
     */
    private int knownPartitions() {
        return faults.topicGrows()
                ? core.metadata
                        .cluster()
                        .partitionCountForTopic(CoreUnderTest.TOPIC)
                        .orElse(PARTITIONS)
                : PARTITIONS;
    }

    private void check(int deliveryTimeoutMs, int requestTimeoutMs) {
        SimulationInvariants invariants = new SimulationInvariants(core, model, trace::violation);
        invariants.flushAndClose(user.calls(), deliveryTimeoutMs, requestTimeoutMs);
        invariants.completions(user.sent(), brokers.refusalsAnswered(), deliveryTimeoutMs);
        if (mode.idempotent()) {
            invariants.exactlyOnceInOrder(user.sent());
        } else {
            invariants.acknowledgedUnlessCut(user.sent());
        }
        invariants.settled();
        invariants.neverWritten(user.refusedByPool());
    }
}
