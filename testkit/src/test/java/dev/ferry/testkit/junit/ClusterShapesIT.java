package dev.ferry.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.Producer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** The broker shapes a user may ask for, each started without JUnit and checked end to end. */
class ClusterShapesIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void threeBrokersReplicateTheTopicsThreeTimes() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                .brokers(3)
                .isolated()
                .topic("shapes-replicated", 2)
                .build()
                .start()) {
            TopicDescription topic = kafka.cluster()
                    .admin()
                    .describeTopics(java.util.List.of("shapes-replicated"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("shapes-replicated");
            assertThat(kafka.cluster().brokerIds()).hasSize(3);
            assertThat(topic.partitions()).hasSize(2).allSatisfy(partition -> assertThat(partition.replicas())
                    .hasSize(3));

            send(kafka, "shapes-replicated", "acks-all");
            assertThat(kafka.readValues("shapes-replicated", String.class, 1, TIMEOUT))
                    .containsExactly("acks-all");
        }
    }

    @Test
    void aBrokerInAChildJvmServesLikeAnInProcessOne() {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().childJvm().topic("shapes-child").build().start()) {
            send(kafka, "shapes-child", "from the test JVM");
            assertThat(kafka.readValues("shapes-child", String.class, 1, TIMEOUT))
                    .containsExactly("from the test JVM");
        }
    }

    @Test
    void anIsolatedBrokerStopsAndStartsAgainWithItsData() {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                .isolated()
                .topic("shapes-restart")
                .build()
                .start()) {
            send(kafka, "shapes-restart", "before the stop");
            kafka.stopBroker();
            kafka.startBroker();
            send(kafka, "shapes-restart", "after the start");
            assertThat(kafka.readValues("shapes-restart", String.class, 2, TIMEOUT))
                    .containsExactly("before the stop", "after the start");
        }
    }

    private static void send(EmbeddedKafka kafka, String topic, String value) {
        Map<String, Object> properties = kafka.producerProperties();
        properties.put("acks", "all");
        try (Producer<String, String> producer = FerryProducer.<String, String>builder(
                        ProducerConfig.fromProperties(properties))
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .build()) {
            producer.send(new ProducerRecord<>(topic, 0, "k", value)).join();
        }
    }
}
