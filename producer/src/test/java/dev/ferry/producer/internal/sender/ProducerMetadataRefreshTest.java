package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.TimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the I/O thread may refresh metadata, as kafka-clients' {@code Metadata.timeToNextUpdate}
 * decides it: retry.backoff.ms 100 and retry.backoff.max.ms 1,000 on a manual clock, the jitter's
 * draw fixed in the middle of its range so that every wait is its nominal value.
 */
class ProducerMetadataRefreshTest {
    private static final long MAX_AGE_MS = 60_000;
    private static final Node BROKER = new Node(1, "localhost", 9092);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final ProducerMetadata metadata = metadata(MAX_AGE_MS);

    @Test
    void aTopicFirstSentToIsAskedForAtOnceEvenRightAfterARefresh() {
        register("orders");
        answer(clusterWith("orders"), true);
        metadata.requestUpdate();
        assertThat(timeToNextUpdate()).as("any other refresh").isEqualTo(100);

        register("payments");

        assertThat(timeToNextUpdate()).isZero();
    }

    /** The first refresh of a producer (the topics it will send to come later) and the first for a topic go at once. */
    @Test
    void aNewProducerRefreshesAtOnce() {
        assertThat(timeToNextUpdate()).isZero();
    }

    /** The request in flight did not ask for it: the topic is asked for as soon as the answer is in. */
    @Test
    void aTopicFirstSentToWhileARefreshIsInFlightIsAskedForRightAfterItsAnswer() {
        register("orders");
        metadata.topicsToAsk();
        register("payments");

        metadata.update(
                new ProducerMetadata.Answer(clusterWith("orders"), Map.of(), Map.of(), Map.of(), true),
                clock.getAsLong());

        assertThat(timeToNextUpdate()).isZero();
    }

    @Test
    void aRefreshAskedForAfterAnAnswerWaitsRetryBackoffMsFromThatAnswer() {
        register("orders");
        answer(clusterWith("orders"), true);
        clock.advance(40);

        metadata.requestUpdate();

        assertThat(timeToNextUpdate()).isEqualTo(60);
        clock.advance(60);
        assertThat(timeToNextUpdate()).isZero();
    }

