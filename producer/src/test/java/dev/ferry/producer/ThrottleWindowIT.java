package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * KIP-219 on a real broker, seen on the wire by the proxy in front of it: over a client quota
 * (producer_byte_rate for the producer's client.id, set with kafka-clients' Admin) Kafka 4.4 answers
 * Produce at once with throttle_time_ms and mutes the connection for that long, and the client must
 * send that broker no Produce meanwhile. The simulation's throttled answers have this shape
 * (SimulatedBrokers: a Produce answer of any version carries the throttle, answered at once, and a
 * Produce sent to that broker inside the window is a violation); kafka-clients' own
 * {@code shouldClientThrottle} says the versions Kafka answered with a throttle are ones where the
 * client waits. Ferry held back only in the simulation's eyes until ddc395d: before it the next
 * Produce went out inside the window (ThrottledProduceIT cannot tell, it sees no request times).
 *
 * <p>The second test puts the client over a request quota (request_percentage), under which Kafka
 * throttles the answer to every request of the client, not only Produce: the THROTTLING_ALL
 * finding, where Ferry held back only Produce and only after a Produce answer until 6dc560c.
 */
class ThrottleWindowIT {
    private static final String TOPIC = "throttle-window";
    private static final String CLIENT_ID = "ferry-throttle-window";
    private static final int MAX_RECORDS = 600;
    private static final int THROTTLED_ANSWERS = 3;
    private static final String ALL_CLIENT_ID = "ferry-throttle-all";
    private static final String ALL_IDEMPOTENT_TOPIC = "throttle-all-idempotent";
    private static final String ALL_TRANSACTIONAL_TOPIC = "throttle-all-transactional";
    private static final String ALL_GROUP = "throttle-all-group";
    private static final int TRANSACTIONS = 2;
    /**
     * Of one request handler thread's time, in percent: less than any request takes, so once the
     * client has sent a few every answer is throttled, each for at most the broker's quota window
     * (quota.window.size.seconds, 1 s), which keeps the test short.
     */
    private static final double REQUEST_PERCENTAGE = 0.001;
    /**
     * The answers after which a transactional producer at transaction.version 1 sends its next request
     * on the same connection (to the one broker, coordinator and leader), besides Produce; a
     * FindCoordinator answer may come on the bootstrap connection, which then stays idle.
     */
    private static final Set<ApiKeys> TRANSACTIONAL_ANSWERS = EnumSet.of(
            ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN,
            ApiKeys.TXN_OFFSET_COMMIT,
            ApiKeys.END_TXN);
    /** The producer's clock counts whole milliseconds; the proxy's nanoseconds. */
    private static final long CLOCK_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * A request the proxy reads this soon after it forwarded an answer on the same connection may
     * have crossed the answer on the wire: the client, pipelining, wrote it before it read the answer
     * (a clean-clone CI run saw an InitProducerId 0 ms after a throttled Metadata answer it had sent
     * behind), or the proxy's reading thread ran late. Not counted as sent inside the throttle.
     */
    private static final long CROSSING_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @Test
    void noProduceIsSentToABrokerInsideTheThrottleItAnswered() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(TOPIC, 1, 1);
            kafka.admin()
                    .alterClientQuotas(List.of(new ClientQuotaAlteration(
                            new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID)),
                            List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 16_384.0)))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            ProduceWire wire = new ProduceWire();
            kafka.proxy(1).listen(wire::onFrame);
            Map<String, Object> config =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", CLIENT_ID, "linger.ms", "0");
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                String padding = "x".repeat(1_000);
                // rounds of ten until the broker has throttled a few answers (the quota applies a moment after Admin
                // set it)
                for (int i = 0; i < MAX_RECORDS && wire.throttledAnswers().size() < THROTTLED_ANSWERS; i++) {
                    futures.add(producer.send(new ProducerRecord<>(TOPIC, "k", i + padding)));
                    if (i % 10 == 9) {
                        producer.flush();
                    }
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }

            assertThat(wire.throttledAnswers()).hasSizeGreaterThanOrEqualTo(THROTTLED_ANSWERS);
            assertThat(wire.throttledAnswers())
                    .as(
                            "throttled Produce answers: kafka-clients waits after each (KIP-219), as the model's shape has it")
                    .allSatisfy(answer -> assertThat(answer.clientWaits()).isTrue());
            assertThat(wire.sentInsideAThrottle())
                    .as("Produce requests sent inside the throttle of an answer before them")
                    .isEmpty();
            int records = futures.size();
            List<ConsumerRecord<byte[], byte[]>> read =
                    ConsumerOracle.readAll(kafka.bootstrapServers(), TOPIC, records);
            assertThat(read).hasSize(records);
            for (int i = 0; i < records; i++) {
                assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8))
                        .startsWith(i + "x");
            }
        }
    }

    /**
     * A request quota makes Kafka 4.4 throttle the answer to every request of the client id
     * (ClientRequestQuotaManager, at most one quota window per answer) and mute the connection for
     * that long. An idempotent producer runs until answers are throttled, then, with the quota still
     * exceeded, a transactional one at transaction.version 1 (so AddPartitionsToTxn and
     * AddOffsetsToTxn flow) commits two transactions with offsets. On each connection no request may
     * follow an answer inside its throttle. Per connection, as kafka-clients holds back a node id
     * (one connection; ClusterConnectionStates) and the broker mutes one channel: a new connection's
     * ApiVersions goes out at once in kafka-clients (handleInitiateApiVersionRequests checks no
     * throttle), and so does the first request on a node's connection while the bootstrap
     * connection to the same broker is throttled. Every request and answer is decoded by
     * kafka-clients, whose {@code shouldClientThrottle} says the client waits.
     */
    @Test
    void noRequestOfAnyKindIsSentOnAConnectionInsideTheThrottleOfAnAnswerOnIt() throws Exception {
        try (KafkaCluster kafka =
                KafkaCluster.builder().proxied().transactionVersion(1).start()) {
            kafka.createTopic(ALL_IDEMPOTENT_TOPIC, 1, 1);
            kafka.createTopic(ALL_TRANSACTIONAL_TOPIC, 1, 1);
            ClientQuotaEntity client = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, ALL_CLIENT_ID));
            kafka.admin()
                    .alterClientQuotas(List.of(new ClientQuotaAlteration(
                            client, List.of(new ClientQuotaAlteration.Op("request_percentage", REQUEST_PERCENTAGE)))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            // the broker describes the quota from the metadata image it applies quotas from
            Awaitility.await("the request quota on the broker")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.admin()
                            .describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                                    ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, ALL_CLIENT_ID))))
                            .entities()
                            .get(30, TimeUnit.SECONDS)
                            .getOrDefault(client, Map.of())
                            .containsKey("request_percentage"));
            ConnectionsWire wire = new ConnectionsWire();
            kafka.proxy(1).listen(wire::onConnectionFrame);

            int idempotentRecords = sendIdempotentUntilThrottled(kafka, wire);
            commitTransactionsWithOffsets(kafka);

            assertThat(wire.undecodable())
                    .as("frames kafka-clients could not decode")
                    .isEmpty();
            assertThat(wire.throttledAnswers())
                    .as("throttled answers: kafka-clients waits after each (KIP-219)")
                    .isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.clientWaits())
                            .as(answer.describe())
                            .isTrue());
            assertThat(wire.throttledAnswers())
                    .extracting(ConnectionsWire.Throttled::apiKey)
                    .as("kinds of throttled answers")
                    .contains(ApiKeys.FIND_COORDINATOR, ApiKeys.METADATA);
            assertThat(wire.throttledAnswersFollowedOnTheirConnection())
                    .as("kinds of throttled answers after which their connection carried another request")
                    .contains(ApiKeys.PRODUCE)
                    .containsAll(TRANSACTIONAL_ANSWERS);
            assertThat(wire.sentInsideAThrottle())
                    .as("requests sent on a connection inside the throttle of an answer before them on it")
                    .isEmpty();

            List<ConsumerRecord<byte[], byte[]>> idempotent =
                    ConsumerOracle.readAll(kafka.bootstrapServers(), ALL_IDEMPOTENT_TOPIC, idempotentRecords);
            assertThat(idempotent).hasSize(idempotentRecords);
            for (int i = 0; i < idempotentRecords; i++) {
                assertThat(new String(idempotent.get(i).value(), StandardCharsets.UTF_8))
                        .isEqualTo("idempotent-" + i);
            }
            assertThat(
                            ConsumerOracle.readToEnd(
                                            kafka.bootstrapServers(), ALL_TRANSACTIONAL_TOPIC, "read_committed")
                                    .stream()
                                    .map(record -> new String(record.value(), StandardCharsets.UTF_8)))
                    .containsExactly("transaction-0", "transaction-1");
            assertThat(kafka.admin()
                            .listConsumerGroupOffsets(ALL_GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS)
                            .get(new org.apache.kafka.common.TopicPartition(ALL_IDEMPOTENT_TOPIC, 0))
                            .offset())
                    .as("the group's offset committed by the last transaction")
                    .isEqualTo(TRANSACTIONS);
        }
    }

    /** Rounds of ten records until the broker has throttled a few answers; how many records were sent. */
    private static int sendIdempotentUntilThrottled(KafkaCluster kafka, ConnectionsWire wire) throws Exception {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "client.id", ALL_CLIENT_ID,
                "enable.idempotence", "true",
                // one request at a time: a request the client wrote before it read an answer cannot reach the
                // proxy after that answer and be taken for one sent inside its throttle
                "max.in.flight.requests.per.connection", "1",
                "linger.ms", "0");
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < MAX_RECORDS && wire.throttledAnswers().size() < THROTTLED_ANSWERS; i++) {
                futures.add(producer.send(new ProducerRecord<>(ALL_IDEMPOTENT_TOPIC, "k", "idempotent-" + i)));
                if (i % 10 == 9) {
                    producer.flush();
                }
            }
            for (CompletableFuture<RecordMetadata> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        return futures.size();
    }

    /** Each transaction: a record, the input's offset for the group (flushed first, so requests go one by one). */
    private static void commitTransactionsWithOffsets(KafkaCluster kafka) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "client.id", ALL_CLIENT_ID,
                "transactional.id", "throttle-all",
                "max.in.flight.requests.per.connection", "1",
                "max.block.ms", "60000",
                "linger.ms", "0");
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int txn = 0; txn < TRANSACTIONS; txn++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(ALL_TRANSACTIONAL_TOPIC, "k", "transaction-" + txn));
                producer.flush();
                producer.sendOffsetsToTransaction(
                        Map.of(new TopicPartition(ALL_IDEMPOTENT_TOPIC, 0), new OffsetAndMetadata(txn + 1)),
                        new ConsumerGroupMetadata(ALL_GROUP));
                producer.commitTransaction();
            }
        }
    }

    /**
     * The Produce requests the proxy saw the client send, and the broker's throttled Produce answers as
     * the proxy forwarded them, decoded by kafka-clients.
     */
    private static final class ProduceWire {
        private static final short PRODUCE = 0;

        record Throttled(long forwardedNanos, int throttleMs, short version, boolean clientWaits) {}

        private final Map<Integer, RequestHeader> unanswered = new HashMap<>();
        private final List<Long> sentNanos = new ArrayList<>();
        private final List<Throttled> throttled = new ArrayList<>();

        synchronized void onFrame(boolean request, byte[] frame) {
            long now = System.nanoTime();
            ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
            if (request) {
                if (body.getShort(0) == PRODUCE) {
                    RequestHeader header = RequestHeader.parse(body);
                    unanswered.put(header.correlationId(), header);
                    sentNanos.add(now);
                }
                return;
            }
            RequestHeader produce = unanswered.remove(body.getInt(0));
            if (produce == null) {
                return;
            }
            AbstractResponse response = AbstractResponse.parseResponse(body, produce);
            if (response.throttleTimeMs() > 0) {
                throttled.add(new Throttled(
                        now,
                        response.throttleTimeMs(),
                        produce.apiVersion(),
                        response.shouldClientThrottle(produce.apiVersion())));
            }
        }

        synchronized List<Throttled> throttledAnswers() {
            return List.copyOf(throttled);
        }

        /** Each Produce sent after a throttled answer reached the client and before its throttle had passed. */
        synchronized List<String> sentInsideAThrottle() {
            List<String> inside = new ArrayList<>();
            for (long sent : sentNanos) {
                for (Throttled answer : throttled) {
                    long windowEnd = answer.forwardedNanos() + TimeUnit.MILLISECONDS.toNanos(answer.throttleMs());
                    if (sent > answer.forwardedNanos() && sent < windowEnd - CLOCK_SLACK_NANOS) {
                        inside.add("a Produce sent "
                                + TimeUnit.NANOSECONDS.toMillis(sent - answer.forwardedNanos())
                                + " ms after an answer (Produce v" + answer.version() + ") throttling "
                                + answer.throttleMs() + " ms");
                    }
                }
            }
            return inside;
        }
    }

    /**
     * Every request the proxy saw the client send and every throttled answer it forwarded, per
     * connection, decoded by kafka-clients.
     */
    private static final class ConnectionsWire {
        record Sent(int connection, long nanos, ApiKeys apiKey) {}

        record Throttled(
                int connection,
                long forwardedNanos,
                ApiKeys apiKey,
                short version,
                int throttleMs,
                boolean clientWaits) {
            long windowEndNanos() {
                return forwardedNanos + TimeUnit.MILLISECONDS.toNanos(throttleMs);
            }

            String describe() {
                return "a " + apiKey.name + " v" + version + " answer on connection " + connection + " throttling "
                        + throttleMs + " ms";
            }
        }

        /** Per connection, the requests not yet answered by correlation id. */
        private final Map<Integer, Map<Integer, RequestHeader>> unanswered = new HashMap<>();

        private final List<Sent> sent = new ArrayList<>();
        private final List<Throttled> throttled = new ArrayList<>();

        private final List<String> undecodable = new ArrayList<>();

        synchronized void onConnectionFrame(int connection, boolean request, byte[] frame) {
            long now = System.nanoTime();
            try {
                record(connection, request, frame, now);
            } catch (RuntimeException e) {
                // thrown, it would end the proxy's thread and the connection; the test fails on it instead
                undecodable.add("a " + (request ? "request" : "answer") + " on connection " + connection + ": " + e);
            }
        }

        private void record(int connection, boolean request, byte[] frame, long now) {
            ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
            Map<Integer, RequestHeader> pending = unanswered.computeIfAbsent(connection, c -> new HashMap<>());
            if (request) {
                RequestHeader header = RequestHeader.parse(body);
                pending.put(header.correlationId(), header);
                sent.add(new Sent(connection, now, header.apiKey()));
                return;
            }
            RequestHeader header = pending.remove(body.getInt(0));
            if (header == null) {
                throw new IllegalStateException("an answer to no request sent on its connection");
            }
            AbstractResponse response = AbstractResponse.parseResponse(body, header);
            if (response.throttleTimeMs() > 0) {
                throttled.add(new Throttled(
                        connection,
                        now,
                        header.apiKey(),
                        header.apiVersion(),
                        response.throttleTimeMs(),
                        response.shouldClientThrottle(header.apiVersion())));
            }
        }

        synchronized List<Throttled> throttledAnswers() {
            return List.copyOf(throttled);
        }

        synchronized List<String> undecodable() {
            return List.copyOf(undecodable);
        }

        /** The kinds of throttled answers after which their connection carried a request: where the check bites. */
        synchronized Set<ApiKeys> throttledAnswersFollowedOnTheirConnection() {
            Set<ApiKeys> followed = EnumSet.noneOf(ApiKeys.class);
            for (Throttled answer : throttled) {
                if (sent.stream()
                        .anyMatch(request -> request.connection() == answer.connection()
                                && request.nanos() > answer.forwardedNanos())) {
                    followed.add(answer.apiKey());
                }
            }
            return followed;
        }

        /** Each request sent on a connection after a throttled answer on it reached the client and before its throttle had passed. */
        synchronized List<String> sentInsideAThrottle() {
            List<String> inside = new ArrayList<>();
            for (Sent request : sent) {
                for (Throttled answer : throttled) {
                    if (request.connection() == answer.connection()
                            && request.nanos() > answer.forwardedNanos() + CROSSING_NANOS
                            && request.nanos() < answer.windowEndNanos() - CLOCK_SLACK_NANOS) {
                        inside.add("a " + request.apiKey().name + " request sent "
                                + TimeUnit.NANOSECONDS.toMillis(request.nanos() - answer.forwardedNanos())
                                + " ms after " + answer.describe());
                    }
                }
            }
            return inside;
        }
    }
}
