package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class MessageTooLargeIT {

    @Test
    void batchesTheBrokerRejectsAsTooLargeAreSplitAndEveryRecordArrivesOnce() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic(
                    new NewTopic("small-messages", 1, (short) 1).configs(Map.of("max.message.bytes", "6000")));
            Map<String, Object> config =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "batch.size", "60000", "linger.ms", "200");
            List<String> sent = new ArrayList<>();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 300; i++) {
                    String value = i + "-" + "m".repeat(480);
                    sent.add(value);
                    futures.add(producer.send(new ProducerRecord<>("small-messages", value)));
                }
                CompletableFuture<RecordMetadata> alone =
                        producer.send(new ProducerRecord<>("small-messages", "b".repeat(7000)));
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertThatThrownBy(() -> alone.get(60, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(RecordTooLargeException.class)
                        .hasMessageContaining("MESSAGE_TOO_LARGE (10) producing to small-messages-0");
            }

            List<String> read = ConsumerOracle.readAll(kafka.bootstrapServers(), "small-messages", sent.size()).stream()
                    .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(read).containsExactlyElementsOf(sent);
        }
    }

    /**
     * Without idempotence there is no sequence to order a split batch's parts by: with
     * max.in.flight.requests.per.connection=1, kafka-clients' setting for send order, every record
     * is still in the log once and in send order. The parts of a split batch, which keep its
     * delivery deadline, were queued behind one another and went out last part first.
     */
    @Test
    void withoutIdempotenceTheRecordsOfSplitBatchesAreWrittenInSendOrder() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic(
                    new NewTopic("split-in-order", 1, (short) 1).configs(Map.of("max.message.bytes", "6000")));
            Map<String, Object> config = Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "enable.idempotence", "false",
                    "acks", "1",
                    "max.in.flight.requests.per.connection", "1",
                    "batch.size", "60000",
                    "linger.ms", "200");
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 300; i++) {
                    futures.add(producer.send(new ProducerRecord<>("split-in-order", i + "-" + "m".repeat(480))));
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }

            // each record's number, so that a failure lists the order rather than 300 long values
            List<Integer> read = ConsumerOracle.readAll(kafka.bootstrapServers(), "split-in-order", 300).stream()
                    .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .map(value -> Integer.parseInt(value.substring(0, value.indexOf('-'))))
                    .toList();
            assertThat(read)
                    .containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        }
    }

    /**
     * flush() waits for the records sent before it, also when their batch is refused as too large and
     * split: it waited for the split batch itself, which never completes, and hung (found by the
     * simulator, seed 12).
     */
    @Test
    void flushReturnsOnceTheRecordsOfASplitBatchAreDelivered() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic(new NewTopic("split-flush", 1, (short) 1).configs(Map.of("max.message.bytes", "6000")));
            Map<String, Object> config =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "batch.size", "60000", "linger.ms", "600000");
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    futures.add(producer.send(new ProducerRecord<>("split-flush", i + "-" + "m".repeat(480))));
                }

                CompletableFuture.runAsync(producer::flush).get(60, TimeUnit.SECONDS);

                assertThat(futures).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
            }
        }
    }
}
