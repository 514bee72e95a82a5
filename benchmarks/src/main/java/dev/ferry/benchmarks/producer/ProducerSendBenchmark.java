package dev.ferry.benchmarks.producer;

import dev.ferry.examples.perf.PerfPayloads;
import dev.ferry.producer.ByteArraySerializer;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.testkit.KafkaCluster;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code send()} of a ready record to a real broker (in its own JVM), Ferry against
 * kafka-clients, at the goal settings (acks=all, idempotence, lz4, linger.ms=5, batch.size=64 KiB,
 * 3 partitions), on the values {@code ferry-perf} sends ({@link PerfPayloads}). A fixed set of ready
 * records is sent round and round and no callback is given, so with {@code -prof gc} the
 * {@code gc.alloc.rate.norm} is what the producer itself allocates per record on every thread, the
 * returned future and its metadata included.
 *
 * <p>Run: {@code benchmarks/bin/run-jmh ProducerSendBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProducerSendBenchmark {
    private static final String TOPIC = "send-benchmark";
    /** Distinct records cycled through; a power of two. */
    private static final int RECORDS = 1024;

    private static final Map<String, Object> GOAL_SETTINGS = Map.of(
            "acks",
            "all",
            "enable.idempotence",
            "true",
            "compression.type",
            "lz4",
            "linger.ms",
            "5",
            "batch.size",
            "65536");

    @Param({"ferry", "kafka-clients"})
    public String client;

    @Param({"100", "1000"})
    public int recordSize;

    private KafkaCluster kafka;
    private FerryProducer<byte[], byte[]> ferry;
    private KafkaProducer<byte[], byte[]> kafkaProducer;
    private ProducerRecord<byte[], byte[]>[] ferryRecords;
    private org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>[] kafkaRecords;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        kafka = KafkaCluster.builder()
                .childJvm("-Xms1g", "-Xmx1g", "-XX:+UseG1GC")
                .start();
        kafka.createTopic(TOPIC, 3, 1);
        PerfPayloads payloads = new PerfPayloads();
        byte[][] values = new byte[RECORDS][recordSize];
        for (byte[] value : values) {
            payloads.next(value);
        }
        Map<String, Object> config = new java.util.HashMap<>(GOAL_SETTINGS);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        if (client.equals("ferry")) {
            ferry = new FerryProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            ferryRecords = new ProducerRecord[RECORDS];
            for (int i = 0; i < RECORDS; i++) {
                ferryRecords[i] = new ProducerRecord<>(TOPIC, values[i]);
            }
        } else {
            kafkaProducer = new KafkaProducer<>(
                    config,
                    new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            kafkaRecords = new org.apache.kafka.clients.producer.ProducerRecord[RECORDS];
            for (int i = 0; i < RECORDS; i++) {
                kafkaRecords[i] = new org.apache.kafka.clients.producer.ProducerRecord<>(TOPIC, values[i]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (ferry != null) {
            ferry.close();
        }
        if (kafkaProducer != null) {
            kafkaProducer.close();
        }
        kafka.close();
    }

    @Benchmark
    public Future<?> send() {
        int i = next;
        next = (i + 1) & (RECORDS - 1);
        return ferry != null ? ferry.send(ferryRecords[i]) : kafkaProducer.send(kafkaRecords[i]);
    }
}
