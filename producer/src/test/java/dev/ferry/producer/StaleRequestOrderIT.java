package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's repro, made certain: record A is sent into a network black hole and reported failed
 * when its delivery.timeout.ms passes; record B is sent after it; the black hole ends for new
 * connections at once but delivers what A's abandoned connection carried only later — a request
 * that arrives after the client gave up. With idempotence, A may be in the log (a failed record may
 * have been written) but never after B. Taking a new producer id after the expiry let the stale A
 * land after B in every trial; bumping the epoch of the same id makes the broker refuse it.
 */
class StaleRequestOrderIT {
    private static final String TOPIC = "stale-order";
    private static final int TRIALS = 20;

    @Test
    void aRecordReportedFailedNeverLandsAfterALaterRecordOfItsPartition() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(TOPIC, 1, 1);
            Map<String, Object> config = ItSetup.idempotentQuickToRetry(kafka.bootstrapServers(), 500, 1_000);
            List<String> reportedFailed = new ArrayList<>();
            List<String> acknowledged = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "warm-up")).get(30, TimeUnit.SECONDS);
                acknowledged.add("warm-up");
                for (int trial = 0; trial < TRIALS; trial++) {
                    kafka.proxy(1).blackHole(true);
                    String a = trial + "-A";
                    CompletableFuture<RecordMetadata> sentA = producer.send(new ProducerRecord<>(TOPIC, "k", a));
                    assertThat(sentA)
                            .failsWithin(Duration.ofSeconds(30))
                            .withThrowableOfType(ExecutionException.class)
                            .withCauseInstanceOf(TimeoutException.class);
                    reportedFailed.add(a);
                    String b = trial + "-B";
                    CompletableFuture<RecordMetadata> sentB = producer.send(new ProducerRecord<>(TOPIC, "k", b));
                    kafka.proxy(1).endBlackHoleDeliveringStaleLater(Duration.ofMillis(300));
                    sentB.get(30, TimeUnit.SECONDS);
                    acknowledged.add(b);
                }
            }
            // the last trial's stale requests reach the broker 300 ms after its black hole ended
            Awaitility.await()
                    .pollDelay(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> true);

            List<ConsumerRecord<byte[], byte[]>> log =
                    ConsumerOracle.readAll(kafka.bootstrapServers(), TOPIC, acknowledged.size());
            Map<String, Long> offsets = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : log) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                assertThat(offsets.put(value, record.offset()))
                        .as("%s is in the log once", value)
                        .isNull();
            }
            assertThat(offsets.keySet())
                    .as("every acknowledged record is in the log")
                    .containsAll(acknowledged);
            assertThat(offsets.keySet())
                    .as("nothing but what was sent")
                    .isSubsetOf(concat(acknowledged, reportedFailed));
            int outOfOrder = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                Long a = offsets.get(trial + "-A");
                if (a != null && a > offsets.get(trial + "-B")) {
                    outOfOrder++;
                }
            }
            assertThat(outOfOrder)
                    .as("records reported failed that the log holds after the later record of their partition")
                    .isZero();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
