package dev.ferry.examples.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.ExampleRuns;
import dev.ferry.testkit.KafkaCluster;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The transactional example run in-process on a broker the test starts, checked with the test's own consumers. */
class ConsumeTransformProduceIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.start();

    @Test
    void eachInputOrderIsInTheOutputOnceAndTheAbortedTransactionOnlyInTheLog() throws Exception {
        String output = ExampleRuns.run(
                ConsumeTransformProduce::run,
                0,
                "--records",
                "3000",
                "--transaction-size",
                "400",
                "--abort",
                "2",
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--registry-url",
                "mock://transform-it");

        assertThat(output)
                .contains(
                        "transaction 2: ABORTED after sending 400 PAID orders",
                        "OK: every input order is in the output exactly once");
        List<ConsumerRecord<String, byte[]>> committed =
                ExampleRuns.readAll(kafka.bootstrapServers(), ConsumeTransformProduce.OUTPUT, true);
        List<ConsumerRecord<String, byte[]>> everything =
                ExampleRuns.readAll(kafka.bootstrapServers(), ConsumeTransformProduce.OUTPUT, false);
        assertThat(committed).hasSize(3000);
        assertThat(committed.stream().map(ConsumerRecord::key).distinct()).hasSize(3000);
        assertThat(everything).hasSize(3400);
        long committedOffsets = kafka
                .admin()
                .listConsumerGroupOffsets(ConsumeTransformProduce.GROUP)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
        assertThat(committedOffsets)
                .as("the group's offsets cover the 3000 input records")
                .isEqualTo(3000);
    }

    @Test
    void aTransactionSizeOfZeroIsRejected() {
        String output = ExampleRuns.run(ConsumeTransformProduce::run, 2, "--transaction-size", "0");

        assertThat(output).startsWith("ferry-transform: --transaction-size must be at least 1, was 0");
    }
}
