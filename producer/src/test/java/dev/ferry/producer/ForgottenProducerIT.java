package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.FaultProxy;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A broker that has forgotten the producer (its records are older than producer.id.expiration.ms,
 * which Kafka counts from the records' own timestamps) takes any batch as the producer's first. The
 * simulator found what that breaks (world PRODUCER_EXPIRY, seeds 33, 70, 692, 1220); this is the
 * same schedule on a real broker. Batch A's request is lost on its way, B's reaches the broker on the
 * same connection and is appended as the producer's first; B's answer comes before any to A, so
 * the client drops the connection and both are unanswered. A goes out again first and the broker
 * answers OUT_OF_ORDER_SEQUENCE_NUMBER: its sequence is below B's. Before the fix the producer took
 * that answer as proof that A was in the log (a later batch acknowledged) or bumped the epoch and
 * stamped B again, which appended B a second time after A. Now A fails with that error and B goes
 * out with its own sequence, is answered as the duplicate it is, and is in the log once.
 */
class ForgottenProducerIT {
    private static final String TOPIC = "forgotten-producer";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long TWO_DAYS_MS = Duration.ofDays(2).toMillis();

    @Test
    void aBatchLostBeforeALaterOneWasTakenAsTheFirstFailsAndTheLaterOneIsInTheLogOnce() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .proxied()
                .brokerProperty("producer.id.expiration.check.interval.ms", "200")
                .start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FaultProxy proxy = kafka.proxy(kafka.brokerIds().get(0));
            Map<String, Object> config = ItSetup.idempotentQuickToRetry(kafka.bootstrapServers(), 10_000, 30_000);
            Throwable aFailure;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                long twoDaysAgo = System.currentTimeMillis() - TWO_DAYS_MS;
                producer.send(new ProducerRecord<>(TOPIC, 0, twoDaysAgo, "k", "old"))
                        .get(30, TimeUnit.SECONDS);
                Awaitility.await("the broker forgets the producer whose last record is two days old")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> ConsumerOracle.activeProducers(kafka.admin(), PARTITION), List::isEmpty);

                proxy.loseProduceRequests(1);
                CompletableFuture<RecordMetadata> a = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "A"));
                Awaitility.await("A's request is lost on its way")
                        .atMost(Duration.ofSeconds(10))
                        .until(proxy::lostProduceRequests, lost -> lost == 1);
                CompletableFuture<RecordMetadata> b = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "B"));

                aFailure = a.handle((metadata, failure) -> failure).get(25, TimeUnit.SECONDS);
                b.get(25, TimeUnit.SECONDS);
            }
            List<String> log = ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC).stream()
                    .map(ConsumerRecord::value)
                    .map(value -> new String(value, StandardCharsets.UTF_8))
                    .toList();
            assertThat(log).as("the log").containsExactly("old", "B");
            Throwable cause = aFailure instanceof CompletionException ? aFailure.getCause() : aFailure;
            assertThat(cause)
                    .as("A, not in the log")
                    .isInstanceOf(KafkaErrorException.class)
                    .hasMessageContaining(TOPIC + "-0");
            assertThat(((KafkaErrorException) cause).errorName()).isEqualTo("OUT_OF_ORDER_SEQUENCE_NUMBER");
        }
    }
}
