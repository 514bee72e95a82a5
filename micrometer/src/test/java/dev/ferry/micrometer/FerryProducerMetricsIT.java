package dev.ferry.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import dev.ferry.testkit.KafkaCluster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FerryProducerMetricsIT {

    @Test
    void aProducersMetricsAreMetersNamedAsMicrometerNamesKafkaClientsOnes() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .start()) {
            kafka.createTopic("metered", 2, 1);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            FerryProducerMetrics binder = new FerryProducerMetrics();
            ProducerConfig config = ProducerConfig.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    .clientId("metered-app")
                    .build();
            try (FerryProducer<String, String> producer = FerryProducer.<String, String>builder(config)
                    .keySerializer(new StringSerializer())
                    .valueSerializer(new StringSerializer())
                    .metricsReporter(binder)
                    .build()) {
                // given the binder bound after start, when records go to a topic
                binder.bindTo(registry);
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("metered", "k" + i, "v" + i));
                }
                producer.flush();

                // then producer-wide, topic and broker meters carry Micrometer's kafka names and tags
                FunctionCounter sent = registry.get("kafka.producer.record.send.total")
                        .tag("client.id", "metered-app")
                        .functionCounter();
                assertThat(sent.count()).isEqualTo(50.0);
                FunctionCounter topicSent = registry.get("kafka.producer.topic.record.send.total")
                        .tags("client.id", "metered-app", "topic", "metered")
                        .functionCounter();
                assertThat(topicSent.count()).isEqualTo(50.0);
                Gauge available =
                        registry.get("kafka.producer.buffer.available.bytes").gauge();
                assertThat(available.value()).isEqualTo(33_554_432.0);
                Gauge latency = registry.get("kafka.producer.node.request.latency.avg")
                        .tags(
                                "client.id",
                                "metered-app",
                                "node.id",
                                "node-" + kafka.brokerIds().get(0))
                        .gauge();
                assertThat(latency.value()).isPositive();
                assertThat(registry.get("kafka.producer.record.error.rate")
                                .gauge()
                                .value())
                        .isZero();
            }
            // and closing the producer removes its meters
            assertThat(registry.find("kafka.producer.record.send.total").meters())
                    .isEmpty();
            assertThat(registry.getMeters()).isEmpty();
        }
    }
}
