package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.FaultProxy;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The STALE_METADATA world's finding (fixed in 2328202) against real brokers. Every broker's proxy
 * keeps the Metadata answer it forwarded while the first broker led the partition; the leadership
 * then moves to the second broker, the producer learns of it and delivers there; from then on every
 * Metadata request is answered with the kept answer, which names the old leader in the older leader
 * epoch, as a broker whose metadata lags the change answers. Before the fix the producer took it
 * and sent the partition's batches back to the old leader, which refused them with
 * NOT_LEADER_OR_FOLLOWER, again after every refresh; now it keeps the leader of the newest epoch it
 * heard, as kafka-clients' {@code Metadata} does. kafka-clients' consumer then reads every record
 * back once, in send order.
 */
class StaleMetadataIT {
    private static final String TOPIC = "stale-metadata";
    /** Metadata refreshes often, so the stale answers come many times while records are sent. */
    private static final int METADATA_MAX_AGE_MS = 200;
    /** Stale Metadata answers the producer must hear before the test ends. */
    private static final int STALE_ANSWERS = 5;

    private final List<String> sent = new ArrayList<>();
    /** Fails a delivery at once when it turns true: nothing is watched until the producer knows the new leader. */
    private Callable<Boolean> wentBackToOldLeader = () -> false;

    @Test
    void metadataNamingTheOldLeaderInAnOlderEpochDoesNotTakeProduceBackToIt() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).proxied().start()) {
            int oldLeader = kafka.brokerIds().get(0);
            int newLeader = kafka.brokerIds().get(1);
            int third = kafka.brokerIds().get(2);
            kafka.createTopic(new NewTopic(TOPIC, Map.of(0, List.of(oldLeader, newLeader, third))));
            Map<String, Object> config = ItSetup.idempotentQuickToRetry(kafka.bootstrapServers(), 5_000, 20_000);
            config.put("metadata.max.age.ms", Integer.toString(METADATA_MAX_AGE_MS));
            List<FaultProxy> proxies =
                    kafka.brokerIds().stream().map(kafka::proxy).toList();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                // given records delivered to the first leader, and every proxy's Metadata answer naming it
                deliver(producer, 0, 10);
                assertThat(leaderOf(producer)).isEqualTo(oldLeader);
                for (int broker : kafka.brokerIds()) {
                    passMetadataThrough(kafka.brokerAddress(broker));
                    kafka.proxy(broker).snapshotMetadata();
                }

                // when the leadership moves, the producer learns of it and delivers to the new leader
                LeaderMoves.moveLeadership(
                        kafka.admin(), new org.apache.kafka.common.TopicPartition(TOPIC, 0), newLeader);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(producer) == newLeader);
                FaultProxy oldLeaderProxy = kafka.proxy(oldLeader);
                int producesToOldLeader = oldLeaderProxy.forwardedProduceRequests();
                wentBackToOldLeader = () -> oldLeaderProxy.forwardedProduceRequests() > producesToOldLeader;
                deliver(producer, 10, 20);

                // and then every broker answers Metadata as before the move, for several refreshes
                proxies.forEach(proxy -> proxy.answerMetadataFromSnapshot(true));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInSameThread()
                        .alias(STALE_ANSWERS + " Metadata answers from the snapshots while records are sent")
                        .until(() -> {
                            deliver(producer, sent.size(), sent.size() + 1);
                            return staleAnswers(proxies) >= STALE_ANSWERS;
                        });
                deliver(producer, sent.size(), sent.size() + 10);

                // then nothing went back to the old leader
                assertThat(oldLeaderProxy.forwardedProduceRequests())
                        .as("Produce requests through the old leader's proxy once the producer knew the new leader")
                        .isEqualTo(producesToOldLeader);
                assertThat(leaderOf(producer)).isEqualTo(newLeader);
            } finally {
                proxies.forEach(proxy -> proxy.answerMetadataFromSnapshot(false));
            }

            List<String> inLog = ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC).stream()
                    .map(StaleMetadataIT::value)
                    .toList();
            assertThat(inLog).as("the log, read by kafka-clients' consumer").containsExactlyElementsOf(sent);
        }
    }

    /**
     * A producer of its own, bootstrapped from one broker's proxy only, asks that broker for the
     * topic's metadata with the same request the producer under test sends: the proxy then has an
     * answer to keep, whichever brokers the producer under test asked.
     */
    private static void passMetadataThrough(String brokerAddress) {
        Map<String, Object> config = ItSetup.idempotentQuickToRetry(brokerAddress, 5_000, 20_000);
        try (FerryProducer<String, String> asker =
                new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThat(asker.partitionsFor(TOPIC)).hasSize(1);
        }
    }

    private static int staleAnswers(List<FaultProxy> proxies) {
        return proxies.stream()
                .mapToInt(FaultProxy::metadataAnsweredFromSnapshot)
                .sum();
    }

    /**
     * Sends records {@code from} to {@code to - 1} one at a time, each acknowledged before the next;
     * fails as soon as a Produce request goes back to the old leader, rather than when the record
     * expires after its retries there.
     */
    private void deliver(FerryProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String value = "record-" + i;
            sent.add(value);
            CompletableFuture<RecordMetadata> delivery = producer.send(new ProducerRecord<>(TOPIC, "k", value));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(10))
                    .failFast(
                            "a Produce request reached the old leader's proxy after the producer knew the new leader",
                            wentBackToOldLeader)
                    .until(delivery::isDone);
            delivery.get();
        }
    }

    private static int leaderOf(FerryProducer<String, String> producer) {
        return producer.partitionsFor(TOPIC).get(0).leader().id();
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
