package dev.ferry.benchmarks.producer;

import dev.ferry.producer.internal.partition.Murmur2;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Keyed partition choice: Ferry's murmur2 against kafka-clients' for the same keys. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PartitionerBenchmark {
    @Param({"16", "64"})
    int keySize;

    private final byte[][] keys = new byte[1024][];
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new byte[keySize];
            random.nextBytes(keys[i]);
        }
    }

    @Benchmark
    public int ferry() {
        return Murmur2.partitionForKey(keys[next++ & 1023], 12);
    }

    @Benchmark
    public int kafkaClients() {
        return BuiltInPartitioner.partitionForKey(keys[next++ & 1023], 12);
    }
}
