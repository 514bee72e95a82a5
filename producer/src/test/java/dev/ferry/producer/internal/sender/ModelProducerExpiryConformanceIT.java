package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.ConformanceSides.ACKS_ALL;
import static dev.ferry.producer.internal.sender.ConformanceSides.batch;
import static dev.ferry.producer.internal.sender.ConformanceSides.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.ConsumerOracle;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.sender.ModelConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Holds the simulator's {@link ModelCluster} to Kafka 4.4 where a broker forgets producers
 * (producer.id.expiration.ms, here the default day, checked every 200 ms instead of every 10
 * minutes). Kafka 4.4 answers no UNKNOWN_PRODUCER_ID to Produce: a forgotten producer is one the
 * partition has no state for, and may start at any sequence.
 */
class ModelProducerExpiryConformanceIT {
    private static final String TOPIC = "conformance-producer-expiry";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long EXPIRATION_MS = 86_400_000L;

    /**
     * Expiry counts from the records' own timestamps (ProducerStateEntry.lastTimestamp is the batch's
     * max timestamp), not from when the broker wrote them: a producer whose records are stamped two
     * days ago is forgotten at the next check, one stamped now is kept. The forgotten producer's
     * batch sent again is appended a second time; its next batch may take any sequence, and from
     * then on the sequence is checked again.
     */
    @Test
    void aProducerWhoseRecordsAreOlderThanTheExpirationIsForgottenAtTheNextCheck() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .brokerProperty("producer.id.expiration.check.interval.ms", "200")
                .start()) {
            kafka.createTopic(new NewTopic(TOPIC, 1, (short) 1));
            ModelCluster model = new ModelCluster(TOPIC, 1, 1, false, id -> false);
            long now = System.currentTimeMillis();
            long twoDaysAgo = now - 2 * EXPIRATION_MS;

            try (ConformanceSides sides =
                    new ConformanceSides(kafka, kafka.brokerIds().get(0), TOPIC, model)) {
                long recent = sides.newProducerId();
                long forgotten = sides.newProducerId();
                long resent = sides.newProducerId();
                ByteBuffer recentFirst = batch(recent, now, 0, 0, 1);
                ByteBuffer resentFirst = batch(resent, twoDaysAgo, 0, 4, 5);
                expect(sides.send(ACKS_ALL, recentFirst), Answer.of(ErrorCode.NONE, 0));
                expect(sides.send(ACKS_ALL, batch(forgotten, twoDaysAgo, 0, 2, 3)), Answer.of(ErrorCode.NONE, 2));
                expect(sides.send(ACKS_ALL, resentFirst), Answer.of(ErrorCode.NONE, 4));

                Awaitility.await("the broker forgets the producers whose records are two days old")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(
                                () -> ConsumerOracle.activeProducers(kafka.admin(), PARTITION),
                                active -> !active.contains(forgotten) && !active.contains(resent));
                assertThat(ConsumerOracle.activeProducers(kafka.admin(), PARTITION))
                        .contains(recent);
                model.expireProducers(System.currentTimeMillis(), EXPIRATION_MS);

                expect(sides.send(ACKS_ALL, resentFirst), Answer.of(ErrorCode.NONE, 6));
                expect(sides.send(ACKS_ALL, batch(forgotten, now, 9, 8)), Answer.of(ErrorCode.NONE, 8));
                expect(
                        sides.send(ACKS_ALL, batch(forgotten, now, 11, 9)),
                        Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));
                expect(sides.send(ACKS_ALL, batch(forgotten, now, 10, 9)), Answer.of(ErrorCode.NONE, 9));
                expect(sides.send(ACKS_ALL, recentFirst), Answer.of(ErrorCode.NONE, 0));
            }
        }
    }
}
