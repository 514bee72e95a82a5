package dev.ferry.benchmarks.producer;

import dev.ferry.producer.ByteArraySerializer;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.testkit.KafkaCluster;
import java.util.Arrays;
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
 * 3 partitions). The same record object is sent every time and no callback is given, so with
 * {@code -prof gc} the {@code gc.alloc.rate.norm} is what the producer itself allocates per record
 * on every thread, the returned future and its metadata included.
 *
 * <p>Run: {@code benchmarks/bin/run-jmh ProducerSendBenchmark -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProducerSendBenchmark {
    private static final String TOPIC = "send-benchmark";
    private static final Map<String, Object> GOAL_SETTINGS = Map.of("acks", "all", "enable.idempotence", "true",
            "compression.type", "lz4", "linger.ms", "5", "batch.size", "65536");

    @Param({"ferry", "kafka-clients"})
    public String client;

    @Param({"100", "1000"})
    public int recordSize;

    private KafkaCluster kafka;
    private FerryProducer<byte[], byte[]> ferry;
    private KafkaProducer<byte[], byte[]> kafkaProducer;
    private ProducerRecord<byte[], byte[]> ferryRecord;
    private org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> kafkaRecord;

    @Setup(Level.Trial)
    public void setUp() {
        kafka = KafkaCluster.builder().childJvm("-Xms1g", "-Xmx1g", "-XX:+UseG1GC").start();
        kafka.createTopic(TOPIC, 3, 1);
        byte[] value = new byte[recordSize];
        Arrays.fill(value, (byte) 'x');
        Map<String, Object> config = new java.util.HashMap<>(GOAL_SETTINGS);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        if (client.equals("ferry")) {
            ferry = new FerryProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            ferryRecord = new ProducerRecord<>(TOPIC, value);
        } else {
            kafkaProducer = new KafkaProducer<>(config, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            kafkaRecord = new org.apache.kafka.clients.producer.ProducerRecord<>(TOPIC, value);
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
        return ferry != null ? ferry.send(ferryRecord) : kafkaProducer.send(kafkaRecord);
    }
}
