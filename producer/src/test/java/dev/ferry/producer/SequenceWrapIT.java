package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.sender.SocketCore;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An idempotent producer crossing the sequence wrap at Integer.MAX_VALUE against a real broker: the
 * producer's core starts its sequences two short of it ({@link SocketCore}), so the third record
 * of the partition goes out at sequence 0.
 */
class SequenceWrapIT {
    private static final int MAX = Integer.MAX_VALUE;

    @Test
    void recordsAcrossTheWrapAreWrittenOnceInOrder() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic("wrap", 1, 1);
            TopicPartition partition = new TopicPartition("wrap", 0);
            List<String> sent = new ArrayList<>();
            try (SocketCore core = new SocketCore(config(kafka).lingerMs(5).build(), MAX - 2)) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    sent.add("r" + i);
                    futures.add(core.send(partition, null, "r" + i));
                }
                for (Future<RecordMetadata> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(values(ConsumerOracle.readToEnd(kafka.bootstrapServers(), "wrap")))
                    .containsExactlyElementsOf(sent);
        }
    }

    /**
     * A is written at MAX_VALUE - 1. B (MAX_VALUE) and C (sequence 0) are in flight together; the
     * broker refuses B (a record without a key on a compacted topic: INVALID_RECORD, the sequence
     * stays where it was), so C is a gap: OUT_OF_ORDER_SEQUENCE_NUMBER. Until the fix the producer
     * took C for written, its sequence 0 being "below" the acknowledged MAX_VALUE - 1, and reported
     * C acknowledged at offset -1 with nothing of it in the log. Now the partition moves to a new
     * epoch and C is written.
     */
    @Test
    void aRecordRefusedOutOfOrderAfterTheWrapIsNotReportedWritten() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(new NewTopic("wrap-gap", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            TopicPartition partition = new TopicPartition("wrap-gap", 0);
            ProducerConfig config =
                    config(kafka).maxInFlightRequestsPerConnection(5).build();
            AtomicInteger produces = new AtomicInteger();
            kafka.proxy(1).listen((request, frame) -> {
                if (request && frame[4] == 0 && frame[5] == 0) {
                    produces.incrementAndGet();
                }
            });
            try (SocketCore core = new SocketCore(config, MAX - 1)) {
                core.send(partition, "k", "A").get(30, TimeUnit.SECONDS);

                // slow enough that C goes out while B is still unanswered
                kafka.proxy(1).latency(Duration.ofMillis(300));
                Future<RecordMetadata> b = core.send(partition, null, "B");
                // B's batch is sent, so C makes a batch of its own
                Awaitility.await("B sent").atMost(Duration.ofSeconds(30)).until(() -> produces.get() == 2);
                Future<RecordMetadata> c = core.send(partition, "k", "C");

                assertThat(b).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class);
                RecordMetadata acknowledged = c.get(30, TimeUnit.SECONDS);
                List<ConsumerRecord<byte[], byte[]>> log =
                        ConsumerOracle.readToEnd(kafka.bootstrapServers(), "wrap-gap");
                assertThat(values(log)).as("the log").containsExactly("A", "C");
                assertThat(acknowledged.offset())
                        .as("C's acknowledged offset")
                        .isEqualTo(log.get(1).offset());
            }
        }
    }

    /**
     * A is written at MAX_VALUE - 1. B (MAX_VALUE) is lost on its way to the broker while C (sequence
     * 0) reaches it: OUT_OF_ORDER_SEQUENCE_NUMBER, and C waits for a retry behind B. B's request
     * times out and B is retried too: it goes back into the queue ahead of C, sequences counted
     * across the wrap. Until the fix the retry at MAX_VALUE went in behind sequence 0 (the queue
     * compared them with {@code <}).
     */
    @Test
    void aRetryAtMaxValueGoesBackAheadOfTheBatchAtSequenceZero() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic("wrap-retry", 1, 1);
            TopicPartition partition = new TopicPartition("wrap-retry", 0);
            ProducerConfig config = config(kafka)
                    .maxInFlightRequestsPerConnection(5)
                    .requestTimeoutMs(1_500)
                    .build();
            try (SocketCore core = new SocketCore(config, MAX - 1)) {
                core.send(partition, "k", "A").get(30, TimeUnit.SECONDS);

                kafka.proxy(1).loseProduceRequests(1);
                Future<RecordMetadata> b = core.send(partition, "k", "B");
                Awaitility.await("B lost on its way")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> kafka.proxy(1).lostProduceRequests() == 1);
                Future<RecordMetadata> c = core.send(partition, "k", "C");

                RecordMetadata bWritten = b.get(60, TimeUnit.SECONDS);
                RecordMetadata cWritten = c.get(60, TimeUnit.SECONDS);
                List<ConsumerRecord<byte[], byte[]>> log =
                        ConsumerOracle.readToEnd(kafka.bootstrapServers(), "wrap-retry");
                assertThat(values(log)).as("the log").containsExactly("A", "B", "C");
                assertThat(bWritten.offset())
                        .as("B's acknowledged offset")
                        .isEqualTo(log.get(1).offset());
                assertThat(cWritten.offset())
                        .as("C's acknowledged offset")
                        .isEqualTo(log.get(2).offset());
            }
        }
    }

    private static ProducerConfigBuilder config(KafkaCluster kafka) {
        return ProducerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .enableIdempotence(true)
                .acks(Acks.ALL)
                .lingerMs(0)
                .batchSize(200)
                .retryBackoffMs(20)
                .retryBackoffMaxMs(20)
                .reconnectBackoffMs(20)
                .reconnectBackoffMaxMs(100);
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