    /** A topic the brokers do not have: each answer changes nothing, and the producer asks half as often each time. */
    @Test
    void answersThatChangeNothingDoubleTheWaitUpToRetryBackoffMaxMs() {
        register("missing");

        assertThat(waitsAfter(7, answerWithout("missing")))
                .containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L, 1_000L);
    }

    /**
     * Refreshes asked for again and again (a partition's leader refuses its batches: the producer's
     * view is stale) while the answers name the same leaders, until one names a new leader.
     */
    @Test
    void anAnswerThatChangesALeaderStartsOverAtRetryBackoffMs() {
        register("orders");
        ProducerMetadata.Answer sameLeaders =
                new ProducerMetadata.Answer(clusterWith("orders"), Map.of(), Map.of(), Map.of(), false);
        assertThat(waitsAfter(4, sameLeaders)).containsExactly(100L, 200L, 400L, 800L);

        answer(clusterWith("orders"), true);
        metadata.requestUpdate();

        assertThat(timeToNextUpdate()).isEqualTo(100);
        clock.advance(100);
        assertThat(waitsAfter(3, sameLeaders)).containsExactly(100L, 200L, 400L);
    }

    @Test
    void failedRefreshesBackOffExponentiallyUntilAnAnswerComes() {
        register("orders");
        List<Long> waits = new ArrayList<>();
        for (int failure = 0; failure < 6; failure++) {
            metadata.failedUpdate(clock.getAsLong());
            waits.add(timeToNextUpdate());
            clock.advance(waits.get(waits.size() - 1));
        }
        assertThat(waits).containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);

        answer(clusterWith("orders"), true);
        metadata.requestUpdate();
        assertThat(timeToNextUpdate()).isEqualTo(100);
    }

    /** Failures after answers that changed nothing: the failures' own count decides, from retry.backoff.ms. */
    @Test
    void aFailureAfterAnswersThatChangedNothingWaitsRetryBackoffMs() {
        register("missing");
        waitsAfter(4, answerWithout("missing"));

        metadata.failedUpdate(clock.getAsLong());

        assertThat(timeToNextUpdate()).isEqualTo(100);
    }

    @Test
    void metadataMaxAgeBringsARefreshWithoutBeingAskedFor() {
        register("orders");
        answer(clusterWith("orders"), true);
        assertThat(timeToNextUpdate()).isEqualTo(MAX_AGE_MS);

        clock.advance(MAX_AGE_MS - 1);
        assertThat(timeToNextUpdate()).isEqualTo(1);
        clock.advance(1);
        assertThat(timeToNextUpdate()).isZero();
    }

    /**
     * Metadata due by age is not held back by answers that changed nothing: kafka-clients resets
     * their count once it is due, and their backoff here ends then at the latest.
     */
    @Test
    void metadataMaxAgeCutsTheWaitAfterAnswersThatChangedNothing() {
        ProducerMetadata shortLived = metadata(500);
        assertThatThrownBy(() -> shortLived.awaitTopic("missing", 0, () -> {})).isInstanceOf(TimeoutException.class);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            shortLived.topicsToAsk();
            shortLived.update(answerWithout("missing"), clock.getAsLong());
            waits.add(shortLived.timeToNextUpdate(clock.getAsLong()));
            clock.advance(waits.get(i));
            assertThat(shortLived.timeToNextUpdate(clock.getAsLong())).isZero();
        }
        assertThat(waits).as("800 ms after the fourth answer, and on").containsExactly(100L, 200L, 400L, 500L, 100L);
    }

    /**
     * kafka-clients throws a topic's authorization or invalid-name error once and clears it; the next
     * send asks for a refresh and waits for it. Ferry threw the cached error at every send without
     * asking, and no refresh came until metadata.max.age.ms: a granted ACL was not seen for minutes.
     */
    @Test
    void aTopicsFatalErrorIsThrownOnceAndTheNextSendAsksAgain() {
        register("secret");
        KafkaErrorException refused = new KafkaErrorException(
                "TOPIC_AUTHORIZATION_FAILED", (short) 29, "fetching metadata for topic 'secret'");
        answer(new ProducerMetadata.Answer(Cluster.empty(), Map.of(), Map.of("secret", refused), Map.of(), false));
        assertThat(timeToNextUpdate())
                .as("nothing to ask for until a send wants the topic")
                .isEqualTo(MAX_AGE_MS);

        assertThatThrownBy(() -> metadata.awaitTopic("secret", 0, () -> {})).isSameAs(refused);
        assertThatThrownBy(() -> metadata.awaitTopic("secret", 0, () -> {})).isInstanceOf(TimeoutException.class);
        assertThat(timeToNextUpdate()).as("asked for again, after the backoff").isEqualTo(100);

        clock.advance(100);
        answer(clusterWith("secret"), true);
        assertThat(metadata.awaitTopic("secret", 0, () -> {}).partitionsForTopic("secret"))
                .hasSize(1);
    }

    /**
     * kafka-clients closes its metadata with its network client, and a send waiting for a topic
     * fails at once; Ferry's waited out max.block.ms and then timed out.
     */
    @Test
    void closeEndsAWaitForATopicAtOnce() throws Exception {
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                metadata.awaitTopic("orders", 60_000, () -> {});
                waiting.complete(null);
            } catch (RuntimeException e) {
                waiting.complete(e);
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.getState() == Thread.State.TIMED_WAITING);

        metadata.close("The producer was closed");

        assertThat(waiting.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ProducerClosedException.class)
                .hasMessage("The producer was closed (while waiting for the metadata of topic orders)");
    }

    @Test
    void afterCloseAKnownTopicIsStillAnsweredAndAnUnknownOneFailsAtOnce() {
        register("orders");
        answer(clusterWith("orders"), true);

        metadata.close("The producer was closed");

        assertThat(metadata.awaitTopic("orders", 60_000, () -> {}).partitionsForTopic("orders"))
                .hasSize(1);
        assertThatThrownBy(() -> metadata.awaitTopic("payments", 60_000, () -> {}))
                .isInstanceOf(ProducerClosedException.class);
    }

    private ProducerMetadata metadata(long maxAgeMs) {
        return new ProducerMetadata(maxAgeMs, 300_000, new Backoff(100, 1_000, Backoff.JITTER, () -> 0.5), clock);
    }

    private long timeToNextUpdate() {
        return metadata.timeToNextUpdate(clock.getAsLong());
    }

    /** As a first send() does: the topic is asked for, and not there yet. */
    private void register(String topic) {
        assertThatThrownBy(() -> metadata.awaitTopic(topic, 0, () -> {})).isInstanceOf(TimeoutException.class);
    }

    /** An answer to a request for every topic registered, as the I/O thread's refresh asks. */
    private void answer(Cluster cluster, boolean changed) {
        answer(new ProducerMetadata.Answer(cluster, Map.of(), Map.of(), Map.of(), changed));
    }

    private void answer(ProducerMetadata.Answer answer) {
        metadata.topicsToAsk();
        metadata.update(answer, clock.getAsLong());
    }

    /**
     * The waits after each of {@code answers} refreshes made as soon as allowed and answered alike,
     * each refresh asked for again (as a missing topic, a partition without a leader or an error
     * from a stale leader asks for it).
     */
    private List<Long> waitsAfter(int answers, ProducerMetadata.Answer answer) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            answer(answer);
            metadata.requestUpdate();
            waits.add(timeToNextUpdate());
            clock.advance(waits.get(i));
            // the I/O thread looks before it sends
            assertThat(timeToNextUpdate()).isZero();
        }
        return waits;
    }

    /** An answer that knows the brokers, and that the topic does not exist. */
    private static ProducerMetadata.Answer answerWithout(String topic) {
        return new ProducerMetadata.Answer(
                new Cluster("c", List.of(BROKER), List.of()),
                Map.of(),
                Map.of(),
                Map.of(topic, "UNKNOWN_TOPIC_OR_PARTITION (code 3)"),
                false);
    }

    private static Cluster clusterWith(String topic) {
        return new Cluster(
                "c",
                List.of(BROKER),
                List.of(new PartitionInfo(topic, 0, BROKER, List.of(BROKER), List.of(BROKER), List.of())));
    }
}
