package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.common.Headers;
import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

/**
 * record-size-avg / -max are counted per batch when it is sent, not per send(); they still describe
 * every record, each sized as kafka-clients sizes it for max.request.size.
 */
class RecordSizeMetricsIT {

    @Test
    void recordSizesAreEveryRecordsKafkaClientsEstimate() throws Exception {
        try (KafkaCluster kafka = ItSetup.clusterWithOnly(ItSetup.topic("sized", 3))) {
            ProducerConfig config = ProducerConfig.fromProperties(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "compression.type", "lz4", "linger.ms", "5"));
            try (FerryProducer<byte[], byte[]> producer = FerryProducer.<byte[], byte[]>builder(config)
                    .keySerializer(new ByteArraySerializer())
                    .valueSerializer(new ByteArraySerializer())
                    .build()) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                double sum = 0;
                double max = 0;
                for (int i = 0; i < 300; i++) {
                    // given records of many sizes, some keyed, some with a header
                    byte[] key = i % 3 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
                    byte[] value = new byte[(i * 37) % 900];
                    Headers headers = new Headers();
                    org.apache.kafka.common.header.Header[] kafkaHeaders = {};
                    if (i % 5 == 0) {
                        byte[] headerValue = ("h" + i).getBytes(StandardCharsets.UTF_8);
                        headers.add("trace", headerValue);
                        kafkaHeaders = new org.apache.kafka.common.header.Header[] {
                            new org.apache.kafka.common.header.internals.RecordHeader("trace", headerValue)
                        };
                    }
                    int expected = AbstractRecords.estimateSizeInBytesUpperBound(
                            RecordBatch.MAGIC_VALUE_V2, CompressionType.LZ4, key, value, kafkaHeaders);
                    sum += expected;
                    max = Math.max(max, expected);

                    // when
                    futures.add(producer.send(new ProducerRecord<>("sized", null, key, value, headers)));
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }

                // then
                Map<String, Double> metrics = producer.metrics();
                assertThat(metrics.get("record-size-avg")).isCloseTo(sum / 300, within(1e-6));
                assertThat(metrics.get("record-size-max")).isEqualTo(max);
                assertThat(metrics.get("metadata-wait-time-ns-total"))
                        .as("the first send waited for the topic")
                        .isPositive();
            }
        }
    }
}
