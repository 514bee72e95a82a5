package dev.ferry.producer.internal.sender;

import dev.ferry.producer.Cluster;
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

    private final double refusedRate;
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

    int sentCount() {
        return sent.size();
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

    /** The next record, to a partition of the topic the seed picks or, while the topic grows, the producer chooses. */
    Sent send(long now) {
        Sent record = faults.topicGrows()
                ? sendPartitioned(sent.size(), now)
                : send(
                        sent.size(),
                        now,
                        new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(Simulation.PARTITIONS)));
        sent.add(record);
        return record;
    }

    /** The next record, to {@code partition}. */
    Sent send(long now, TopicPartition partition) {
        Sent record = send(sent.size(), now, partition);
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

    private Sent send(int id, long now, TopicPartition partition) {
        drawRefusal(id);
        byte[] value = ByteBuffer.allocate(4).putInt(id).array();
        long timestamp = timestamp(id, now);
        return track(id, now, core.accumulator.append(partition, timestamp, null, value, NO_HEADERS, null, 0, now));
    }

    /**
     * A record whose partition the producer chooses, as FerryProducer.send() does: half of them with
     * a key (murmur2 of the key modulo the partition count the producer knows, held against
     * kafka-clients' Utils), the others sticky.
     */
    private Sent sendPartitioned(int id, long now) {
        drawRefusal(id);
        byte[] key = faults.keyOnGrowingTopic();
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
            trace.violation("record " + id + " with key " + new String(key, StandardCharsets.UTF_8)
                    + " went to partition " + partition + ", not murmur2 modulo the " + known
                    + " partitions the producer knew");
        }
        int partitions = faults.partitionCount();
        if (partition >= partitions || known > partitions) {
            trace.violation("record " + id + " went to partition " + partition + " of " + known
                    + " the producer knew; the topic has " + partitions);
        }
        return track(id, now, future);
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
