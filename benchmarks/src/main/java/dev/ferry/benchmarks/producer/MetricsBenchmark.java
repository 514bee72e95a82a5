package dev.ferry.benchmarks.producer;

import dev.ferry.producer.internal.metrics.ProducerMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Recording one batch's metrics on the I/O thread: Ferry's stats against kafka-clients' sensors. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {
    private ProducerMetrics ferry;
    private Metrics kafkaMetrics;
    private Sensor batchSize;
    private Sensor compressionRate;
    private Sensor queueTime;
    private Sensor sends;

    @Setup
    public void setUp() {
        ferry = new ProducerMetrics(System::currentTimeMillis);
        kafkaMetrics = new Metrics();
        batchSize = kafkaMetrics.sensor("batch-size");
        batchSize.add(kafkaMetrics.metricName("batch-size-avg", "g"), new Avg());
        batchSize.add(kafkaMetrics.metricName("batch-size-max", "g"), new Max());
        compressionRate = kafkaMetrics.sensor("compression-rate");
        compressionRate.add(kafkaMetrics.metricName("compression-rate-avg", "g"), new Avg());
        queueTime = kafkaMetrics.sensor("queue-time");
        queueTime.add(kafkaMetrics.metricName("record-queue-time-avg", "g"), new Avg());
        queueTime.add(kafkaMetrics.metricName("record-queue-time-max", "g"), new Max());
        sends = kafkaMetrics.sensor("record-send");
        sends.add(kafkaMetrics.metricName("record-send-rate", "g"), new Rate());
    }

    @TearDown
    public void tearDown() {
        kafkaMetrics.close();
    }

    @Benchmark
    public void ferry() {
        ferry.recordBatch("bench", 16000, 0.5, 3);
        ferry.recordSends("bench", 100);
    }

    @Benchmark
    public void kafkaClients() {
        long now = System.currentTimeMillis();
        batchSize.record(16000, now);
        compressionRate.record(0.5, now);
        queueTime.record(3, now);
        sends.record(100, now);
    }
}
