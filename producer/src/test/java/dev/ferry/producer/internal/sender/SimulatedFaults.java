package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.Simulation.Mode;
import dev.ferry.producer.internal.sender.Simulation.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one seed's world, scheduled from the seed: which kinds strike on this seed, and
 * when. Connection resets and leader moves (and, in a transactional run, coordinator moves and
 * another producer fencing this one) come from the seed's main stream, as they have since the first
 * world; every kind added later draws from a stream of its own, so a seed on which it does not
 * strike keeps the path it took before it existed: broker crashes and restarts (with the
 * followers' fetches), a topic that gains partitions, a wall clock that jumps, followers falling
 * out of the ISR, brokers forgetting idle producers, a broker that turns slow for a while, and the
 * coordinator's faults ({@link SimulatedCoordinatorFaults}). Each fault acts on the {@link ModelCluster} and the core's
 * {@link ScriptedNetwork}, and is noted in the trace. The faults of requests in flight (lost,
 * delayed, applied late, throttled) are the brokers' ({@link SimulatedBrokers}).
 */
final class SimulatedFaults {
    /** Share of seeds (idempotent or acks=1) whose topic gains partitions while records are sent. */
    private static final int GROWING_SEED_ONE_IN = 4;

    /** Share of seeds on which brokers crash, and the chance per I/O round that one does. */
    private static final int CRASHING_SEED_ONE_IN = 2;

    private static final int CRASH_ONE_IN_ROUNDS = 800;

    /** A follower fetches in one round of this many, so under acks=1 it lags its leader by a few rounds. */
    private static final int FETCH_ONE_IN_ROUNDS = 6;

    /** Share of seeds whose topic has min.insync.replicas 3 (of 3 replicas; 1 on the others). */
    private static final int STRICT_MIN_ISR_ONE_IN = 2;
    /** A follower falls out of the ISR in about one I/O round of this many, while no broker is impaired. */
    private static final int FALL_BEHIND_ONE_IN_ROUNDS = 500;

    /** Share of seeds whose brokers forget idle producers, and how often they check (producer.id.expiration.check.interval.ms). */
    private static final int EXPIRING_SEED_ONE_IN = 3;

    static final long EXPIRY_CHECK_INTERVAL_MS = 500;

    /** The wall clock jumps about once in this many I/O rounds on a jumping seed. */
    private static final int JUMP_ONE_IN_ROUNDS = 300;
    /** How far a jump may go back. */
    private static final long MAX_JUMP_BACK_MS = 2 * 3_600_000L;
    /** How far ahead of where it started the wall clock may get: under the hour of log.message.timestamp.after.max.ms, past which a broker refuses a timestamp. */
    private static final long MAX_AHEAD_MS = 30 * 60_000L;

    private final World world;
    private final SimulationTrace trace;
    /** The seed's main stream, shared with the rest of the run: the first world's faults draw from it. */
    private final SplittableRandom random;
    /**
     * Draws broker crashes and restarts and the followers' fetches, apart from the main stream: a seed
     * without crashes keeps the path it took before they existed.
     */
    private final SplittableRandom brokerFaults;
    /**
     * Draws whether and when the topic gains partitions, and the keys of the records then, apart from
     * the main stream: a seed whose topic does not grow keeps its path.
     */
    private final SplittableRandom growth;
    /**
     * Draws the wall clock's jumps, apart from the main stream. The wall clock is the virtual
     * monotonic clock plus {@link #wallOffsetMs}; it gives the records their timestamps, as
     * System.currentTimeMillis() does in FerryProducer.send(), and nothing else.
     */
    private final SplittableRandom wallClock;
    /**
     * Draws the topic's min.insync.replicas and which follower falls out of the ISR when, apart from
     * the main stream: the seeds of the worlds before keep their paths.
     */
    private final SplittableRandom isrFaults;
    /** Draws whether and after how long the brokers forget idle producers, apart from the main stream. */
    private final SplittableRandom expiry;

    /** Share of seeds on which one broker turns slow for a while ({@link World#SLOW_BROKER}). */
    private static final int SLOW_SEED_ONE_IN = 2;

    /**
     * Draws whether, when and for how long a broker turns slow, and how much later each of its
     * answers comes then, apart from the main stream.
     */
    private final SplittableRandom slowness;
    /** The broker that turns slow on this seed, -1 if none, and from when until when. */
    private int slowNode = -1;

    private long slowFromMs;
    private long slowUntilMs;
    /** The most an answer of the slow broker is held back: from tens of ms to twice request.timeout.ms. */
    private int slowMostMs;

    private final SimulatedCoordinatorFaults coordinator;

    /** How many partitions the topic grows to on this seed ({@link Simulation#PARTITIONS}: it does not grow). */
    private int growTo = Simulation.PARTITIONS;

    private final long metadataMaxAgeMs;
    private long growAtMs;
    /** Whether brokers crash on this seed. */
    private boolean crashing;
    /** The broker that is down, -1 if none; at most one is, so every partition keeps a live in-sync replica. */
    private int downNode = -1;

    private long restartAtMs;
    /** Whether the wall clock jumps on this seed. */
    private boolean jumping;

    private long wallOffsetMs;
    /** Where the wall clock starts, ahead of virtual time: a date in 2023 (0 in the worlds before jumps, as their bytes had it). */
    private long wallStartOffsetMs;
    /** The follower out of the ISR and its partition (-1 and null: none), and when it catches up. */
    private int laggingNode = -1;

    private TopicPartition laggingPartition;
    private long catchUpAtMs;
    /** The brokers' producer.id.expiration.ms on this seed; 0: they forget no producer. */
    private long expirationMs;

    private long nextExpiryCheckMs;

    private CoreUnderTest core;
    private ModelCluster model;
    private ModelReplication replication;
    private SimulatedBrokers brokers;

    /**
     * Draws what the producer's settings depend on (whether the topic grows, the transactions'
     * timeout); {@link #start} draws the rest once the core and the brokers exist.
     */
    SimulatedFaults(long seed, World world, Mode mode, SplittableRandom random, SimulationTrace trace) {
        this.world = world;
        this.random = random;
        this.trace = trace;
        this.brokerFaults = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
        this.growth = new SplittableRandom(seed * 0xD6E8FEB86659FD93L + 0xA0761D6478BD642FL);
        this.wallClock = new SplittableRandom(seed * 0xE7037ED1A0B428DBL + 0x8EBC6AF09C88C6E3L);
        this.isrFaults = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L);
        this.expiry = new SplittableRandom(seed * 0x27D4EB2F165667C5L + 0x85EBCA77C2B2AE63L);
        this.slowness = new SplittableRandom(seed * 0xA24BAED4963EE407L + 0x9FB21C651E98DF25L);
        // the topic grows on some seeds; then the producer refreshes its metadata often enough to see it
        boolean growing = growth.nextInt(GROWING_SEED_ONE_IN) == 0
                && world.has(World.GROWING_TOPICS)
                && (!mode.transactional() || world.has(World.GROWING_TRANSACTIONS));
        this.metadataMaxAgeMs = growing ? 200 + growth.nextInt(1_000) : 300_000;
        if (growing) {
            growTo = Simulation.PARTITIONS + 1 + growth.nextInt(3);
            trace.event("the topic will grow to " + growTo + " partitions; metadata.max.age.ms=" + metadataMaxAgeMs);
        }
        this.coordinator = new SimulatedCoordinatorFaults(seed, world, mode, random, trace);
    }

    /** The producer's metadata.max.age.ms: short on a seed whose topic grows, so it sees the new partitions. */
    long metadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    SimulatedCoordinatorFaults coordinator() {
        return coordinator;
    }

    /** Draws the faults that need the core and the model: crashes, the wall clock, producer expiry, min.insync.replicas. */
    void start(
            CoreUnderTest core,
            ModelCluster model,
            SimulatedBrokers brokers,
            int deliveryTimeoutMs,
            int requestTimeoutMs) {
        this.core = core;
        this.model = model;
        this.replication = model.replication();
        this.brokers = brokers;
        coordinator.start(core, model);
        crashing = brokerFaults.nextInt(CRASHING_SEED_ONE_IN) == 0 && world.has(World.CRASHES);
        jumping = wallClock.nextBoolean() && world.has(World.CLOCK_JUMPS);
        if (world.has(World.PRODUCER_EXPIRY) && expiry.nextInt(EXPIRING_SEED_ONE_IN) == 0) {
            // longer than any batch can be written again (retried, or a stale request applied late),
            // since then even Kafka appends it a second time: ModelProducerExpiryConformanceIT
            expirationMs = deliveryTimeoutMs + 3L * requestTimeoutMs + 500 + expiry.nextInt(2_000);
            // a wall clock behind the brokers' would age the records past the expiration at once
            jumping = false;
            trace.event("producer.id.expiration.ms=" + expirationMs);
        }
        wallStartOffsetMs = world.has(World.CLOCK_JUMPS) ? 1_700_000_000_000L : 0;
        wallOffsetMs = wallStartOffsetMs;
        model.brokerClock(() -> core.clock.getAsLong() + wallStartOffsetMs);
        if (world.has(World.UNDER_MIN_ISR) && isrFaults.nextInt(STRICT_MIN_ISR_ONE_IN) == 0) {
            trace.event("min.insync.replicas=" + ScriptedNetwork.BROKERS);
            model.minInsyncReplicas(ScriptedNetwork.BROKERS);
        }
        if (world.has(World.SLOW_BROKER) && slowness.nextInt(SLOW_SEED_ONE_IN) == 0) {
            slowNode = slowness.nextInt(ScriptedNetwork.BROKERS);
            slowFromMs = core.clock.getAsLong() + slowness.nextInt(3_000);
            slowUntilMs = slowFromMs + 500 + slowness.nextInt(5_000);
            slowMostMs = 30 + slowness.nextInt(2 * requestTimeoutMs);
            trace.event("broker " + slowNode + " is slow from t=" + slowFromMs + " until t=" + slowUntilMs
                    + ": each answer up to " + slowMostMs + " ms later");
            brokers.slowAnswers(this::slowAnswerMs);
        }
    }

    /**
     * A broker turned slow (a saturated disk or network, long GC pauses) while the others stay fast:
     * each answer of a request that reaches it meanwhile comes 10 ms to {@link #slowMostMs} later.
     */
    private long slowAnswerMs(long node, long now) {
        if (node != slowNode || now < slowFromMs || now >= slowUntilMs) {
            return 0;
        }
        return 10 + slowness.nextInt(slowMostMs);
    }

    /** The brokers' producer.id.expiration.ms on this seed; 0 if they forget no producer. */
    long expirationMs() {
        return expirationMs;
    }

    /** The user's transactions, whose coordinator the faults move and time out. */
    void transactions(SimulatedTransactions user) {
        coordinator.transactions(user);
    }

    /** When, between the first send and {@code sendUntil}, the topic grows (on a seed where it does). */
    void scheduleGrowth(long start, long sendUntil) {
        growAtMs = start + growth.nextInt((int) (sendUntil - start) + 1);
    }

    /**
     * Whether the topic grows on this seed: then the producer chooses the idempotent user's
     * partitions, and a transactional user writes to every partition the producer knows.
     */
    boolean topicGrows() {
        return growTo > Simulation.PARTITIONS;
    }

    /** The key of a record sent while the topic grows: half of them have one, drawn with the growth. */
    byte[] keyOnGrowingTopic() {
        return growth.nextBoolean() ? ("key-" + growth.nextInt(10)).getBytes(StandardCharsets.UTF_8) : null;
    }

    /** The topic's partition count as the brokers have it (the producer learns of new ones at its next refresh). */
    int partitionCount() {
        return model.partitionCount();
    }

    /** The wall clock at virtual time {@code now}: the timestamp a record sent then gets. */
    long wallClockMs(long now) {
        return now + wallOffsetMs;
    }

    /** The topic gains partitions when its time comes (CreatePartitions): the brokers' metadata names them at once, the producer at its next refresh. */
    void maybeGrow(long now) {
        if (now < growAtMs || model.partitionCount() >= growTo) {
            return;
        }
        int from = model.partitionCount();
        model.addPartitions(growTo);
        core.network.addPartitions(CoreUnderTest.TOPIC, growTo);
        for (int p = from; p < growTo; p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            core.network.moveLeader(partition, replication.leader(partition));
        }
        trace.event(CoreUnderTest.TOPIC + " grows from " + from + " to " + growTo + " partitions");
    }

    /** One I/O round's faults, in the order the worlds added them. */
    void round(double faultRate) {
        maybeFault(faultRate);
        replicate();
        maybeFallBehind();
        maybeExpireProducers();
        maybeJumpWallClock();
        coordinator.round();
    }

    private void maybeFault(double faultRate) {
        if (random.nextDouble() >= faultRate / 10) {
            return;
        }
        if (coordinator.transactional() && random.nextInt(4) == 0) {
            coordinator.fault(downNode);
        } else if (random.nextBoolean()) {
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            trace.event("connection to broker " + node + " reset");
            core.network.dropConnection(node);
        } else {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(Simulation.PARTITIONS));
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            int from = replication.leader(partition);
            int cut = replication.truncated().size();
            if (replication.moveLeader(partition, node)) {
                trace.event("leader of " + partition + " moves from " + from + " to " + node + cutNote(cut));
                core.network.moveLeader(partition, node);
            } else {
                trace.event("leader of " + partition + " stays on " + from + ": broker " + node
                        + " is not a live in-sync replica");
            }
        }
    }

    /** For the trace: the entries a leader change cut, those after the first {@code before} of the model's list. */
    private String cutNote(int before) {
        List<ModelReplication.Truncated> cut = replication.truncated();
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

    /**
     * The followers fetch, a crashed broker comes back when its time is up, and on a crashing seed a
     * broker may crash: it refuses connections until it restarts, what it had in flight is lost
     * with its connections, and each partition it led moves to a live in-sync replica.
     */
    private void replicate() {
        for (int p = 0; p < model.partitionCount(); p++) {
            for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
                if (brokerFaults.nextInt(FETCH_ONE_IN_ROUNDS) == 0) {
                    replication.fetch(new TopicPartition(CoreUnderTest.TOPIC, p), node);
                }
            }
        }
        long now = core.clock.getAsLong();
        if (downNode >= 0) {
            if (now >= restartAtMs) {
                trace.event("broker " + downNode + " restarts");
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
        trace.event("broker " + node + " crashes until t=" + restartAtMs);
        core.network.unreachable(node, true);
        core.network.dropConnection(node);
        brokers.loseRequestsTo(node);
        int cut = replication.truncated().size();
        for (TopicPartition moved : replication.crash(node)) {
            trace.event("leader of " + moved + " moves to " + replication.leader(moved) + ", ISR "
                    + replication.isr(moved));
            core.network.moveLeader(moved, replication.leader(moved));
        }
        if (replication.truncated().size() > cut) {
            trace.event(cutNote(cut).trim());
        }
        coordinator.crashed(node);
    }

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
                replication.catchUp(laggingPartition, laggingNode);
                trace.event("follower " + laggingNode + " of " + laggingPartition + " catches up, ISR "
                        + replication.isr(laggingPartition));
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
        if (replication.fallBehind(partition, node)) {
            laggingNode = node;
            laggingPartition = partition;
            catchUpAtMs = until;
            trace.event("follower " + node + " of " + partition + " falls out of the ISR until t=" + until + ", ISR "
                    + replication.isr(partition));
        }
    }

    /** On an expiring seed, the brokers' periodic check forgets the producers idle longer than producer.id.expiration.ms. */
    private void maybeExpireProducers() {
        long now = core.clock.getAsLong();
        if (expirationMs == 0 || now < nextExpiryCheckMs) {
            return;
        }
        nextExpiryCheckMs = now + EXPIRY_CHECK_INTERVAL_MS;
        List<String> forgotten = model.expireProducers(now + wallStartOffsetMs, expirationMs);
        if (!forgotten.isEmpty()) {
            trace.event("brokers forget producer state " + forgotten);
        }
    }

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
        trace.event("wall clock jumps by " + (offset - wallOffsetMs) + " ms");
        wallOffsetMs = offset;
    }
}
