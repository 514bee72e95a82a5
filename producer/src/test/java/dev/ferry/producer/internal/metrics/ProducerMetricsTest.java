package dev.ferry.producer.internal.metrics;

import dev.ferry.producer.internal.buffer.BufferPool;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProducerMetricsTest {

    /** The metric names the issue asks for, spelled as in kafka-clients' producer-metrics group. */
    private static final String[] KAFKA_NAMES = {"record-send-rate", "record-error-rate", "record-retry-rate",
        "request-latency-avg", "request-latency-max", "batch-size-avg", "compression-rate-avg",
        "record-queue-time-avg", "records-per-request-avg", "buffer-available-bytes", "buffer-total-bytes",
        "bufferpool-wait-time-ns-total", "requests-in-flight", "produce-throttle-time-avg"};

    @Test
    void snapshotHasEveryKafkaClientsNameWithRecordedValues() throws InterruptedException {
        // given a clock 40 s after start and a bound buffer pool
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        BufferPool pool = new BufferPool(4096, 1024, System::nanoTime);
        metrics.bindBufferPool(pool);
        pool.allocate(1024, 0);

        // when
        metrics.recordSends(80);
        metrics.recordErrors(4);
        metrics.recordRetries(8);
        metrics.recordRequestSent(10);
        metrics.recordRequestSent(30);
        metrics.recordRequestCompleted(12);
        metrics.recordBatch(1000, 0.5, 3);
        metrics.recordBatch(3000, 0.25, 7);
        metrics.recordThrottleTime(20);
        Map<String, Double> snapshot = metrics.snapshot();

        // then (rates over the 40 s elapsed in the first two windows)
        assertThat(snapshot).containsKeys(KAFKA_NAMES);
        assertThat(snapshot.get("record-send-rate")).isCloseTo(80 / 40.0, within(1e-9));
        assertThat(snapshot.get("record-error-rate")).isCloseTo(4 / 40.0, within(1e-9));
        assertThat(snapshot.get("record-retry-rate")).isCloseTo(8 / 40.0, within(1e-9));
        assertThat(snapshot.get("record-send-total")).isEqualTo(80.0);
        assertThat(snapshot.get("records-per-request-avg")).isEqualTo(20.0);
        assertThat(snapshot.get("requests-in-flight")).isEqualTo(1.0);
        assertThat(snapshot.get("request-latency-avg")).isEqualTo(12.0);
        assertThat(snapshot.get("request-latency-max")).isEqualTo(12.0);
        assertThat(snapshot.get("batch-size-avg")).isEqualTo(2000.0);
        assertThat(snapshot.get("batch-size-max")).isEqualTo(3000.0);
        assertThat(snapshot.get("compression-rate-avg")).isEqualTo(0.375);
        assertThat(snapshot.get("record-queue-time-avg")).isEqualTo(5.0);
        assertThat(snapshot.get("produce-throttle-time-avg")).isEqualTo(20.0);
        assertThat(snapshot.get("buffer-available-bytes")).isEqualTo(3072.0);
        assertThat(snapshot.get("buffer-total-bytes")).isEqualTo(4096.0);
        assertThat(snapshot.get("bufferpool-wait-time-ns-total")).isEqualTo(0.0);
    }

    @Test
    void averagesWithoutValuesAreNaNLikeKafkaClients() {
        Map<String, Double> snapshot = new ProducerMetrics(() -> 0).snapshot();
        assertThat(snapshot.get("request-latency-avg")).isNaN();
        assertThat(snapshot.get("request-latency-max")).isNaN();
        assertThat(snapshot.get("record-send-rate")).isZero();
    }

    @Test
    void oldValuesAgeOutOfRatesAndAverages() {
        // given
        AtomicLong now = new AtomicLong();
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        metrics.recordRequestSent(1);
        metrics.recordRequestCompleted(500);

        // when two full windows later
        now.set(60_000);

        // then
        assertThat(metrics.snapshot().get("request-latency-avg")).isNaN();
        assertThat(metrics.snapshot().get("request-total")).isEqualTo(1.0);
    }
}
