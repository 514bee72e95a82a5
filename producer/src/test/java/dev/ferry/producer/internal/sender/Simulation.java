package dev.ferry.producer.internal.sender;

import dev.ferry.producer.Acks;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import dev.ferry.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One seed of the deterministic simulation: the real producer core (accumulator, sender,
 * idempotence) on one thread and virtual time, its network a {@link ScriptedNetwork} whose brokers
 * are a {@link ModelCluster}, every choice (send times, partitions, settings, faults, the core's
 * jitter and sticky picks) drawn from the seed. The brokers' faults: a request lost, a response
 * lost, an answer delayed (sometimes past request.timeout.ms), a request applied only after the
 * client gave up on it (stale), a connection reset, a leader move.
 *
 * <p>After the run the model's logs are held against what the client was told: with idempotence
 * every acknowledged record is in its partition's log exactly once, at its acknowledged offset; each
 * partition's log holds the records in send order; every future completed within delivery.timeout.ms
 * of its send; the buffer pool got all its memory back; nothing is left in flight.
 */
final class Simulation {
    static final int PARTITIONS = 3;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** Virtual time moves 1 to this many ms between I/O-thread rounds; a deadline is seen at most this late. */
    private static final int MAX_STEP_MS = 20;

    /** Deliberate misbehaviour the simulator must catch; NONE for the real thing. */
    enum InjectedBug { NONE, BROKER_FORGETS_DUPLICATES }

    /** What one seed did: its event trace and the invariants it broke (none when the core held). */
    record Outcome(long seed, InjectedBug bug, List<String> trace, List<String> violations) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    /** A request the brokers received and what they will do with it. */
    private record Pending(ScriptedNetwork.Exchange exchange, Fate fate, long dueMs, ApiMessage response) {
    }

    private enum Fate { ANSWER, LOSE_REQUEST, LOSE_RESPONSE, STALE }

    private final long seed;
    private final SplittableRandom random;
    private final InjectedBug bug;
    private final List<String> trace = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<ScriptedNetwork.Exchange> seen = new HashSet<>();
    private CoreUnderTest core;
    private ModelCluster model;

