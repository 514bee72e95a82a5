package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * commitTransaction() against a real broker whose answers are held back: it waits for max.block.ms,
 * as kafka-clients' does, and then throws a TimeoutException the caller may answer by calling it
 * again; the second call learns the outcome of the first commit. It waited without a bound for its
 * records (flush()), and a second call after the commit had completed was refused with "Cannot call
 * commitTransaction() in transaction state READY". kafka-clients' read_committed consumer judges.
 */
class TransactionalCommitTimeoutIT {
    private static final String TOPIC = "txn-commit-timeout";
    private static final long MAX_BLOCK_MS = 2_000;

    /** In a thread of its own: the commit this guards against waited, and close() behind it, until the records expired. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCommitThatTimesOutIsCalledAgainAndCommitsOnce() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.builder().proxied().start()) {
            kafka.createTopic(TOPIC, 1, 1);
            FerryProducer<String, String> producer = new FerryProducer<>(
                    ItSetup.config(
                            ItSetup.transactionalQuickToReconnect(kafka.bootstrapServers(), "commit-timeout", 30_000),
                            "max.block.ms",
                            Long.toString(MAX_BLOCK_MS)),
                    new StringSerializer(),
                    new StringSerializer());
            try (producer) {
                producer.initTransactions();
                producer.partitionsFor(TOPIC);
                producer.beginTransaction();

                kafka.proxy(1).holdResponses(true);
                Future<RecordMetadata> record = producer.send(new ProducerRecord<>(TOPIC, "k", "committed once"));
                long startNs = System.nanoTime();
                CompletableFuture<Void> commit = CompletableFuture.runAsync(producer::commitTransaction);
                assertThat(commit)
                        .as("the commit gives up after max.block.ms, not after the record's delivery.timeout.ms")
                        .failsWithin(Duration.ofSeconds(20))
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(TimeoutException.class)
                        .withMessageContaining("the call may be repeated");
                assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(15));
                kafka.proxy(1).holdResponses(false);

                producer.commitTransaction();
                assertThat(record.get().offset()).isZero();
            }
            assertThatThrownBy(producer::beginTransaction)
                    .as("a transactional call after close()")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after the producer is closed");

            assertThat(ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC, "read_committed"))
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("committed once");
        }
    }
}
