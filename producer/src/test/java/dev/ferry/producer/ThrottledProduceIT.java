package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;

/**
 * A real broker over a client quota (producer_byte_rate for the producer's client.id, set through
 * kafka-clients' Admin) answers Produce with throttle_time_ms and mutes the connection for that long
 * (KIP-219). The producer holds back its next Produce to that broker meanwhile (proven on the
 * scripted network by SenderTest and the simulation, which see each request's time); here it must
 * see the throttle and still deliver every record once, in order, as kafka-clients' consumer reads them.
 */
class ThrottledProduceIT {
    private static final String CLIENT_ID = "ferry-throttled";
    /** At most this many records of 1 KB, in flushed rounds of ten, until the quota (applied a moment after Admin set it) throttles. */
    private static final int MAX_RECORDS = 400;

    @Test
    void aProducerOverItsQuotaIsThrottledAndDeliversEverythingInOrder() throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start()) {
            kafka.createTopic("throttled", 1, 1);
            Admin admin = kafka.admin();
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                            new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID)),
                            List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 8_192.0)))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            Map<String, Object> config =
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", CLIENT_ID, "linger.ms", "0");
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            double throttleMaxMs = 0;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                String padding = "x".repeat(1_000);
                for (int i = 0; i < MAX_RECORDS && throttleMaxMs <= 0; i++) {
                    futures.add(producer.send(new ProducerRecord<>("throttled", "k", i + padding)));
                    if (i % 10 == 9) {
                        producer.flush();
                        throttleMaxMs = producer.metrics().getOrDefault("produce-throttle-time-max", 0.0);
                    }
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            }

            assertThat(throttleMaxMs).as("produce-throttle-time-max").isPositive();
            int records = futures.size();
            List<ConsumerRecord<byte[], byte[]>> read =
                    ConsumerOracle.readAll(kafka.bootstrapServers(), "throttled", records);
            assertThat(read).hasSize(records);
            for (int i = 0; i < records; i++) {
                assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8))
                        .startsWith(i + "x");
            }
        }
    }
}
