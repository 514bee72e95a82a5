package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.testkit.FaultProxy;
import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Seed 458600 of issue #15 on a real broker. A (seq 1) and B (seq 2) go into a black hole on one
 * connection; A's request times out, the connection closes and takes B's attempt with it, and
 * what that connection carried is held back. A's two resends are lost on the way, so A fails for
 * good; B's resend reaches the broker, which expects seq 1: OUT_OF_ORDER_SEQUENCE_NUMBER. As that
 * answer passes, the held requests of epoch 0 reach the broker, A then B, before anything of a new
 * epoch can (B's next attempt waits a retry backoff of a second). B, stamped again as epoch 1 seq
 * 0, would be appended a second time; it must fail instead, saying its records may be in the log.
 */
class StaleAttemptEpochBumpIT {
    private static final String TOPIC = "stale-attempt-bump";
    private static final short PRODUCE = 0;

    @Test
    void aBatchWhoseFirstAttemptMayStillLandIsNotWrittenAgainUnderTheNewEpoch() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FaultProxy proxy = kafka.proxy(1);
            ProduceExchanges exchanges = new ProduceExchanges(proxy);
            proxy.listen(exchanges);
            Map<String, Object> config = ItSetup.idempotentQuickToRetry(kafka.bootstrapServers(), 1_000, 30_000);
            config.put("retries", "2");
            config.put("retry.backoff.ms", "1000");
            config.put("retry.backoff.max.ms", "1000");
            CompletableFuture<RecordMetadata> b;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(record("warm-up")).get(30, TimeUnit.SECONDS);

                proxy.blackHole(true);
                CompletableFuture<RecordMetadata> a = producer.send(record("A"));
                awaitProducesInFlight(producer, 1);
                b = producer.send(record("B"));
                // the proxy reads B only once it forwards A: the producer's own count says B is out
                awaitProducesInFlight(producer, 2);
                proxy.loseProduceRequests(2);
                exchanges.releaseHeldOnNextProduceAnswer();
                proxy.endBlackHoleDeliveringStaleLater(Duration.ofMinutes(5));

                assertThat(a)
                        .as("A: its first attempt held, its two resends lost")
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(TimeoutException.class);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(b::isDone);
                assertThat(exchanges.released()).as("B's resend was answered").isTrue();
                assertThat(proxy.lostProduceRequests()).isEqualTo(2);
                producer.send(record("C")).get(30, TimeUnit.SECONDS);
            }

            List<String> log = values(ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC));
            assertThat(log)
                    .as("A and B, reported failed, reached the broker with their first attempts; each is in"
                            + " the log once, in send order, and C after them")
                    .containsExactly("warm-up", "A", "B", "C");
            assertThat(b)
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isExactlyInstanceOf(FerryException.class)
                    .withMessageContaining("not sent again")
                    .withMessageContaining("may or may not be in the log");
        }
    }

    private static void awaitProducesInFlight(FerryProducer<String, String> producer, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> producer.metrics().getOrDefault("requests-in-flight", 0.0) >= count);
    }

    private static ProducerRecord<String, String> record(String value) {
        return new ProducerRecord<>(TOPIC, "k", value);
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }

    /**
     * Notes the Produce requests the client writes and, once armed, ends the hold on the proxy's old
     * connections as the first Produce answer passes to the client: before the client reads it.
     */
    private static final class ProduceExchanges implements FaultProxy.ConnectionFrameListener {
        private final FaultProxy proxy;
        private final Set<Long> produces = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean armed = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        ProduceExchanges(FaultProxy proxy) {
            this.proxy = proxy;
        }

        @Override
        public void onFrame(int connection, boolean request, byte[] frame) {
            ByteBuffer body = ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
            if (request) {
                if (body.getShort(0) == PRODUCE) {
                    produces.add(key(connection, body.getInt(4)));
                }
            } else if (produces.remove(key(connection, body.getInt(0))) && armed.compareAndSet(true, false)) {
                proxy.endBlackHoleDeliveringStaleLater(Duration.ZERO);
                released.set(true);
            }
        }

        void releaseHeldOnNextProduceAnswer() {
            armed.set(true);
        }

        boolean released() {
            return released.get();
        }

        private static long key(int connection, int correlationId) {
            return ((long) connection << 32) | (correlationId & 0xffffffffL);
        }
    }
}
