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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The seed's "ACK lost" case, through a proxy that drops Produce responses and cuts the connection. */
class IdempotenceIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.builder().proxied().start();

    private static FerryProducer<String, String> producer(boolean idempotence) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("enable.idempotence", Boolean.toString(idempotence));
        config.put("acks", "all");
        config.put("linger.ms", "2");
        config.put("batch.size", "2048");
        config.put("retry.backoff.ms", "20");
        config.put("reconnect.backoff.ms", "20");
        return new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void lostAcknowledgementsCauseNoDuplicatesWithIdempotence() throws Exception {
        kafka.createTopic("ack-lost-idempotent", 1, 1);
        List<String> sent = sendThroughLostAcks(true, "ack-lost-idempotent");

        List<String> read =
                values(ConsumerOracle.readAll(kafka.bootstrapServers(), "ack-lost-idempotent", sent.size()));

        assertThat(read).containsExactlyElementsOf(sent);
    }

    @Test
    void lostAcknowledgementsCauseDuplicatesWithoutIdempotence() throws Exception {
        kafka.createTopic("ack-lost-plain", 1, 1);
        List<String> sent = sendThroughLostAcks(false, "ack-lost-plain");

        List<String> read = values(ConsumerOracle.readAll(kafka.bootstrapServers(), "ack-lost-plain", sent.size() + 1));

        assertThat(read)
                .as("the same test without idempotence must see duplicates, or it proves nothing")
                .hasSizeGreaterThan(sent.size())
                .containsAll(sent);
    }

    private static List<String> sendThroughLostAcks(boolean idempotence, String topic) throws Exception {
        List<String> sent = new ArrayList<>();
        try (FerryProducer<String, String> producer = producer(idempotence)) {
            producer.send(new ProducerRecord<>(topic, "k", "warm-up")).get(10, TimeUnit.SECONDS);
            sent.add("warm-up");
            int lostBefore = kafka.proxy(1).lostProduceResponses();
            kafka.proxy(1).loseProduceResponses(3);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String value = "v" + i + "-" + "p".repeat(50);
                futures.add(producer.send(new ProducerRecord<>(topic, "k", value)));
                sent.add(value);
            }
            for (CompletableFuture<RecordMetadata> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertThat(kafka.proxy(1).lostProduceResponses() - lostBefore)
                    .as("responses the proxy dropped")
                    .isEqualTo(3);
        }
        return sent;
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
