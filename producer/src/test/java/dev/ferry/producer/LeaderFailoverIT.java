package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LeaderFailoverIT {

    @Test
    void stoppingTheLeaderWhileProducingIdempotentlyLosesAndDuplicatesNothing() throws Exception {
        try (KafkaCluster kafka = ItSetup.threeBrokersTwoInSync().start()) {
            kafka.createTopic("failover", 3, 3);
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", kafka.bootstrapServers());
            config.put("linger.ms", "5");
            config.put("batch.size", "4096");
            config.put("retry.backoff.ms", "50");
            config.put("request.timeout.ms", "5000");
            int count = 20_000;
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                int leader = kafka.admin()
                        .describeTopics(List.of("failover"))
                        .allTopicNames()
                        .get()
                        .get("failover")
                        .partitions()
                        .get(0)
                        .leader()
                        .id();
                for (int i = 0; i < count; i++) {
                    futures.add(
                            producer.send(new ProducerRecord<>("failover", "key-" + (i % 30), Integer.toString(i))));
                    if (i == count / 4) {
                        kafka.stopBroker(leader);
                    }
                    if (i == count / 2) {
                        kafka.startBroker(leader);
                    }
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }

            List<ConsumerRecord<byte[], byte[]>> records =
                    ConsumerOracle.readAll(kafka.bootstrapServers(), "failover", count);
            assertThat(records).as("0 lost, 0 duplicated").hasSize(count);
            Map<String, Integer> lastPerKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                int value = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
                Integer previous = lastPerKey.put(key, value);
                assertThat(previous == null || previous < value)
                        .as("order of key %s", key)
                        .isTrue();
            }
        }
    }
}