    private Simulation(long seed, InjectedBug bug) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.bug = bug;
    }

    static Outcome run(long seed, InjectedBug bug) {
        return new Simulation(seed, bug).run();
    }

    private Outcome run() {
        int records = 20 + random.nextInt(80);
        int requestTimeoutMs = 1_000 + random.nextInt(2_000);
        long lingerMs = random.nextInt(3) * 5L;
        int deliveryTimeoutMs = (int) (lingerMs + requestTimeoutMs) * (2 + random.nextInt(4));
        int maxInFlight = 1 + random.nextInt(5);
        int batchSize = 64 + random.nextInt(512);
        double faultRate = random.nextDouble() * 0.3;
        event("settings records=" + records + " request.timeout.ms=" + requestTimeoutMs + " linger.ms=" + lingerMs
                + " delivery.timeout.ms=" + deliveryTimeoutMs + " max.in.flight=" + maxInFlight + " batch.size=" + batchSize
                + " faults=" + String.format("%.3f", faultRate));
        core = new CoreUnderTest(b -> b.enableIdempotence(true).acks(Acks.ALL).requestTimeoutMs(requestTimeoutMs)
                .lingerMs(lingerMs).deliveryTimeoutMs(deliveryTimeoutMs).maxInFlightRequestsPerConnection(maxInFlight)
                .batchSize(batchSize).retryBackoffMs(50).retryBackoffMaxMs(1_000), random.nextLong());
        model = new ModelCluster(CoreUnderTest.TOPIC, PARTITIONS, ScriptedNetwork.BROKERS, bug == InjectedBug.BROKER_FORGETS_DUPLICATES);
        List<Sent> sent = new ArrayList<>();
        try {
            core.knowTopic();
            long start = core.clock.getAsLong();
            long sendUntil = start + random.nextInt(2_000);
            long endMs = sendUntil + deliveryTimeoutMs + requestTimeoutMs * 2L;
            while (core.clock.getAsLong() < endMs) {
                long now = core.clock.getAsLong();
                while (sent.size() < records && (now >= sendUntil || random.nextInt(4) == 0)) {
                    sent.add(send(sent.size(), now));
                }
                if (sent.size() == records && sent.stream().allMatch(s -> s.future.isDone()) && core.network.unanswered() == 0
                        && pending.isEmpty()) {
                    break;
                }
                maybeFault(faultRate);
                broker(faultRate, requestTimeoutMs);
                core.runOnce();
                core.clock.advance(1 + random.nextInt(MAX_STEP_MS));
            }
            check(sent, deliveryTimeoutMs);
        } catch (AssertionError | RuntimeException e) {
            violation("the core threw " + e);
        }
        return new Outcome(seed, bug, List.copyOf(trace), List.copyOf(violations));
    }

    /** A record, its future and the virtual time it completed at (-1 while it has not). */
    private static final class Sent {
        final int id;
        final TopicPartition partition;
        final long sentMs;
        final RecordFuture future;
        long completedMs = -1;

        Sent(int id, TopicPartition partition, long sentMs, RecordFuture future) {
            this.id = id;
            this.partition = partition;
            this.sentMs = sentMs;
            this.future = future;
        }
    }

    private Sent send(int id, long now) {
        TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(PARTITIONS));
        byte[] value = ByteBuffer.allocate(4).putInt(id).array();
        RecordFuture future = core.accumulator.append(partition, now, null, value, NO_HEADERS, null, 0, now);
        Sent record = new Sent(id, partition, now, future);
        future.whenComplete((metadata, error) -> {
            record.completedMs = core.clock.getAsLong();
            event("record " + id + " " + (error == null ? "acknowledged at " + partition + "@" + metadata.offset() : "failed: " + error));
        });
        event("send record " + id + " to " + partition);
        return record;
    }

    private void maybeFault(double faultRate) {
        if (random.nextDouble() >= faultRate / 10) {
            return;
        }
        if (random.nextBoolean()) {
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            event("connection to broker " + node + " reset");
            core.network.dropConnection(node);
        } else {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, random.nextInt(PARTITIONS));
            int node = random.nextInt(ScriptedNetwork.BROKERS);
            event("leader of " + partition + " moves from " + model.leader(partition) + " to " + node);
            model.moveLeader(partition, node);
            core.network.moveLeader(partition, node);
        }
    }

    /**
     * The brokers take the requests that arrived: an answered or response-lost request is applied to
     * the model at once; a stale one only after the client's request.timeout.ms; a lost one never.
     * Then the answers that are due travel back, if their connection still stands.
     */
    private void broker(double faultRate, int requestTimeoutMs) {
        long now = core.clock.getAsLong();
        for (ApiKeys key : List.of(ApiKeys.INIT_PRODUCER_ID, ApiKeys.PRODUCE)) {
            for (ScriptedNetwork.Exchange exchange : core.network.received(key)) {
                if (seen.add(exchange)) {
                    arrive(exchange, fate(faultRate), now, requestTimeoutMs);
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
                event("stale " + exchange.apiKey() + " #" + exchange.header.correlationId() + " reaches broker " + exchange.node);
                answer(exchange);
            } else if (core.network.isWaiting(exchange)) {
                core.network.respond(exchange, due.response());
            }
        }
    }

    private void arrive(ScriptedNetwork.Exchange exchange, Fate fate, long now, int requestTimeoutMs) {
        long dueMs = switch (fate) {
            case ANSWER -> now + (random.nextInt(8) == 0 ? requestTimeoutMs + random.nextInt(requestTimeoutMs) : random.nextInt(30));
            case STALE -> exchange.sentMs + requestTimeoutMs + random.nextInt(2 * requestTimeoutMs);
            case LOSE_REQUEST, LOSE_RESPONSE -> now;
        };
        event(exchange.apiKey() + " #" + exchange.header.correlationId() + " to broker " + exchange.node + ": " + fate
                + " t+" + (dueMs - now));
        switch (fate) {
            case ANSWER -> pending.add(new Pending(exchange, fate, dueMs, answer(exchange)));
            case LOSE_RESPONSE -> answer(exchange);
            case STALE -> pending.add(new Pending(exchange, fate, dueMs, null));
            case LOSE_REQUEST -> { }
        }
    }

    private Fate fate(double faultRate) {
        if (random.nextDouble() >= faultRate) {
            return Fate.ANSWER;
        }
        return Fate.values()[1 + random.nextInt(Fate.values().length - 1)];
    }

    private ApiMessage answer(ScriptedNetwork.Exchange exchange) {
        if (exchange.apiKey() == ApiKeys.INIT_PRODUCER_ID) {
            var response = model.initProducerId((InitProducerIdRequestData) exchange.request);
            event("  producer id " + response.producerId() + " epoch " + response.producerEpoch() + " " + response.errorCode());
            return response;
        }
        Map<TopicPartition, RecordBatch> batches = core.network.batches(exchange);
        var response = model.produce(exchange.node, (ProduceRequestData) exchange.request, batches);
        var results = response.responses().stream().flatMap(t -> t.partitionResponses().stream()).iterator();
        for (var batch : batches.entrySet()) {
            var result = results.next();
            event("  " + batch.getKey() + " pid " + batch.getValue().producerId() + " epoch " + batch.getValue().producerEpoch()
                    + " seq " + batch.getValue().baseSequence() + ".." + batch.getValue().lastSequence() + " -> "
                    + Errors.forCode(result.errorCode()) + " @" + result.baseOffset());
        }
        return response;
    }

    private void check(List<Sent> sent, int deliveryTimeoutMs) {
        Map<Integer, Integer> copies = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            List<Integer> ids = new ArrayList<>();
            for (ModelCluster.Entry entry : model.log(partition)) {
                copies.merge(entry.recordId(), 1, Integer::sum);
                ids.add(entry.recordId());
            }
            for (int i = 1; i < ids.size(); i++) {
                if (ids.get(i) <= ids.get(i - 1)) {
                    violation(partition + " holds record " + ids.get(i) + " after record " + ids.get(i - 1) + ": not in send order");
                }
            }
        }
        for (Sent record : sent) {
            if (!record.future.isDone()) {
                violation("record " + record.id + " sent at t=" + record.sentMs + " never completed");
                continue;
            }
            if (record.completedMs - record.sentMs > deliveryTimeoutMs + MAX_STEP_MS) {
                violation("record " + record.id + " completed " + (record.completedMs - record.sentMs)
                        + " ms after its send, beyond delivery.timeout.ms " + deliveryTimeoutMs);
            }
            if (record.future.isCompletedExceptionally()) {
                continue;
            }
            RecordMetadata metadata = record.future.join();
            List<ModelCluster.Entry> log = model.log(record.partition);
            if (metadata.offset() < 0 || metadata.offset() >= log.size() || log.get((int) metadata.offset()).recordId() != record.id) {
                violation("record " + record.id + " acknowledged at " + record.partition + "@" + metadata.offset()
                        + " but the log holds " + (metadata.offset() >= 0 && metadata.offset() < log.size()
                        ? "record " + log.get((int) metadata.offset()).recordId() : "nothing") + " there");
            }
            if (copies.getOrDefault(record.id, 0) != 1) {
                violation("acknowledged record " + record.id + " is in the log " + copies.getOrDefault(record.id, 0) + " times");
            }
        }
        if (core.pool.availableMemory() != core.config.bufferMemory()) {
            violation("buffer pool holds " + core.pool.availableMemory() + " of " + core.config.bufferMemory() + " bytes after the run");
        }
        if (core.sender.batchesInFlight() != 0 || core.accumulator.hasIncomplete()) {
            violation("batches left over: " + core.sender.batchesInFlight() + " in flight, incomplete=" + core.accumulator.hasIncomplete());
        }
    }

    private void event(String what) {
        trace.add("t=" + (core == null ? 0 : core.clock.getAsLong()) + " " + what);
    }

    private void violation(String what) {
        violations.add(what);
        event("VIOLATION " + what);
    }
}
