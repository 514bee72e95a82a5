package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak run of issue 10, not part of the default test run (the build excludes *SoakIT): N minutes
 * of idempotent production to 3 brokers under random faults — a broker stopped and restarted, a
 * network black hole, added latency — then every count is checked with kafka-clients' consumer.
 *
 * <pre>
 * ./mvnw -B verify -pl producer -am -Dit.test=SoakIT -Dferry.soak.minutes=10 -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
class SoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(SoakIT.class);

    @Test
    void minutesOfFaultsLoseAndDuplicateNothing() throws Exception {
        long minutes = Long.getLong("ferry.soak.minutes", 1);
        long seed = Long.getLong("ferry.soak.seed", System.nanoTime());
        LOG.info("soak: {} minute(s), seed {} (-Dferry.soak.seed={} repeats its sequence of faults)", minutes, seed, seed);
        Random random = new Random(seed);
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).proxied().brokerProperty("min.insync.replicas", "2").start()) {
            kafka.createTopic("soak", 6, 3);
            Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "5",
                    "request.timeout.ms", "3000", "delivery.timeout.ms", "300000", "retry.backoff.ms", "50",
                    "reconnect.backoff.ms", "50", "compression.type", "lz4");
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            long nextFault = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            int faults = 0;
            try (FerryProducer<String, String> producer = new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                int i = 0;
                while (System.nanoTime() < end) {
                    futures.add(producer.send(new ProducerRecord<>("soak", "key-" + (i % 100), Integer.toString(i))));
                    i++;
                    if (i % 2_000 == 0) {
                        producer.flush();
                    }
                    if (System.nanoTime() > nextFault) {
                        injectFault(kafka, random);
                        faults++;
                        nextFault = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(10));
                    }
                }
                for (CompletableFuture<RecordMetadata> future : futures) {
                    future.get(5, TimeUnit.MINUTES);
                }
                LOG.info("soak: {} records acknowledged through {} faults in {} minute(s); metrics {}", futures.size(), faults,
                        minutes, producer.metrics());
            }
            List<ConsumerRecord<byte[], byte[]>> records = ConsumerOracle.readAll(kafka.bootstrapServers(), "soak", futures.size(),
                    Duration.ofMinutes(2));
            assertThat(records).as("0 lost, 0 duplicated").hasSize(futures.size());
            Map<String, Integer> lastPerKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                int value = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
                Integer previous = lastPerKey.put(new String(record.key(), StandardCharsets.UTF_8), value);
                assertThat(previous == null || previous < value).as("order of %s", new String(record.key(), StandardCharsets.UTF_8))
                        .isTrue();
            }
            LOG.info("soak: every one of {} records read back once, in order per key", records.size());
        }
    }

    private static void injectFault(KafkaCluster kafka, Random random) {
        int broker = 1 + random.nextInt(3);
        switch (random.nextInt(3)) {
            case 0 -> {
                LOG.info("soak fault: restarting broker {}", broker);
                kafka.restartBroker(broker);
            }
            case 1 -> {
                LOG.info("soak fault: 3 s black hole in front of broker {}", broker);
                kafka.proxy(broker).blackHole(true);
                pause(Duration.ofSeconds(3));
                kafka.proxy(broker).blackHole(false);
            }
            default -> {
                LOG.info("soak fault: 3 s of 100 ms latency in front of broker {}", broker);
                kafka.proxy(broker).latency(Duration.ofMillis(100));
                pause(Duration.ofSeconds(3));
                kafka.proxy(broker).latency(Duration.ZERO);
            }
        }
    }

    private static void pause(Duration duration) {
        org.awaitility.Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }
}
