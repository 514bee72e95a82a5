package dev.ferry.producer.internal.sender;

import dev.ferry.producer.Cluster;
import dev.ferry.producer.TimeoutException;
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
import org.apache.kafka.common.utils.Utils;

/**
 * The application's calls on the core, as FerryProducer makes them: send() (each record's value is
 * its id, its timestamp the simulated wall clock), flush() and close(), and when each returned. On
 * one seed in four a few records are ones the brokers refuse (INVALID_RECORD, as a compacted topic
 * refuses a null key) on every attempt; that draw has a stream of its own, so the other seeds take
 * the paths they took before. A transactional user ({@link SimulatedTransactions}) sends through
 * this one too.
 *
 * <p>Under buffer pressure ({@link Simulation.World#BUFFER_PRESSURE}) buffer.memory holds a few
 * batches, and a send that finds the pool full blocks the user, as FerryProducer.send() blocks its
 * caller: the simulation has one thread, so the user tries the append again every round with no
 * time to block in the pool, while virtual time goes on and memory comes back; once max.block.ms of
 * virtual time is spent the last try's TimeoutException from the pool is the send's answer. The
 * user sends nothing else meanwhile. The pool's own blocking across threads is BufferPoolTest's.
 */
final class SimulatedUser {
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    /** Share of seeds with records the brokers refuse, and of records refused on such a seed. */
    private static final int REFUSING_SEED_ONE_IN = 4;

    private static final double REFUSED_RECORD_RATE = 0.05;

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

    private final CoreUnderTest core;
    private final SimulationTrace trace;
    private final SimulatedFaults faults;
    /** The seed's main stream, shared with the rest of the run: the records' partitions draw from it. */
    private final SplittableRandom random;
    /** Draws which records the brokers refuse, apart from the main stream so the seeds without refusals keep their paths. */
    private final SplittableRandom refusals;

    /**
     * A send() call: what FerryProducer.send() settled before its append (the partition, or
     * {@link PartitionChooser#STICKY}, and the partition count it knew), and when the call began.
     */
    private record SendCall(int id, int partition, int known, byte[] key, long timestamp, long sendMs) {}

    private final double refusedRate;
    /** max.block.ms on a seed under buffer pressure; -1 otherwise (the pool never fills). */
    private long maxBlockMs = -1;
    /** The send that waits for buffer memory; null while none does. */
    private SendCall blocked;
    /** Ids of the records the pool refused once max.block.ms was spent. */
    private final List<Integer> refusedByPool = new ArrayList<>();
    /** The next record's id: records accepted and refused alike take one. */
    private int nextId;

    private final PartitionChooser chooser = new PartitionChooser(null, false);
    private final List<Sent> sent = new ArrayList<>();
    private final Set<Integer> refused = new HashSet<>();
    /** The timestamp each record was sent with, by record id. */
    private final Map<Integer, Long> timestamps = new HashMap<>();

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

    SimulatedUser(
            long seed, CoreUnderTest core, SimulationTrace trace, SimulatedFaults faults, SplittableRandom random) {
        this.core = core;
        this.trace = trace;
        this.faults = faults;
        this.random = random;
        this.refusals = new SplittableRandom(~seed);
        this.refusedRate = refusals.nextInt(REFUSING_SEED_ONE_IN) == 0 ? REFUSED_RECORD_RATE : 0;
    }

    /** A seed under buffer pressure: a send that finds the pool full waits up to {@code maxBlockMs} of virtual time. */
    void waitsForMemory(long maxBlockMs) {
        this.maxBlockMs = maxBlockMs;
    }

    /** Whether the user's send() waits for buffer memory: the user sends nothing else until it returns. */
    boolean blocked() {
        return blocked != null;
    }

    /** Records whose send() returned: accepted or refused for want of buffer memory. */
    int triedCount() {
        return sent.size() + refusedByPool.size();
    }

    /** Ids of the records the pool refused after max.block.ms. */
    List<Integer> refusedByPool() {
        return refusedByPool;
    }

    /** Whether the brokers refuse the record {@code id} (on every attempt). */
    boolean refuses(int id) {
        return refused.contains(id);
    }

    /** The timestamp the record {@code id} was sent with. */
    long timestamp(int id) {
        return timestamps.get(id);
    }

    List<Sent> sent() {
        return sent;
    }

    boolean allCompleted() {
        return sent.stream().allMatch(s -> s.future.isDone());
    }

    boolean closeCalled() {
        return closeCalledMs >= 0;
    }

    boolean flushCalled() {
        return flushCalledMs >= 0;
    }

    long closeReturnedMs() {
        return closeReturnedMs;
    }

    SimulationInvariants.UserCalls calls() {
        return new SimulationInvariants.UserCalls(
                flushCalledMs, flushReturnedMs, closeCalledMs, closeReturnedMs, closeWaitsForTransaction);
    }

    /**
     * The next record, to a partition of the topic the seed picks or, while the topic grows, the
     * producer chooses; under buffer pressure the send may wait ({@link #blocked}) or be refused.
     */
    void send(long now) {
        int id = nextId++;
        if (faults.topicGrows()) {
            drawRefusal(id);
            byte[] key = faults.keyOnGrowingTopic();
            Cluster cluster = core.metadata.cluster();
            int known = cluster.partitionsForTopic(CoreUnderTest.TOPIC).size();
            int chosen = chooser.choose(CoreUnderTest.TOPIC, null, key, key, null, value(id), cluster);
            append(new SendCall(id, chosen, known, key, timestamp(id, now), now), now);
        } else {
            int partition = random.nextInt(Simulation.PARTITIONS);
            drawRefusal(id);
            append(new SendCall(id, partition, Simulation.PARTITIONS, null, timestamp(id, now), now), now);
        }
    }

