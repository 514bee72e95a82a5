package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.Simulation.World;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongBinaryOperator;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The brokers' side of the core's {@link ScriptedNetwork}: the requests the core sent reach the
 * {@link ModelCluster}, each with a fate drawn from the seed's main stream (answered after a delay,
 * sometimes past request.timeout.ms; the request lost; the response lost; applied only after the
 * client gave up on it), and their answers travel back while their connection stands. On a
 * throttling seed ({@link World#THROTTLING}, its own stream) a third of the Produce answers carry
 * throttle_time_ms, and the core must send that broker no Produce meanwhile; on a seed that
 * throttles every answer ({@link World#THROTTLING_ALL}, another stream of its own) a third of the
 * answers of every kind, Metadata's included, carry one, and no request of any kind but ApiVersions
 * may reach that broker meanwhile. From
 * {@link World#STALE_METADATA} on, Metadata requests too reach the brokers, with fates of their own
 * stream, and are answered from the answering broker's {@link LaggingMetadata} view; from
 * {@link World#SLOW_BROKER} on, the answers of a broker that turned slow come later
 * ({@link SimulatedFaults}).
 */
final class SimulatedBrokers {
    /** The requests the model answers (ApiVersions answers itself, as Metadata does before {@link World#STALE_METADATA}). */
    private static final List<ApiKeys> BROKER_KEYS = List.of(
            ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.PRODUCE,
            ApiKeys.FIND_COORDINATOR,
            ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN,
            ApiKeys.TXN_OFFSET_COMMIT,
            ApiKeys.END_TXN);

    /** Share of seeds whose brokers throttle a third of their Produce answers, for up to this long. */
    private static final int THROTTLING_SEED_ONE_IN = 3;

    private static final int MAX_THROTTLE_MS = 300;

    /** The requests a throttle holds back on a seed that throttles every answer: all the core sends but ApiVersions. */
    private static final List<ApiKeys> THROTTLED_KEYS = List.of(
            ApiKeys.METADATA,
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

    /** A request the brokers received and what they will do with it. */
    private record Pending(ScriptedNetwork.Exchange exchange, Fate fate, long dueMs, ApiMessage response) {}

    private final SimulationTrace trace;
    /** The seed's main stream, shared with the rest of the run: the requests' fates draw from it. */
    private final SplittableRandom random;
    /** Draws which Produce answers carry a throttle time and how long, apart from the main stream. */
    private final SplittableRandom throttles;
    /** Whether the brokers throttle on this seed. */
    private final boolean throttling;
    /** Draws which answers of any kind carry a throttle time and how long, apart from the other streams. */
    private final SplittableRandom allThrottles;
    /** Whether the brokers throttle answers of every kind on this seed (then {@link #throttling} does not apply). */
    private final boolean throttlingAll;
    /** How many requests of each key are already held against the throttles (on a seed that throttles every answer). */
    private final Map<ApiKeys, Integer> checked = new EnumMap<>(ApiKeys.class);
    /** Whether the run is transactional: then only Produce requests go stale. */
    private final boolean transactional;

    private final CoreUnderTest core;
    private final ModelCluster model;
    private final SimulatedUser user;
    /** The throttle time of each Produce answer that carried one. */
    private final Map<ScriptedNetwork.Exchange, Integer> throttledAnswers = new HashMap<>();
    /** Produce requests answered INVALID_RECORD for some of their batches, and the ids of those batches' records. */
    private final Map<ScriptedNetwork.Exchange, List<Integer>> refusalsAnswered = new HashMap<>();

    /** The brokers' lagging views that answer Metadata; null while Metadata answers itself (the worlds before STALE_METADATA). */
    private LaggingMetadata metadata;
    /** How much later than it would otherwise an answer of broker (first operand) received at a time (second) comes. */
    private LongBinaryOperator slowAnswerMs = (node, now) -> 0;

    private final List<Pending> pending = new ArrayList<>();
    /** How many requests of each key the brokers have taken (or, for Metadata, left to answer themselves). */
    private final Map<ApiKeys, Integer> seen = new EnumMap<>(ApiKeys.class);

    SimulatedBrokers(
            long seed,
            World world,
            boolean transactional,
            SplittableRandom random,
            SimulationTrace trace,
            CoreUnderTest core,
            ModelCluster model,
            SimulatedUser user) {
        this.transactional = transactional;
        this.random = random;
        this.trace = trace;
        this.core = core;
        this.model = model;
        this.user = user;
        this.throttles = new SplittableRandom(seed * 0x589965CC75374CC3L + 0x1D8E4E27C47D124FL);
        this.allThrottles = new SplittableRandom(seed * 0x4F1BBCDCBFA53E0BL + 0x3C6EF372FE94F82AL);
        this.throttlingAll = allThrottles.nextInt(THROTTLING_SEED_ONE_IN) == 0 && world.has(World.THROTTLING_ALL);
        this.throttling =
                throttles.nextInt(THROTTLING_SEED_ONE_IN) == 0 && world.has(World.THROTTLING) && !throttlingAll;
    }

    /** Whether no request is on its way through the brokers (received and not yet answered or applied). */
    boolean idle() {
        return pending.isEmpty();
    }

    /** Produce requests answered INVALID_RECORD for some of their batches, and the ids of those batches' records. */
    Map<ScriptedNetwork.Exchange, List<Integer>> refusalsAnswered() {
        return refusalsAnswered;
    }

    /** From now on the brokers answer Metadata, each from its view in {@code views}, with fates like other requests'. */
    void answerMetadata(LaggingMetadata views) {
        metadata = views;
        seen.put(ApiKeys.METADATA, core.network.received(ApiKeys.METADATA).size());
        core.network.metadataFromBrokers();
    }

    /** Answers come later by {@code delay} (of the broker and the time the request reached it). */
    void slowAnswers(LongBinaryOperator delay) {
        slowAnswerMs = delay;
    }

    /** The broker {@code node} crashed: what it had received and not yet answered is lost. */
    void loseRequestsTo(int node) {
        pending.removeIf(lost -> lost.exchange().node == node);
    }

    /**
     * The brokers take the requests that arrived: an answered or response-lost request is applied to
     * the model at once; a stale one only after the client's request.timeout.ms; a lost one never.
     * Then the answers that are due travel back, if their connection still stands.
     */
    void round(double faultRate, int requestTimeoutMs) {
        long now = core.clock.getAsLong();
        if (metadata != null) {
            metadata.learn(now);
        }
        if (throttlingAll) {
            for (ApiKeys key : THROTTLED_KEYS) {
                for (ScriptedNetwork.Exchange exchange : arrivedSince(checked, key)) {
                    checkThrottle(exchange);
                }
            }
        }
        for (ApiKeys key : BROKER_KEYS) {
            for (ScriptedNetwork.Exchange exchange : arrivedSince(seen, key)) {
                if (key == ApiKeys.PRODUCE) {
                    if (!throttlingAll) {
                        checkThrottle(exchange);
                    }
                    if (metadata != null) {
                        metadata.sent(exchange, core.network.batches(exchange).keySet());
                    }
                }
                Fate fate = fate(random, faultRate);
                if (fate == Fate.STALE && transactional && key != ApiKeys.PRODUCE) {
                    // a coordinator request applied after the client gave up and moved on can end
                    // or fence a later transaction of the same epoch on the 3.x protocol: a hazard of
                    // the protocol, not of the client, so only Produce goes stale in transactional runs
                    fate = Fate.LOSE_RESPONSE;
                }
                arrive(exchange, fate, now, requestTimeoutMs, random);
            }
        }
        if (metadata != null) {
            for (ScriptedNetwork.Exchange exchange : arrivedSince(seen, ApiKeys.METADATA)) {
                arrive(exchange, fate(metadata.random(), faultRate), now, requestTimeoutMs, metadata.random());
            }
        }
        for (Pending due : List.copyOf(pending)) {
            if (due.dueMs() > now) {
                continue;
            }
            pending.remove(due);
            ScriptedNetwork.Exchange exchange = due.exchange();
            if (due.fate() == Fate.STALE) {
                trace.event("stale " + exchange.apiKey() + " #" + exchange.header.correlationId() + " reaches broker "
                        + exchange.node);
                answer(exchange);
            } else if (core.network.isWaiting(exchange)) {
                noteRefusals(exchange, due.response());
                core.network.respond(exchange, due.response());
            }
        }
    }

    /** The requests of {@code key} received since the last call with the same counts, which it moves on. */
    private List<ScriptedNetwork.Exchange> arrivedSince(Map<ApiKeys, Integer> taken, ApiKeys key) {
        List<ScriptedNetwork.Exchange> arrived = core.network.receivedFrom(key, taken.getOrDefault(key, 0));
        taken.merge(key, arrived.size(), Integer::sum);
        return arrived;
    }

    /** {@code draws}: the stream of the request's fate, which draws its delay too. */
    private void arrive(
            ScriptedNetwork.Exchange exchange, Fate fate, long now, int requestTimeoutMs, SplittableRandom draws) {
        long slowMs = fate == Fate.ANSWER ? slowAnswerMs.applyAsLong(exchange.node, now) : 0;
        long dueMs =
                switch (fate) {
                    case ANSWER ->
                        now
                                + slowMs
                                + (draws.nextInt(8) == 0
                                        ? requestTimeoutMs + draws.nextInt(requestTimeoutMs)
                                        : draws.nextInt(30));
                    case STALE -> exchange.sentMs + requestTimeoutMs + draws.nextInt(2 * requestTimeoutMs);
                    case LOSE_REQUEST, LOSE_RESPONSE -> now;
                };
        trace.event(exchange.apiKey() + " #" + exchange.header.correlationId() + " to broker " + exchange.node + ": "
                + fate + " t+" + (dueMs - now) + (slowMs > 0 ? " (slow broker: +" + slowMs + ")" : ""));
        if (exchange.apiKey() == ApiKeys.METADATA && fate != Fate.ANSWER) {
            // a read changes nothing: lost, its answer lost or given after the client gave up, it is never heard
            return;
        }
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

    private static Fate fate(SplittableRandom draws, double faultRate) {
        if (draws.nextDouble() >= faultRate) {
            return Fate.ANSWER;
        }
        return Fate.values()[1 + draws.nextInt(Fate.values().length - 1)];
    }

    private ApiMessage answer(ScriptedNetwork.Exchange exchange) {
        ApiMessage response = modelAnswer(exchange);
        if (throttlingAll && allThrottles.nextInt(3) == 0) {
            int throttleMs = 1 + allThrottles.nextInt(MAX_THROTTLE_MS);
            throttle(response, throttleMs);
            throttledAnswers.put(exchange, throttleMs);
            trace.event("  " + exchange.apiKey() + " answer throttle_time_ms " + throttleMs);
        }
        return response;
    }

    /** Sets the answer's throttle_time_ms: each kind of answer has its own field. */
    private static void throttle(ApiMessage response, int throttleMs) {
        if (response instanceof ProduceResponseData produce) {
            produce.setThrottleTimeMs(throttleMs);
        } else if (response instanceof MetadataResponseData metadataAnswer) {
            metadataAnswer.setThrottleTimeMs(throttleMs);
        } else if (response instanceof InitProducerIdResponseData init) {
            init.setThrottleTimeMs(throttleMs);
        } else if (response instanceof FindCoordinatorResponseData find) {
            find.setThrottleTimeMs(throttleMs);
        } else if (response instanceof AddPartitionsToTxnResponseData add) {
            add.setThrottleTimeMs(throttleMs);
        } else if (response instanceof AddOffsetsToTxnResponseData add) {
            add.setThrottleTimeMs(throttleMs);
        } else if (response instanceof TxnOffsetCommitResponseData commit) {
            commit.setThrottleTimeMs(throttleMs);
        } else if (response instanceof EndTxnResponseData end) {
            end.setThrottleTimeMs(throttleMs);
        } else {
            throw new AssertionError("no throttle for " + response.getClass().getSimpleName());
        }
    }

    private ApiMessage modelAnswer(ScriptedNetwork.Exchange exchange) {
        if (exchange.apiKey() == ApiKeys.METADATA) {
            return metadata.answer(exchange);
        }
        if (exchange.apiKey() != ApiKeys.PRODUCE && exchange.apiKey() != ApiKeys.INIT_PRODUCER_ID) {
            ApiMessage response = ModelAnswers.coordinatorAnswer(model, exchange, core.network);
            trace.event("  " + response);
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
            trace.event("  producer id " + response.producerId() + " epoch " + response.producerEpoch() + " "
                    + response.errorCode());
            return response;
        }
        Map<TopicPartition, RecordBatch> batches = core.network.batches(exchange);
        for (RecordBatch batch : batches.values()) {
            for (Record record : batch) {
                long sentWith = user.timestamp(ModelCluster.recordId(record));
                if (record.timestamp() != sentWith) {
                    trace.violation("record " + ModelCluster.recordId(record) + " reached broker " + exchange.node
                            + " with timestamp " + record.timestamp() + ", sent with " + sentWith);
                }
            }
        }
        var response = model.produce(exchange.node, (ProduceRequestData) exchange.request, exchange.version(), batches);
        if (throttling && throttles.nextInt(3) == 0) {
            int throttleMs = 1 + throttles.nextInt(MAX_THROTTLE_MS);
            response.setThrottleTimeMs(throttleMs);
            throttledAnswers.put(exchange, throttleMs);
            trace.event("  throttle_time_ms " + throttleMs);
        }
        var results = response.responses().stream()
                .flatMap(t -> t.partitionResponses().stream())
                .iterator();
        for (var batch : batches.entrySet()) {
            var result = results.next();
            trace.event("  " + batch.getKey() + " pid " + batch.getValue().producerId() + " epoch "
                    + batch.getValue().producerEpoch()
                    + " seq " + batch.getValue().baseSequence() + ".."
                    + batch.getValue().lastSequence() + " -> "
                    + Errors.forCode(result.errorCode()) + " @" + result.baseOffset());
        }
        return response;
    }

    /**
     * KIP-219: a broker over its quota answers at once with throttle_time_ms and mutes the
     * connection for that long; the client must send it nothing meanwhile, as kafka-clients does.
     */
    private void checkThrottle(ScriptedNetwork.Exchange request) {
        throttledAnswers.forEach((answered, throttleMs) -> {
            if (answered.node == request.node
                    && answered.deliveredMs >= 0
                    // sent at the answer's own ms: in the same I/O round, before the answer was read
                    && request.sentMs > answered.deliveredMs
                    && request.sentMs < answered.deliveredMs + throttleMs) {
                trace.violation((request.apiKey() == ApiKeys.PRODUCE
                                ? "Produce"
                                : request.apiKey().toString())
                        + " #" + request.header.correlationId() + " went to broker " + request.node
                        + " at t=" + request.sentMs + ", inside the " + throttleMs
                        + " ms throttle of the " + (throttlingAll ? answered.apiKey() + " " : "")
                        + "answer it got at t=" + answered.deliveredMs);
            }
        });
    }
}
