package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BrokerOutageIT {

    @Test
    void withTheBrokerGoneSendBlocksOnAFullBufferAndQueuedRecordsExpireAfterDeliveryTimeout() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic("outage", 1, 1);
            Map<String, Object> config = Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "buffer.memory",
                    "65536",
                    "batch.size",
                    "16384",
                    "linger.ms",
                    "0",
                    "max.block.ms",
                    "1500",
                    "request.timeout.ms",
                    "1000",
                    "delivery.timeout.ms",
                    "4000",
                    "reconnect.backoff.ms",
                    "100",
                    "reconnect.backoff.max.ms",
                    "200");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("outage", "k", "before")).get(10, TimeUnit.SECONDS);
                kafka.stopBroker(1);

                List<CompletableFuture<RecordMetadata>> queued = new ArrayList<>();
                long firstQueuedAt = System.nanoTime();
                CompletableFuture<RecordMetadata> rejected = null;
                long blockedMs = 0;
                for (int i = 0; i < 1000 && rejected == null; i++) {
                    long start = System.nanoTime();
                    CompletableFuture<RecordMetadata> future =
                            producer.send(new ProducerRecord<>("outage", "k", "x".repeat(8000)));
                    if (future.isCompletedExceptionally()) {
                        rejected = future;
                        blockedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    } else {
                        queued.add(future);
                    }
                }

                assertThat(rejected)
                        .as("send() gave up once buffer.memory was used up")
                        .isNotNull();
                assertThatThrownBy(rejected::get)
                        .cause()
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("buffer");
                assertThat(blockedMs).as("it blocked for max.block.ms first").isGreaterThanOrEqualTo(1400);
                assertThat(queued).isNotEmpty();
                CompletableFuture<RecordMetadata> first = queued.get(0);
                assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS))
                        .as("not never")
                        .cause()
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("delivery.timeout.ms");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstQueuedAt))
                        .as("not before delivery.timeout.ms")
                        .isGreaterThanOrEqualTo(3_900);
            }
        }
    }
}
