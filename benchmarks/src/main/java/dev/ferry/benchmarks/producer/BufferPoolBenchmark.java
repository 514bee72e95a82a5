package dev.ferry.benchmarks.producer;

import dev.ferry.producer.internal.buffer.BufferPool;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Allocating and returning a pooled batch buffer: Ferry's pool against kafka-clients'. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BufferPoolBenchmark {
    private static final int BATCH = 16384;

    private BufferPool ferry;
    private Metrics kafkaMetrics;
    private org.apache.kafka.clients.producer.internals.BufferPool kafka;

    @Setup
    public void setUp() {
        ferry = new BufferPool(32L * 1024 * 1024, BATCH, System::nanoTime);
        kafkaMetrics = new Metrics();
        kafka = new org.apache.kafka.clients.producer.internals.BufferPool(
                32L * 1024 * 1024, BATCH, kafkaMetrics, Time.SYSTEM, "producer-metrics");
    }

    @TearDown
    public void tearDown() {
        kafkaMetrics.close();
    }

    @Benchmark
    public ByteBuffer ferryPooled() throws InterruptedException {
        ByteBuffer b = ferry.allocate(BATCH, 1000);
        ferry.deallocate(b);
        return b;
    }

    @Benchmark
    public ByteBuffer kafkaClientsPooled() throws InterruptedException {
        ByteBuffer b = kafka.allocate(BATCH, 1000);
        kafka.deallocate(b);
        return b;
    }
}
