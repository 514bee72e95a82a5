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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The simulator's second finding (seed 2894, fixed in 684fb63) against real brokers. A batch A is
 * written by the partition's leader while the proxy in front of that broker holds its answer; the
 * leadership then moves to the other broker, and the next batch B, without a key on a compacted
 * topic, goes there and is refused with INVALID_RECORD while A still waits for its answer. A's
 * request times out and A waits to be sent again. Before the fix B's failure let the epoch go up
 * at once, so A was stamped again as epoch 1 seq 0 and the new leader appended it a second time;
 * now A goes out again with its own sequence, the broker answers it as the duplicate it is, and
 * only then does the epoch go up. A and B must be on different brokers: on one connection answers
 * come in order, and A's lost answer would take B's with it. kafka-clients' consumer then judges
 * every record in the log by its offset.
 */
class RefusedBatchDuplicatesIT {
    private static final String TOPIC = "refused-batch-duplicates";
    /** Led by the second broker, so the producer is connected to it and asks it for metadata while the first holds its answers. */
    private static final String OTHER_TOPIC = "refused-batch-duplicates-other";
    /** Long enough for the leadership to move and B to be refused while A's request is still waiting. */
    private static final int REQUEST_TIMEOUT_MS = 15_000;

    private final List<String> sent = new ArrayList<>();
    private final Map<String, CompletableFuture<RecordMetadata>> futures = new LinkedHashMap<>();

    @Test
    void aBatchWaitingForItsAnswerIsNotAppendedASecondTimeWhenALaterOneIsRefused() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).proxied().start()) {
            int first = kafka.brokerIds().get(0);
            int second = kafka.brokerIds().get(1);
            kafka.createTopic(new NewTopic(TOPIC, Map.of(0, List.of(first, second)))
                    .configs(Map.of("cleanup.policy", "compact")));
            kafka.createTopic(new NewTopic(OTHER_TOPIC, Map.of(0, List.of(second))));
            org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(TOPIC, 0);
            // the preferred replica becomes the second broker; the first stays leader until the election
            kafka.admin()
                    .alterPartitionReassignments(
                            Map.of(partition, Optional.of(new NewPartitionReassignment(List.of(second, first)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            FaultProxy firstProxy = kafka.proxy(first);
            // bootstrapped from the second broker only: a bootstrap connection to the first would take metadata
            // requests it holds
            Map<String, Object> config =
                    ItSetup.idempotentQuickToRetry(kafka.brokerAddress(second), REQUEST_TIMEOUT_MS, 30_000);
            config.put("metadata.max.age.ms", "200");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                send(producer, "warm-up", "k").get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(OTHER_TOPIC, "k", "connects to the second broker"))
                        .get(30, TimeUnit.SECONDS);
                assertThat(leaderOf(producer)).isEqualTo(first);

                firstProxy.holdResponses(true);
                CompletableFuture<RecordMetadata> a = send(producer, "A", "k");
                electPreferredLeader(kafka.brokerAddress(second), partition);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(REQUEST_TIMEOUT_MS / 2_000))
                        .until(() -> leaderOf(producer) == second);
                assertThat(a).as("A's answer is held").isNotDone();

                CompletableFuture<RecordMetadata> b = send(producer, "B", null);
                assertThat(b)
                        .as("B, without a key on a compacted topic")
                        .failsWithin(Duration.ofSeconds(REQUEST_TIMEOUT_MS / 2_000))
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause()
                        .isInstanceOf(KafkaErrorException.class)
                        .withMessageContaining("INVALID_RECORD");
                assertThat(a).as("A waits for its answer while B is refused").isNotDone();

                a.get(REQUEST_TIMEOUT_MS + 10_000L, TimeUnit.MILLISECONDS);
                firstProxy.holdResponses(false);
                send(producer, "last", "k").get(30, TimeUnit.SECONDS);
            }

            List<ConsumerRecord<byte[], byte[]>> log = ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC);
            judge(log);
        }
    }

    /**
     * Each attempt with a fresh admin client and short timeouts: one that asks the first broker,
     * which answers nothing now, gives up soon, and the next may ask another broker. An attempt whose
     * answer came too late may still have moved the leadership: the next one then hears that no
     * election is needed, which is success too.
     */
    private static void electPreferredLeader(String secondBroker, org.apache.kafka.common.TopicPartition partition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(REQUEST_TIMEOUT_MS / 2_000))
                .ignoreExceptions()
                .until(() -> {
                    try (Admin admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            secondBroker,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            500,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            1_000))) {
                        admin.electLeaders(ElectionType.PREFERRED, Set.of(partition))
                                .all()
                                .get(2, TimeUnit.SECONDS);
                        return true;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof ElectionNotNeededException) {
                            return true;
                        }
                        throw e;
                    }
                });
    }

    private static int leaderOf(FerryProducer<String, String> producer) {
        return producer.partitionsFor(TOPIC).get(0).leader().id();
    }

    private CompletableFuture<RecordMetadata> send(FerryProducer<String, String> producer, String name, String key) {
        sent.add(name);
        CompletableFuture<RecordMetadata> future =
                producer.send(new ProducerRecord<>(TOPIC, key, name + ":" + "x".repeat(80)));
        futures.put(name, future);
        return future;
    }

    private void judge(List<ConsumerRecord<byte[], byte[]>> log) {
        List<String> inLog = new ArrayList<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : log) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            String name = value.substring(0, value.indexOf(':'));
            inLog.add(name + "@" + record.offset());
            offsets.putIfAbsent(name, record.offset());
        }
        String described = "the log (record@offset): " + inLog;
        assertThat(futures.values()).as("every send completed").allMatch(CompletableFuture::isDone);
        // B was refused: the log holds every other record once, in send order
        assertThat(inLog.stream()
                        .map(entry -> entry.substring(0, entry.indexOf('@')))
                        .toList())
                .as(described)
                .containsExactly("warm-up", "A", "last");
        futures.forEach((name, future) -> {
            if (future.isCompletedExceptionally()) {
                return;
            }
            long acknowledged = future.join().offset();
            if (acknowledged >= 0) {
                assertThat(offsets.get(name))
                        .as("offset of acknowledged %s; %s", name, described)
                        .isEqualTo(acknowledged);
            }
        });
    }
}
