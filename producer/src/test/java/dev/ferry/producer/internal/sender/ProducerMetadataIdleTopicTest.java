package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * metadata.max.idle.ms (5,000 here) on a manual clock: a topic not sent to for that long is no longer
 * asked for, as kafka-clients' {@code ProducerMetadata.retainTopic} forgets it; a send to it waits for
 * its metadata again. Sweeps run from {@code timeToNextUpdate}, at most once a second.
 */
class ProducerMetadataIdleTopicTest {
    private static final long MAX_IDLE_MS = 5_000;
    private static final Node BROKER = new Node(1, "localhost", 9092);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ProducerMetadata metadata =
            new ProducerMetadata(300_000, MAX_IDLE_MS, new Backoff(100, 1_000, Backoff.JITTER, () -> 0.5), clock);

    @Test
    void aTopicNotSentToForMaxIdleMsIsNoLongerAskedFor() {
        // given two topics known, of which only "orders" is sent to from then on
        register("orders");
        register("payments");
        answer(clusterWith("orders", "payments"));

        // when
        for (int second = 1; second <= 7; second++) {
            clock.advance(1_000);
            assertThat(metadata.clusterWithTopic("orders")).isNotNull();
            metadata.timeToNextUpdate(clock.getAsLong());
        }

        // then
        assertThat(metadata.topicsToAsk()).containsExactly("orders");
        assertThat(metadata.clusterWithTopic("payments"))
                .as("a send to it goes through the waiting look-up, which asks for it again")
                .isNull();
    }

    @Test
    void aTopicIsKeptUntilMaxIdleMsHasPassedSinceItsLastSend() {
        register("orders");
        answer(clusterWith("orders"));
        clock.advance(2_000);
        metadata.clusterWithTopic("orders");
        metadata.timeToNextUpdate(clock.getAsLong());

        clock.advance(4_000);
        metadata.timeToNextUpdate(clock.getAsLong());
        assertThat(metadata.topicsToAsk()).as("4 s after its last send").containsExactly("orders");

        clock.advance(1_000);
        metadata.timeToNextUpdate(clock.getAsLong());
        assertThat(metadata.topicsToAsk()).as("5 s after its last send").isEmpty();
    }

    @Test
    void aTopicDroppedAsIdleIsAskedForAtOnceByItsNextSend() {
        register("orders");
        answer(clusterWith("orders"));
        clock.advance(6_000);
        metadata.timeToNextUpdate(clock.getAsLong());
        assertThat(metadata.topicsToAsk()).isEmpty();
        answer(clusterWith());
        metadata.requestUpdate();
        assertThat(metadata.timeToNextUpdate(clock.getAsLong()))
                .as("an ordinary refresh")
                .isEqualTo(100);

        register("orders");

        assertThat(metadata.timeToNextUpdate(clock.getAsLong())).isZero();
        assertThat(metadata.topicsToAsk()).containsExactly("orders");
    }

    /** kafka-clients re-adds the topics of batches without a leader; otherwise they would wait for delivery.timeout.ms. */
    @Test
    void aTopicWithRecordsWaitingForALeaderIsAskedForAgainHoweverIdle() {
        register("orders");
        answer(clusterWith("orders"));
        clock.advance(6_000);
        metadata.timeToNextUpdate(clock.getAsLong());
        answer(clusterWith());
        assertThat(metadata.topicsToAsk()).isEmpty();

        metadata.requestUpdateForTopics(List.of("orders"), clock.getAsLong());

        assertThat(metadata.topicsToAsk()).containsExactly("orders");
        assertThat(metadata.timeToNextUpdate(clock.getAsLong())).isZero();
    }

    @Test
    void aSendWaitingLongerThanMaxIdleMsKeepsItsTopicAskedFor() throws Exception {
        register("orders");
        CompletableFuture<Cluster> waiting = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                waiting.complete(metadata.awaitTopic("orders", 60_000, () -> {}));
            } catch (RuntimeException e) {
                waiting.completeExceptionally(e);
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.getState() == Thread.State.TIMED_WAITING);

        for (int second = 1; second <= 12; second++) {
            clock.advance(1_000);
            metadata.timeToNextUpdate(clock.getAsLong());
        }

        assertThat(metadata.topicsToAsk()).containsExactly("orders");
        answer(clusterWith("orders"));
        assertThat(waiting.get(5, TimeUnit.SECONDS).partitionsForTopic("orders"))
                .hasSize(1);
    }

    /** As a first send() does: the topic is asked for, and not there yet. */
    private void register(String topic) {
        assertThatThrownBy(() -> metadata.awaitTopic(topic, 0, () -> {})).isInstanceOf(TimeoutException.class);
    }

    private void answer(Cluster cluster) {
        metadata.topicsToAsk();
        metadata.update(new ProducerMetadata.Answer(cluster, Map.of(), Map.of(), Map.of(), true), clock.getAsLong());
    }

    private static Cluster clusterWith(String... topics) {
        return new Cluster(
                "c",
                List.of(BROKER),
                Arrays.stream(topics)
                        .map(topic -> new PartitionInfo(topic, 0, BROKER, List.of(BROKER), List.of(BROKER), List.of()))
                        .toList());
    }
}
