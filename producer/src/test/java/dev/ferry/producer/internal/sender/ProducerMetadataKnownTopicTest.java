package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.TimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** send()'s look-up without the monitor: it answers only what the waiting look-up would answer at once. */
class ProducerMetadataKnownTopicTest {
    private static final Node BROKER = new Node(1, "localhost", 9092);

    @Test
    void aTopicWithoutPartitionsIsLeftToTheWaitingLookUp() {
        // given metadata that knows only topic a
        ProducerMetadata metadata = new ProducerMetadata(300_000, 300_000, Backoff.withJitter(100, 1_000), () -> 0L);
        register(metadata, "a");
        metadata.update(answer(clusterWith("a")), 0);

        // when / then
        assertThat(metadata.clusterWithTopic("b")).isNull();
        assertThat(metadata.topicsToAsk())
                .as("nothing registered by the look-up")
                .containsExactly("a");
    }

    /** Set.copyOf iterated in an order salted per JVM: a refresh asked for the topics differently in another JVM. */
    @Test
    void refreshesAskForTheTopicsInTheOrderTheyWereFirstSentTo() {
        ProducerMetadata metadata = new ProducerMetadata(300_000, 300_000, Backoff.withJitter(100, 1_000), () -> 0L);
        List<String> sent = List.of("payments", "orders", "audit", "clicks", "refunds", "users", "carts", "events");
        sent.forEach(topic -> register(metadata, topic));
        register(metadata, "orders");

        assertThat(metadata.topicsToAsk()).containsExactlyElementsOf(sent);
    }

    @Test
    void aKnownTopicGetsTheClusterTheWaitingLookUpReturns() {
        // given
        ProducerMetadata metadata = new ProducerMetadata(300_000, 300_000, Backoff.withJitter(100, 1_000), () -> 0L);
        register(metadata, "a");
        Cluster first = clusterWith("a");
        metadata.update(answer(first), 0);

        // when
        Cluster known = metadata.clusterWithTopic("a");

        // then
        assertThat(known).isSameAs(first).isSameAs(metadata.awaitTopic("a", 0, () -> {}));
        assertThat(metadata.topicsToAsk()).containsExactly("a");

        // and a refresh is seen by the next look-up
        Cluster second = clusterWith("a");
        metadata.update(answer(second), 1);
        assertThat(metadata.clusterWithTopic("a")).isSameAs(second);
    }

    /** As a first send() does: the topic is asked for, and not there yet. */
    private static void register(ProducerMetadata metadata, String topic) {
        assertThatThrownBy(() -> metadata.awaitTopic(topic, 0, () -> {})).isInstanceOf(TimeoutException.class);
    }

    private static ProducerMetadata.Answer answer(Cluster cluster) {
        return new ProducerMetadata.Answer(cluster, Map.of(), Map.of(), Map.of(), true);
    }

    private static Cluster clusterWith(String topic) {
        return new Cluster(
                "c",
                List.of(BROKER),
                List.of(new PartitionInfo(topic, 0, BROKER, List.of(BROKER), List.of(BROKER), List.of())));
    }
}
