package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ThreeBrokerIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder()
            .brokers(3)
            .brokerProperty("min.insync.replicas", "2")
            .start();

    @Test
    void layoutIsThreeBrokersBehindOneController() {
        assertThat(kafka.brokerIds()).containsExactly(1, 2, 3);
        assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
    }

    @Test
    void leaderRestartLosesNoAcknowledgedRecord() throws Exception {
        kafka.createTopic("replicated", 1, 3);
        Oracle.produce(kafka.bootstrapServers(), "replicated", "before", 300);
        int leader = leaderOf("replicated");

        kafka.restartBroker(leader);
        Oracle.produce(kafka.bootstrapServers(), "replicated", "after", 300);

        List<String> expected = new java.util.ArrayList<>(Oracle.expectedValues("before", 300));
        expected.addAll(Oracle.expectedValues("after", 300));
        assertThat(Oracle.consumeValues(kafka.bootstrapServers(), "replicated", 600))
                .containsExactlyElementsOf(expected);
    }

    private static int leaderOf(String topic) throws Exception {
        TopicDescription description = kafka.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic);
        return description.partitions().get(0).leader().id();
    }
}
