package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.ConformanceSides.ACKS_ALL;
import static dev.ferry.producer.internal.sender.ConformanceSides.ACKS_LEADER;
import static dev.ferry.producer.internal.sender.ConformanceSides.batch;
import static dev.ferry.producer.internal.sender.ConformanceSides.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.sender.ModelConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Holds the simulator's {@link ModelCluster} to Kafka 4.4 where it takes more than one broker:
 * min.insync.replicas. A single broker cannot show NOT_ENOUGH_REPLICAS, since Kafka counts
 * min.insync.replicas at most up to the partition's replica count (Partition.effectiveMinIsr), so
 * this suite runs three brokers and stops a follower: the controller takes it out of the ISR, and
 * the same batches go to the partition's leader and to the model, whose follower is down too.
 */
class ModelReplicationConformanceIT {
    private static final String TOPIC = "conformance-min-isr";
    /** The records' timestamp; producer state does not expire in this suite. */
    private static final long NOW = System.currentTimeMillis();

    /**
     * With fewer in-sync replicas than min.insync.replicas, an acks=all batch is NOT_ENOUGH_REPLICAS
     * before any other check (a sequence gap too) and leaves the sequence where it was; acks=1 is
     * written meanwhile; once the follower is back in the ISR, acks=all is written again and a batch
     * sent again is a duplicate, whatever acks it first went with.
     */
    @Test
    void anAcksAllBatchIsRefusedWhileThePartitionIsUnderMinInsyncReplicas() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).start()) {
            kafka.createTopic(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "3")));
            List<Integer> brokers = kafka.brokerIds();
            int leader = describe(kafka).partitions().get(0).leader().id();
            int follower =
                    brokers.stream().filter(id -> id != leader).findFirst().orElseThrow();
            ModelCluster model = new ModelCluster(TOPIC, 1, 3, false, id -> false);
            model.minInsyncReplicas(3);
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            assertThat(model.replication().moveLeader(partition, brokers.indexOf(leader)))
                    .isTrue();

            try (ConformanceSides sides = new ConformanceSides(kafka, leader, TOPIC, model)) {
                long producerId = sides.newProducerId();
                expect(sides.send(ACKS_ALL, batch(producerId, NOW, 0, 0, 1)), Answer.of(ErrorCode.NONE, 0));

                kafka.stopBroker(follower);
                model.replication().crash(brokers.indexOf(follower));
                awaitIsr(kafka, 2);
                assertThat(model.replication().isr(partition)).hasSize(2);

                expect(
                        sides.send(ACKS_ALL, batch(producerId, NOW, 2, 2, 3)),
                        Answer.of(ErrorCode.NOT_ENOUGH_REPLICAS, -1));
                // a gap: refused for the replicas first
                expect(
                        sides.send(ACKS_ALL, batch(producerId, NOW, 7, 4)),
                        Answer.of(ErrorCode.NOT_ENOUGH_REPLICAS, -1));
                ByteBuffer leaderOnly = batch(producerId, NOW, 2, 2, 3);
                expect(sides.send(ACKS_LEADER, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                expect(sides.send(ACKS_LEADER, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                // the sequence went on with the acks=1 batch
                expect(
                        sides.send(ACKS_LEADER, batch(producerId, NOW, 5, 4)),
                        Answer.of(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1));

                kafka.startBroker(follower);
                model.restart(brokers.indexOf(follower));
                awaitIsr(kafka, 3);
                assertThat(model.replication().isr(partition)).hasSize(3);

                expect(sides.send(ACKS_ALL, leaderOnly), Answer.of(ErrorCode.NONE, 2));
                expect(sides.send(ACKS_ALL, batch(producerId, NOW, 4, 4)), Answer.of(ErrorCode.NONE, 4));
            }
        }
    }

    private static TopicDescription describe(KafkaCluster kafka) throws Exception {
        return kafka.admin()
                .describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(60, TimeUnit.SECONDS)
                .get(TOPIC);
    }

    private static void awaitIsr(KafkaCluster kafka, int size) {
        Awaitility.await("the ISR of " + TOPIC + "-0 has " + size + " replicas")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> describe(kafka).partitions().get(0).isr().stream()
                                .map(Node::id)
                                .toList(),
                        isr -> isr.size() == size);
    }
}
