package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak run of issue 10, not part of the default test run (the build excludes *SoakIT): N minutes
 * of idempotent production to 3 brokers under random faults — a broker stopped and restarted, a
 * network black hole, added latency — then kafka-clients' consumer reads everything back. Records
 * are counted in callbacks and judged as they stream by (record i has key i % 100 and value i), so
 * memory stays flat however many millions a long run sends.
 *
 * <pre>
 * ./mvnw -B verify -pl producer -am -Dit.test=SoakIT -Dferry.soak.minutes=10 -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
class SoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(SoakIT.class);
    private static final String TOPIC = "soak";
    private static final int KEYS = 100;

    @Test
    void minutesOfFaultsLoseAndDuplicateNothing() throws Exception {
        long minutes = Long.getLong("ferry.soak.minutes", 1);
        long seed = Long.getLong("ferry.soak.seed", System.nanoTime());
        LOG.info("soak: {} minute(s), seed {} (-Dferry.soak.seed={} repeats its sequence of faults)", minutes, seed, seed);
        Random random = new Random(seed);
        try (KafkaCluster kafka = KafkaCluster.builder().brokers(3).proxied().brokerProperty("min.insync.replicas", "2").start()) {
            kafka.createTopic(TOPIC, 6, 3);
            Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "5",
                    "request.timeout.ms", "3000", "delivery.timeout.ms", "300000", "retry.backoff.ms", "50",
                    "reconnect.backoff.ms", "50", "compression.type", "lz4");
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            long nextFault = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // counted in callbacks, not kept as futures: memory stays flat however long the soak runs
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<Exception> firstFailure = new AtomicReference<>();
            Callback count = (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error);
                }
            };
            Map<String, Integer> faults = new TreeMap<>();
            int sent = 0;
            try (FerryProducer<String, String> producer = new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                while (System.nanoTime() < end) {
                    producer.send(new ProducerRecord<>(TOPIC, "key-" + (sent % KEYS), Integer.toString(sent)), count);
                    sent++;
                    if (sent % 2_000 == 0) {
                        producer.flush();
                    }
                    if (System.nanoTime() > nextFault) {
                        faults.merge(injectFault(kafka, random), 1, Integer::sum);
                        nextFault = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(10));
                    }
                }
                producer.flush();
                LOG.info("soak: {} records sent, {} acknowledged, {} failed, through faults {} in {} minute(s); metrics {}", sent,
                        acknowledged.get(), failed.get(), faults, minutes, producer.metrics());
            }
            assertThat(firstFailure.get()).as("no record failed").isNull();
            assertThat(acknowledged.get()).isEqualTo(sent);

            ReadBack read = readBack(kafka.bootstrapServers(), sent);
            LOG.info("soak: read back {} records: {} lost, {} duplicated, {} out of order per key", read.records, read.lost(sent),
                    read.duplicated, read.outOfOrder);
            assertThat(read.lost(sent)).as("lost").isZero();
            assertThat(read.duplicated).as("duplicated").isZero();
            assertThat(read.outOfOrder).as("out of order per key").isZero();
            assertThat(read.records).isEqualTo(sent);
        }
    }

    /** What kafka-clients' consumer saw, judged as it streams by: record i has key i % KEYS and value i. */
    private static final class ReadBack {
        final BitSet seen;
        final int[] lastPerKey = new int[KEYS];
        long records;
        long duplicated;
        long outOfOrder;

        ReadBack(int sent) {
            seen = new BitSet(sent);
            java.util.Arrays.fill(lastPerKey, -1);
        }

        void accept(String key, int value) {
            records++;
            if (seen.get(value)) {
                duplicated++;
                return;
            }
            seen.set(value);
            int k = Integer.parseInt(key.substring("key-".length()));
            if (value % KEYS != k || value < lastPerKey[k]) {
                outOfOrder++;
            }
            lastPerKey[k] = Math.max(lastPerKey[k], value);
        }

        long lost(int sent) {
            return sent - seen.cardinality();
        }
    }

    private static ReadBack readBack(String bootstrap, int sent) {
        ReadBack read = new ReadBack(sent);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.CHECK_CRCS_CONFIG, true,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < endOffsets.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.accept(new String(record.key(), StandardCharsets.UTF_8),
                            Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return read;
    }

    private static String injectFault(KafkaCluster kafka, Random random) {
        int broker = 1 + random.nextInt(3);
        switch (random.nextInt(3)) {
            case 0 -> {
                LOG.info("soak fault: restarting broker {}", broker);
                kafka.restartBroker(broker);
                return "broker restarts";
            }
            case 1 -> {
                LOG.info("soak fault: 3 s black hole in front of broker {}", broker);
                kafka.proxy(broker).blackHole(true);
                pause(Duration.ofSeconds(3));
                kafka.proxy(broker).blackHole(false);
                return "black holes";
            }
            default -> {
                LOG.info("soak fault: 3 s of 100 ms latency in front of broker {}", broker);
                kafka.proxy(broker).latency(Duration.ofMillis(100));
                pause(Duration.ofSeconds(3));
                kafka.proxy(broker).latency(Duration.ZERO);
                return "latency spikes";
            }
        }
    }

    private static void pause(Duration duration) {
        org.awaitility.Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }
}
