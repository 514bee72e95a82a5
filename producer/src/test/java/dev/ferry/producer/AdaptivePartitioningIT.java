package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** KIP-794: with records without a key, a broker that answers slowly gets fewer of them. */
class AdaptivePartitioningIT {

    @Test
    void aSlowBrokerGetsMeasurablyFewerRecordsWithoutKeys() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).proxied().start()) {
            kafka.createTopic(new NewTopic("adaptive", Map.of(0, List.of(1), 1, List.of(2), 2, List.of(3))));
            kafka.proxy(3).latency(Duration.ofMillis(150));
            // a small buffer makes send() wait for the brokers, so queue depths reflect how fast each one drains
            Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "batch.size", "2048", "linger.ms", "0", "buffer.memory", "65536", "max.block.ms", "60000");
            int count = 20_000;
            Map<Integer, Integer> perPartition = new HashMap<>();
            try (FerryProducer<String, String> producer = new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    futures.add(producer.send(new ProducerRecord<>("adaptive", null, "u".repeat(100))));
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    perPartition.merge(future.get(120, TimeUnit.SECONDS).partition(), 1, Integer::sum);
                }
            }

            double slowShare = perPartition.getOrDefault(2, 0) / (double) count;
            assertThat(slowShare).as("share of the slow broker's partition, of %s", perPartition).isLessThan(0.25);
            assertThat(perPartition.getOrDefault(0, 0) + perPartition.getOrDefault(1, 0)).isGreaterThan(count * 3 / 4);
        }
    }
}
