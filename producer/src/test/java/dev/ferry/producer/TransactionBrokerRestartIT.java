package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class TransactionBrokerRestartIT {

    @Test
    void aBrokerRestartInTheMiddleOfATransactionNeverLeavesItHalfVisible() {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic("restart-txn", 1, 1);
            Map<String, Object> config = ItSetup.config(
                    ItSetup.RIDES_OUT_A_RESTART,
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "transactional.id",
                    "restarter");
            boolean committed;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("restart-txn", "k", "before-" + i));
                }
                producer.flush();

                kafka.restartBroker(1);
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("restart-txn", "k", "after-" + i));
                }
                committed = commitOrAbort(producer);
            }

            List<String> visible = readCommitted(kafka);
            if (committed) {
                assertThat(visible).hasSize(100).startsWith("before-0").endsWith("after-49");
            } else {
                assertThat(visible).as("an aborted transaction shows nothing").isEmpty();
            }
        }
    }

    private static boolean commitOrAbort(FerryProducer<String, String> producer) {
        try {
            producer.commitTransaction();
            return true;
        } catch (FerryException e) {
            producer.abortTransaction();
            return false;
        }
    }

    private static List<String> readCommitted(KafkaCluster kafka) {
        Map<String, Object> config =
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("restart-txn", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // A read_committed consumer's end offset is the last stable offset, which stays before the transaction
            // until
            // the coordinator has written its markers; the log end offset includes the marker.
            long end = logEndOffset(kafka, partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static long logEndOffset(KafkaCluster kafka, org.apache.kafka.common.TopicPartition partition) {
        Map<String, Object> config =
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }
}
