package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults longer than the timeouts, on 3 brokers (RF 3, min.insync.replicas 2, 6 partitions): three
 * idempotent producers (lz4, zstd, and gzip with records that compress ~50× and a 128 KiB
 * buffer.memory, so that its batches are full when their staging buffers reach the limit, not at
 * batch.size: gzip stages a batch's records whole, where lz4 compresses each block as it fills) send without pause while a broker at a time is black-holed
 * for longer than delivery.timeout.ms, and what its abandoned connections carried reaches it only
 * after the black hole ended. Then every record in the log, acknowledged or reported failed, is
 * judged by kafka-clients' consumer: each acknowledged record once, nothing twice, and per producer
 * and partition everything in send order.
 */
class LongFaultOrderIT {
    private static final Logger LOG = LoggerFactory.getLogger(LongFaultOrderIT.class);
    private static final String TOPIC = "long-faults";
    private static final int KEYS = 24;
    private static final int FAULTS = 4;
    private static final long DELIVERY_TIMEOUT_MS = 3_000;

    @Test
    void blackHolesLongerThanTheDeliveryTimeoutLeaveEveryPartitionInSendOrder() throws Exception {
        long seed = Long.getLong("ferry.faults.seed", System.nanoTime());
        LOG.info("long faults: seed {} (-Dferry.faults.seed={} repeats the schedule)", seed, seed);
        Random random = new Random(seed);
        try (KafkaCluster kafka = ItSetup.threeBrokersTwoInSync().proxied().start()) {
            kafka.createTopic(TOPIC, 6, 3);
            List<Sender> senders = List.of(
                    new Sender(kafka, 0, "lz4", "", 33_554_432),
                    new Sender(kafka, 1, "zstd", "", 33_554_432),
                    new Sender(kafka, 2, "gzip", "|" + "x".repeat(400), 131_072));
            senders.forEach(Sender::start);
            for (int fault = 0; fault < FAULTS; fault++) {
                int broker = 1 + random.nextInt(3);
                long holeMs = DELIVERY_TIMEOUT_MS + 500 + random.nextInt(2_500);
                long staleMs = 200 + random.nextInt(1_300);
                LOG.info(
                        "long faults: broker {} black-holed for {} ms, its stale requests delivered {} ms after",
                        broker,
                        holeMs,
                        staleMs);
                kafka.proxy(broker).blackHole(true);
                pause(holeMs);
                kafka.proxy(broker).endBlackHoleDeliveringStaleLater(Duration.ofMillis(staleMs));
                pause(2_000);
            }
            for (Sender sender : senders) {
                sender.stop();
            }
            pause(2_000);

            Judgement judged = judge(ConsumerOracle.readToEnd(kafka.bootstrapServers(), TOPIC), senders);
            LOG.info("long faults: {}", judged);
            senders.forEach(s -> LOG.info(
                    "long faults: producer {} sent {}, acknowledged {}, failed {} {}",
                    s.id,
                    s.sent,
                    s.acknowledged.size(),
                    s.failed.size(),
                    s.failures));
            for (Sender sender : senders) {
                assertThat(sender.error.get())
                        .as("producer %d ran without an unexpected error", sender.id)
                        .isNull();
                assertThat(sender.acknowledged.size() + sender.failed.size())
                        .as("every send of producer %d completed", sender.id)
                        .isEqualTo(sender.sent);
            }
            assertThat(senders.stream().mapToInt(s -> s.failed.size()).sum())
                    .as("records reported failed: the black holes outlasted delivery.timeout.ms")
                    .isPositive();
            assertThat(judged.lost)
                    .as("acknowledged records missing from the log")
                    .isZero();
            assertThat(judged.duplicated).as("records in the log twice").isZero();
            assertThat(judged.outOfOrder)
                    .as("records in the log after a later record of their producer and partition")
                    .isZero();
            assertThat(judged.unknown)
                    .as("records in the log that were never sent")
                    .isZero();
        }
    }

    private record Judgement(
            int records, int failedButWritten, int lost, int duplicated, int outOfOrder, int unknown) {}

    private static Judgement judge(List<ConsumerRecord<byte[], byte[]>> log, List<Sender> senders) {
        Map<String, Integer> lastPerProducerAndPartition = new HashMap<>();
        Map<String, Boolean> seen = new HashMap<>();
        int duplicated = 0;
        int outOfOrder = 0;
        int unknown = 0;
        int failedButWritten = 0;
        for (ConsumerRecord<byte[], byte[]> record : log) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            int colon = value.indexOf(':');
            Sender sender = senders.get(Integer.parseInt(value.substring(0, colon)));
            int padding = value.indexOf('|');
            int index = Integer.parseInt(value.substring(colon + 1, padding < 0 ? value.length() : padding));
            if (index >= sender.sent) {
                unknown++;
            }
            if (seen.put(sender.id + ":" + index, true) != null) {
                duplicated++;
                continue;
            }
            if (sender.failed.containsKey(index)) {
                failedButWritten++;
            }
            Integer previous = lastPerProducerAndPartition.put(sender.id + "@" + record.partition(), index);
            if (previous != null && previous > index) {
                outOfOrder++;
            }
        }
        int lost = 0;
        for (Sender sender : senders) {
            for (int index : sender.acknowledged.keySet()) {
                if (!seen.containsKey(sender.id + ":" + index)) {
                    lost++;
                }
            }
        }
        return new Judgement(log.size(), failedButWritten, lost, duplicated, outOfOrder, unknown);
    }

    /** One idempotent producer sending records {@code id:i} and its padding, keyed by {@code i % KEYS}, in rounds ended by flush(). */
    private static final class Sender {
        final int id;
        final FerryProducer<String, String> producer;
        final Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
        final Map<Integer, Boolean> failed = new ConcurrentHashMap<>();
        /** What the callbacks reported, by exception type. */
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        /** What send() or flush() threw: nothing is expected. */
        final AtomicReference<Throwable> error = new AtomicReference<>();

        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;
        volatile int sent;

        /** Appended to every value. */
        final String padding;

        Sender(KafkaCluster kafka, int id, String compression, String padding, int bufferMemory) {
            this.id = id;
            this.padding = padding;
            Map<String, Object> config = Map.ofEntries(
                    Map.entry("bootstrap.servers", kafka.bootstrapServers()),
                    Map.entry("enable.idempotence", "true"),
                    Map.entry("acks", "all"),
                    Map.entry("compression.type", compression),
                    Map.entry("linger.ms", "5"),
                    Map.entry("batch.size", "4096"),
                    Map.entry("request.timeout.ms", "1000"),
                    Map.entry("delivery.timeout.ms", Long.toString(DELIVERY_TIMEOUT_MS)),
                    Map.entry("retry.backoff.ms", "50"),
                    Map.entry("reconnect.backoff.ms", "50"),
                    Map.entry("reconnect.backoff.max.ms", "200"),
                    Map.entry("max.block.ms", "10000"),
                    Map.entry("buffer.memory", Integer.toString(bufferMemory)),
                    Map.entry("client.id", "long-faults-" + id));
            this.producer = new FerryProducer<>(config, new StringSerializer(), new StringSerializer());
            this.thread = new Thread(this::run, "long-faults-producer-" + id);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                int next = 0;
                while (running.get()) {
                    for (int i = 0; i < 300; i++, next++) {
                        int index = next;
                        producer.send(
                                new ProducerRecord<>(TOPIC, "key-" + (index % KEYS), id + ":" + index + padding),
                                (metadata, failure) -> {
                                    if (failure == null) {
                                        acknowledged.put(index, true);
                                    } else {
                                        failed.put(index, true);
                                        failures.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                                    }
                                });
                        sent = next + 1;
                    }
                    producer.flush();
                }
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(30).toMillis());
            producer.close();
        }
    }

    private static void pause(long millis) {
        Awaitility.await()
                .pollDelay(Duration.ofMillis(millis))
                .atMost(Duration.ofMillis(millis + 1_000))
                .until(() -> true);
    }
}
