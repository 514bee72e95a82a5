package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Without idempotence, two batches of one partition whose connection times out are queued again
 * for a retry, the younger ahead of the older. Expiry looks at the head of a partition's queue, so
 * the older one failed only at the younger one's deadline, past its own delivery.timeout.ms (found
 * by the simulation, {@code producer/bin/simulate --mode acks1}; with the fix reverted the older
 * record failed about 2 s late here).
 */
class RetriedBatchExpiryIT {
    private static final int REQUEST_TIMEOUT_MS = 3_000;
    private static final int DELIVERY_TIMEOUT_MS = 6_000;
    /** The younger record is sent this long after the older one, while the older one's request is still unanswered. */
    private static final long GAP_MS = 2_000;
    /**
     * The producer counts its deadlines in whole milliseconds of its clock, so a failure measured
     * here from just before send() may come up to a millisecond short of delivery.timeout.ms (a CI
     * run saw 5,999 ms).
     */
    private static final long EARLIEST_FAILURE_MS = DELIVERY_TIMEOUT_MS - 1;

    @Test
    void aBatchQueuedAgainBehindAYoungerOneFailsAtItsOwnDeliveryTimeout() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic("retried-expiry", 1, 1);
            Map<String, Object> config = Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "enable.idempotence", "false",
                    "acks", "1",
                    "linger.ms", "0",
                    "request.timeout.ms", Integer.toString(REQUEST_TIMEOUT_MS),
                    "delivery.timeout.ms", Integer.toString(DELIVERY_TIMEOUT_MS),
                    "retry.backoff.ms", "50",
                    "reconnect.backoff.ms", "50");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("retried-expiry", "k", "warm-up"))
                        .get(60, TimeUnit.SECONDS);
                kafka.proxy(1).blackHole(true);

                Timed older = Timed.send(producer, "older");
                Thread.sleep(GAP_MS);
                Timed younger = Timed.send(producer, "younger");

                assertThat(older.failedAfterMs())
                        .as("the older record fails at its delivery.timeout.ms, not at the younger one's")
                        .isBetween(EARLIEST_FAILURE_MS, DELIVERY_TIMEOUT_MS + GAP_MS / 2);
                assertThat(younger.failedAfterMs()).isBetween(EARLIEST_FAILURE_MS, DELIVERY_TIMEOUT_MS + GAP_MS / 2);
                kafka.proxy(1).blackHole(false);
            }
        }
    }

    /** A record's future and how long after its send it failed. */
    private record Timed(CompletableFuture<RecordMetadata> future, long sentNanos, AtomicLong failedNanos) {
        static Timed send(FerryProducer<String, String> producer, String value) {
            AtomicLong failed = new AtomicLong();
            long sent = System.nanoTime();
            CompletableFuture<RecordMetadata> future =
                    producer.send(new ProducerRecord<>("retried-expiry", "k", value));
            future.whenComplete((metadata, error) -> failed.set(System.nanoTime()));
            return new Timed(future, sent, failed);
        }

        long failedAfterMs() throws InterruptedException {
            try {
                future.get(60, TimeUnit.SECONDS);
                throw new AssertionError("the record was delivered through the black hole");
            } catch (ExecutionException expected) {
                assertThat(expected.getCause()).isInstanceOf(TimeoutException.class);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the record neither failed nor was delivered within 60 s", e);
            }
            while (failedNanos.get() == 0) {
                Thread.onSpinWait();
            }
            return TimeUnit.NANOSECONDS.toMillis(failedNanos.get() - sentNanos);
        }
    }
}