    /** The waiting send tries its append again: memory may have come back, or max.block.ms is spent. */
    void retryBlocked(long now) {
        append(blocked, now);
    }

    /** The next record, to {@code partition} (a transactional user's: its seeds have the default buffer.memory). */
    Sent send(long now, TopicPartition partition) {
        int id = nextId++;
        drawRefusal(id);
        Sent record = track(
                id, now, core.accumulator.append(partition, timestamp(id, now), null, value(id), NO_HEADERS, null, 0));
        sent.add(record);
        return record;
    }

    /** The user's flush(): what FerryProducer.flush() waits for. */
    void flush() {
        flushCalledMs = core.clock.getAsLong();
        flushCovers = sent.size();
        trace.event("user calls flush");
        core.accumulator.beginFlush().whenComplete((ignored, error) -> {
            flushReturnedMs = core.clock.getAsLong();
            trace.event("flush returned");
            List<Integer> incomplete = incomplete(sent.subList(0, flushCovers));
            if (!incomplete.isEmpty()) {
                trace.violation("flush returned at t=" + flushReturnedMs + " before records sent before it completed: "
                        + incomplete);
            }
        });
    }

    /** The user's close(): FerryProducer.close() with no timeout; its I/O thread then runs until {@link Sender#stopped()}. */
    void close() {
        closeCalledMs = core.clock.getAsLong();
        trace.event("user calls close");
        core.sender.initiateClose();
        core.pool.close();
    }

    /** close() with the user's transaction open (its commit or abort waiting, or one it leaves open): close waits for its end. */
    void closeInTransaction() {
        closeWaitsForTransaction = true;
        close();
    }

    /** Whether the I/O thread's rounds ended after close(); when they just did, every record must be complete. */
    boolean closeReturned() {
        if (closeCalledMs < 0 || !core.sender.stopped()) {
            return false;
        }
        if (closeReturnedMs < 0) {
            closeReturnedMs = core.clock.getAsLong();
            trace.event("close returned");
            List<Integer> incomplete = incomplete(sent);
            if (!incomplete.isEmpty()) {
                trace.violation("close returned at t=" + closeReturnedMs + " before records completed: " + incomplete);
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

    /**
     * The append FerryProducer.send() makes once it settled the record: with no time to block in the
     * pool (one thread), so a full pool answers at once; under buffer pressure the user then waits,
     * and once max.block.ms is spent that answer, the pool's TimeoutException, is the send's.
     */
    private void append(SendCall record, long now) {
        RecordFuture future;
        try {
            future = record.partition() == PartitionChooser.STICKY
                    ? core.accumulator.appendSticky(
                            core.unkeyed.forTopic(CoreUnderTest.TOPIC),
                            core.metadata.cluster(),
                            record.timestamp(),
                            record.key(),
                            value(record.id()),
                            NO_HEADERS,
                            null,
                            0)
                    : core.accumulator.append(
                            new TopicPartition(CoreUnderTest.TOPIC, record.partition()),
                            record.timestamp(),
                            record.key(),
                            value(record.id()),
                            NO_HEADERS,
                            null,
                            0);
        } catch (TimeoutException full) {
            if (maxBlockMs < 0) {
                throw full;
            }
            if (now - record.sendMs() < maxBlockMs) {
                if (blocked == null) {
                    trace.event("send of record " + record.id() + " waits for buffer memory: " + full.getMessage());
                }
                blocked = record;
                return;
            }
            blocked = null;
            refusedByPool.add(record.id());
            trace.event("record " + record.id() + " refused after " + (now - record.sendMs()) + " ms: "
                    + full.getMessage());
            if (!full.getMessage().contains("buffer full")) {
                trace.violation("record " + record.id() + " was refused with " + full + ", not for a full buffer");
            }
            return;
        }
        if (blocked != null) {
            trace.event(
                    "send of record " + record.id() + " got buffer memory after " + (now - record.sendMs()) + " ms");
        }
        blocked = null;
        if (faults.topicGrows()) {
            checkPartition(record, future.partition().partition());
        }
        sent.add(track(record.id(), now, future));
    }

    /**
     * The partition of a record the producer chose, as FerryProducer.send() does: half of them with
     * a key (murmur2 of the key modulo the partition count the producer knows, held against
     * kafka-clients' Utils), the others sticky.
     */
    private void checkPartition(SendCall record, int partition) {
        byte[] key = record.key();
        int known = record.known();
        if (key != null && partition != Utils.toPositive(Utils.murmur2(key)) % known) {
            trace.violation("record " + record.id() + " with key " + new String(key, StandardCharsets.UTF_8)
                    + " went to partition " + partition + ", not murmur2 modulo the " + known
                    + " partitions the producer knew");
        }
        int partitions = faults.partitionCount();
        if (partition >= partitions || known > partitions) {
            trace.violation("record " + record.id() + " went to partition " + partition + " of " + known
                    + " the producer knew; the topic has " + partitions);
        }
    }

    private static byte[] value(int id) {
        return ByteBuffer.allocate(4).putInt(id).array();
    }

    /** The record's timestamp: the wall clock at its send. */
    private long timestamp(int id, long now) {
        long timestamp = faults.wallClockMs(now);
        timestamps.put(id, timestamp);
        return timestamp;
    }

    private void drawRefusal(int id) {
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
            trace.event("record " + id + " "
                    + (error == null ? "acknowledged at " + partition + "@" + metadata.offset() : "failed: " + error));
        });
        trace.event(
                "send record " + id + " to " + partition + (refused.contains(id) ? " (the brokers refuse it)" : ""));
        return record;
    }
}
