package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.FaultProxy;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The simulator's first finding (seed 6, fixed in 27731b3) against a real broker. Batch A of a
 * partition is sent while the proxy holds every answer; B, C and D follow it on the same connection
 * 1.5 s later, so all four are in the log, unanswered, and A's delivery.timeout.ms ends first: A is
 * reported failed while B, C and D wait to be sent again. Then the answers flow again. Before the
 * fix the epoch went up at A's failure and B, C and D were stamped again as epoch 1 seq 0..2, which
 * the broker appended a second time; now they go out with their own sequences, the broker answers
 * them as the duplicates they are, and their acknowledgement proves A is in the log. kafka-clients'
 * consumer (read_uncommitted) then judges every record in the log by its offset.
 */
class EpochBumpDuplicatesIT {
    private static final String TOPIC = "epoch-bump-duplicates";
    private static final int TRIALS = 3;
    private static final int REQUEST_TIMEOUT_MS = 2_000;
    private static final int DELIVERY_TIMEOUT_MS = 3_000;
    /** B, C and D leave this long after A: before A's request times out, and with time to be sent again once A has failed. */
    private static final long LATER_BATCHES_AFTER_MS = 1_500;

    private final List<String> sent = new ArrayList<>();
    private final Map<String, CompletableFuture<RecordMetadata>> futures = new LinkedHashMap<>();

    @Test
    void batchesInTheLogBehindABatchThatFailedAreNotAppendedASecondTimeByAnEpochBump() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FaultProxy proxy = kafka.proxy(kafka.brokerIds().get(0));
            // batch.size 100 and 80-byte values: every record is a batch, and a Produce request, of its own
            Map<String, Object> config =
                    ItSetup.idempotentQuickToRetry(kafka.bootstrapServers(), REQUEST_TIMEOUT_MS, DELIVERY_TIMEOUT_MS);
            config.put("batch.size", "100");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                send(producer, "warm-up").get(30, TimeUnit.SECONDS);
                for (int trial = 0; trial < TRIALS; trial++) {
                    proxy.holdResponses(true);
                    CompletableFuture<RecordMetadata> a = send(producer, trial + "-A");
                    pause(LATER_BATCHES_AFTER_MS);
                    List<CompletableFuture<RecordMetadata>> later = List.of(
                            send(producer, trial + "-B"), send(producer, trial + "-C"), send(producer, trial + "-D"));
                    assertThat(a)
                            .as("trial %d: A", trial)
                            .failsWithin(Duration.ofSeconds(10))
                            .withThrowableOfType(ExecutionException.class)
                            .withCauseInstanceOf(TimeoutException.class);
                    proxy.holdResponses(false);
                    for (CompletableFuture<RecordMetadata> record : later) {
                        record.get(10, TimeUnit.SECONDS);
                    }
                }
                send(producer, "last").get(30, TimeUnit.SECONDS);
            }

            List<ConsumerRecord<byte[], byte[]>> log = ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC);
            judge(log);
        }
    }

    private CompletableFuture<RecordMetadata> send(FerryProducer<String, String> producer, String name) {
        sent.add(name);
        CompletableFuture<RecordMetadata> future =
                producer.send(new ProducerRecord<>(TOPIC, "k", name + ":" + "x".repeat(80)));
        futures.put(name, future);
        return future;
    }

    private void judge(List<ConsumerRecord<byte[], byte[]>> log) {
        List<String> inLog = new ArrayList<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        int previous = -1;
        for (ConsumerRecord<byte[], byte[]> record : log) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            String name = value.substring(0, value.indexOf(':'));
            inLog.add(name + "@" + record.offset());
            if (offsets.putIfAbsent(name, record.offset()) != null) {
                twice.add(name);
                continue;
            }
            int index = sent.indexOf(name);
            assertThat(index).as("%s in the log was sent", name).isNotNegative();
            if (index < previous) {
                outOfOrder.add(name);
            }
            previous = Math.max(previous, index);
        }
        String described = "the log (record@offset): " + inLog;
        assertThat(futures.values()).as("every send completed").allMatch(CompletableFuture::isDone);
        assertThat(twice).as("records in the log twice; %s", described).isEmpty();
        assertThat(outOfOrder)
                .as("records in the log after a record sent after them; %s", described)
                .isEmpty();
        futures.forEach((name, future) -> {
            if (future.isCompletedExceptionally()) {
                // the proxy held answers only: every request reached the broker, so a record reported failed is in the
                // log
                assertThat(offsets)
                        .as("%s, reported failed, was written; %s", name, described)
                        .containsKey(name);
                return;
            }
            long acknowledged = future.join().offset();
            assertThat(offsets).as("acknowledged %s; %s", name, described).containsKey(name);
            if (acknowledged >= 0) {
                assertThat(offsets.get(name))
                        .as("offset of acknowledged %s; %s", name, described)
                        .isEqualTo(acknowledged);
            }
        });
        assertThat(log).as("every record once; %s", described).hasSize(sent.size());
    }

    private static void pause(long millis) {
        Awaitility.await()
                .pollDelay(Duration.ofMillis(millis))
                .atMost(Duration.ofMillis(millis + 1_000))
                .until(() -> true);
    }
}
