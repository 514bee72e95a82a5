package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
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
 */
class ThrottleWindowIT {
    private static final String TOPIC = "throttle-window";
    private static final String CLIENT_ID = "ferry-throttle-window";
    private static final int MAX_RECORDS = 600;
    private static final int THROTTLED_ANSWERS = 3;
    /** The producer's clock counts whole milliseconds; the proxy's nanoseconds. */
    private static final long CLOCK_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

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
}
