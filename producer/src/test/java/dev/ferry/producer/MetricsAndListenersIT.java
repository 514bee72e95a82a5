package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.common.FerryException;
import dev.ferry.testkit.KafkaCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsAndListenersIT {

    @Test
    void metricsUseKafkaClientsNamesAndListenersSeeEveryRecord() throws Exception {
        try (KafkaCluster kafka = ItSetup.clusterWithOnly(ItSetup.topic("observed", 2))) {
            AtomicInteger sends = new AtomicInteger();
            AtomicInteger acknowledgements = new AtomicInteger();
            List<String> errors = new CopyOnWriteArrayList<>();
            ProducerListener listener = new ProducerListener() {
                @Override
                public void onSend(ProducerRecord<?, ?> record, TopicPartition partition) {
                    sends.incrementAndGet();
                }

                @Override
                public void onAcknowledgement(RecordMetadata metadata) {
                    acknowledgements.incrementAndGet();
                }

                @Override
                public void onError(TopicPartition partition, FerryException error) {
                    errors.add(partition + ": " + error.getMessage());
                }
            };
            ProducerConfig config = ProducerConfig.fromProperties(Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "compression.type",
                    "lz4",
                    "max.request.size",
                    "5000"));
            try (FerryProducer<String, String> producer = FerryProducer.<String, String>builder(config)
                    .keySerializer(new StringSerializer())
                    .valueSerializer(new StringSerializer())
                    .listener(listener)
                    .build()) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    futures.add(producer.send(
                            new ProducerRecord<>("observed", "k" + i, "value-" + i + "-" + "c".repeat(100))));
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }

                Map<String, Double> metrics = producer.metrics();

                assertThat(metrics).containsKeys(KafkaMetricNames.PRODUCER.toArray(String[]::new));
                assertThat(metrics.get("record-send-total")).isEqualTo(1000.0);
                assertThat(metrics.get("record-send-rate")).isPositive();
                assertThat(metrics.get("record-error-total")).isZero();
                assertThat(metrics.get("buffer-total-bytes")).isEqualTo(33_554_432.0);
                assertThat(metrics.get("compression-rate-avg"))
                        .as("lz4 shrinks repetitive values")
                        .isBetween(0.0, 0.9);
                assertThat(metrics.get("records-per-request-avg")).isGreaterThan(1.0);
                assertThat(metrics.get("request-latency-avg")).isPositive();

                // the network client's counters, as kafka-clients' Selector keeps them
                double produceRequests = 1000 / metrics.get("records-per-request-avg");
                assertThat(metrics.get("request-total"))
                        .as("ApiVersions per connection, Metadata, InitProducerId and Produce")
                        .isGreaterThanOrEqualTo(produceRequests + 4)
                        .isEqualTo(metrics.get("response-total"));
                assertThat(metrics.get("network-io-total"))
                        .as("at least one write per request and one read per response")
                        .isGreaterThanOrEqualTo(metrics.get("request-total") + metrics.get("response-total"));
                assertThat(metrics.get("outgoing-byte-total"))
                        .as("every request frame written whole, size prefix included")
                        .isCloseTo(metrics.get("request-size-avg") * metrics.get("request-total"), within(1e-6));
                assertThat(metrics.get("request-size-max")).isGreaterThanOrEqualTo(metrics.get("batch-size-max"));
                assertThat(metrics.get("incoming-byte-total"))
                        .isGreaterThanOrEqualTo(metrics.get("response-total") * 8);
                assertThat(metrics)
                        .as("the bootstrap connection and the broker's, none closed, no authentication on PLAINTEXT")
                        .contains(
                                entry("connection-count", 2.0),
                                entry("connection-creation-total", 2.0),
                                entry("connection-close-total", 0.0),
                                entry("successful-authentication-total", 0.0),
                                entry("failed-authentication-total", 0.0),
                                entry("bufferpool-wait-ratio", 0.0));
                assertThat(metrics.get("select-total")).isPositive();
                assertThat(metrics.get("io-wait-ratio") + metrics.get("io-ratio"))
                        .isBetween(0.0, 1.0);
            }
            assertThat(sends.get()).isEqualTo(1000);
            assertThat(acknowledgements.get()).isEqualTo(1000);
            assertThat(errors).isEmpty();
        }
    }
}
