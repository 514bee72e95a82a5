package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * memory stays flat however many millions a long run sends. Faults come from their own thread while
 * the records keep going.
 *
 * <p>With {@code -Dferry.soak.longBlackHoles=true} (issue 13's schedule) the black holes last 8–22 s,
 * longer than the run's {@code delivery.timeout.ms} of 12 s and {@code request.timeout.ms} of 5 s, and
 * what the abandoned connections carried reaches the broker only after the black hole ended. Records
 * then fail; every record in the log, acknowledged or reported failed, must still be there at most
 * once and in send order per key, and every acknowledged one must be there.
 *
 * <pre>
 * ./mvnw -B verify -pl producer -am -Dit.test=SoakIT -Dferry.soak.minutes=10 -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false [-Dferry.soak.longBlackHoles=true]
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
        boolean longBlackHoles = Boolean.getBoolean("ferry.soak.longBlackHoles");
        LOG.info(
                "soak: {} minute(s), seed {} (-Dferry.soak.seed={} repeats its sequence of faults){}",
                minutes,
                seed,
                seed,
                longBlackHoles ? ", black holes longer than delivery.timeout.ms" : "");
        Random random = new Random(seed);
        try (KafkaCluster kafka = ItSetup.threeBrokersTwoInSync().proxied().start()) {
            kafka.createTopic(TOPIC, 6, 3);
            Map<String, Object> config = Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "linger.ms",
                    "5",
                    "request.timeout.ms",
                    longBlackHoles ? "5000" : "3000",
                    "delivery.timeout.ms",
                    longBlackHoles ? "12000" : "300000",
                    "retry.backoff.ms",
                    "50",
                    "reconnect.backoff.ms",
                    "50",
                    "compression.type",
                    "lz4");
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            // counted in callbacks, not kept as futures: memory stays flat however long the soak runs
            AtomicLong acknowledged = new AtomicLong();
            BitSet failed = new BitSet();
            Map<String, Integer> failures = new TreeMap<>();
            Map<String, Integer> faults = new ConcurrentSkipListMap<>();
            Thread faulter = new Thread(
                    () -> {
                        while (System.nanoTime() < end) {
                            pause(Duration.ofSeconds(5 + random.nextInt(10)));
                            faults.merge(injectFault(kafka, random, longBlackHoles), 1, Integer::sum);
                        }
                    },
                    "soak-faults");
            faulter.start();
            int sent = 0;
            try (FerryProducer<String, String> producer =
                    new FerryProducer<>(config, new StringSerializer(), new StringSerializer())) {
                while (System.nanoTime() < end) {
                    int index = sent;
                    producer.send(
                            new ProducerRecord<>(TOPIC, "key-" + (index % KEYS), Integer.toString(index)),
                            (metadata, error) -> {
                                if (error == null) {
                                    acknowledged.incrementAndGet();
                                } else {
                                    synchronized (failed) {
                                        failed.set(index);
                                        failures.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                                    }
                                }
                            });
                    sent++;
                    if (sent % 2_000 == 0) {
                        producer.flush();
                    }
                }
                producer.flush();
                faulter.join();
                LOG.info(
                        "soak: {} records sent, {} acknowledged, {} failed {}, through faults {} in {} minute(s); metrics {}",
                        sent,
                        acknowledged.get(),
                        failed.cardinality(),
                        failures,
                        faults,
                        minutes,
                        producer.metrics());
            }
            if (!longBlackHoles) {
                assertThat(failures).as("no record failed").isEmpty();
            }
            assertThat(acknowledged.get() + failed.cardinality())
                    .as("every send completed")
                    .isEqualTo(sent);

            ReadBack read = readBack(kafka.bootstrapServers(), sent);
            LOG.info(
                    "soak: read back {} records ({} of them reported failed): {} acknowledged lost, {} duplicated, {} out of order per key",
                    read.records,
                    read.failedButWritten(failed),
                    read.lost(sent, failed),
                    read.duplicated,
                    read.outOfOrder);
            assertThat(read.lost(sent, failed)).as("acknowledged records lost").isZero();
            assertThat(read.duplicated).as("duplicated").isZero();
            assertThat(read.outOfOrder).as("out of order per key").isZero();
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

        long lost(int sent, BitSet failed) {
            BitSet missing = new BitSet(sent);
            missing.set(0, sent);
            missing.andNot(seen);
            missing.andNot(failed);
            return missing.cardinality();
        }

        long failedButWritten(BitSet failed) {
            BitSet written = (BitSet) failed.clone();
            written.and(seen);
            return written.cardinality();
        }
    }

    private static ReadBack readBack(String bootstrap, int sent) {
        ReadBack read = new ReadBack(sent);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.CHECK_CRCS_CONFIG,
                true,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                10_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<org.apache.kafka.common.TopicPartition, Long> endOffsets =
                    ConsumerOracle.assignFromBeginning(consumer, TOPIC);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (ConsumerOracle.beforeEnd(consumer, endOffsets) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.accept(
                            new String(record.key(), StandardCharsets.UTF_8),
                            Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return read;
    }

    private static String injectFault(KafkaCluster kafka, Random random, boolean longBlackHoles) {
        int broker = 1 + random.nextInt(3);
        switch (random.nextInt(3)) {
            case 0 -> {
                LOG.info("soak fault: restarting broker {}", broker);
                kafka.restartBroker(broker);
                return "broker restarts";
            }
            case 1 -> {
                if (longBlackHoles) {
                    Duration hole = Duration.ofSeconds(8 + random.nextInt(15));
                    Duration stale = Duration.ofMillis(500 + random.nextInt(2_500));
                    LOG.info(
                            "soak fault: {} s black hole in front of broker {}, its stale requests delivered {} ms after",
                            hole.toSeconds(),
                            broker,
                            stale.toMillis());
                    kafka.proxy(broker).blackHole(true);
                    pause(hole);
                    kafka.proxy(broker).endBlackHoleDeliveringStaleLater(stale);
                    return "long black holes";
                }
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
        org.awaitility.Awaitility.await()
                .pollDelay(duration)
                .atMost(duration.plusSeconds(1))
                .until(() -> true);
    }
}
