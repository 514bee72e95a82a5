package dev.ferry.producer.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.producer.KafkaMetricNames;
import dev.ferry.producer.internal.buffer.BufferPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProducerMetricsTest {

    @Test
    void snapshotHasEveryKafkaClientsNameWithRecordedValues() throws InterruptedException {
        // given a clock 40 s after start and a bound buffer pool
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        BufferPool pool = new BufferPool(4096, 1024, System::nanoTime);
        metrics.bindBufferPool(pool);
        pool.allocate(1024, 0);

        // when
        metrics.recordSends("orders", 50);
        metrics.recordSends("audit", 30);
        metrics.recordErrors("orders", 4);
        metrics.recordRetries("orders", 8);
        metrics.recordRequestSent(10);
        metrics.recordRequestSent(30);
        metrics.recordRequestCompleted(1, 12);
        metrics.recordBatch("orders", 1000, 0.5, 3);
        metrics.recordBatch("audit", 3000, 0.25, 7);
        metrics.recordThrottleTime(20);
        Map<String, Double> snapshot = metrics.snapshot();

        // then (rates over the 40 s elapsed in the first two windows)
        assertThat(snapshot).containsKeys(KafkaMetricNames.PRODUCER.toArray(String[]::new));
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
    void topicsAndBrokersAreScopesAnnouncedOnceWhenFirstRecorded() {
        // given a listener set after the producer-wide scope exists
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        List<ProducerMetrics.Scope> scopes = new ArrayList<>();
        metrics.addScopeListener(scopes::add);

        // when two topics and one broker are recorded, twice each
        for (int i = 0; i < 2; i++) {
            metrics.recordSends("orders", 50);
            metrics.recordBatch("orders", 1000, 0.5, 3);
            metrics.recordErrors("audit", 4);
            metrics.recordRetries("audit", 8);
            metrics.recordRequestSent(1);
            metrics.recordRequestCompleted(3, 10 + i * 10);
        }

        // then each scope was announced once, with kafka-clients' group, tags and names
        assertThat(scopes)
                .extracting(scope -> scope.group() + scope.tags())
                .containsExactly(
                        "producer-metrics{}",
                        "producer-topic-metrics{topic=orders}",
                        "producer-topic-metrics{topic=audit}",
                        "producer-node-metrics{node-id=node-3}");
        Map<String, Double> orders = scopes.get(1).values().get();
        assertThat(orders)
                .containsOnlyKeys(
                        "record-send-rate",
                        "record-send-total",
                        "byte-rate",
                        "byte-total",
                        "compression-rate",
                        "record-retry-rate",
                        "record-retry-total",
                        "record-error-rate",
                        "record-error-total");
        assertThat(orders.get("record-send-total")).isEqualTo(100.0);
        assertThat(orders.get("record-send-rate")).isCloseTo(100 / 40.0, within(1e-9));
        assertThat(orders.get("byte-total")).isEqualTo(2000.0);
        assertThat(orders.get("compression-rate")).isEqualTo(0.5);
        Map<String, Double> audit = scopes.get(2).values().get();
        assertThat(audit.get("record-error-total")).isEqualTo(8.0);
        assertThat(audit.get("record-retry-total")).isEqualTo(16.0);
        assertThat(audit.get("record-send-total")).isZero();
        assertThat(scopes.get(3).values().get())
                .contains(
                        entry("request-latency-avg", 15.0),
                        entry("request-latency-max", 20.0),
                        entry("request-total", 0.0),
                        entry("outgoing-byte-total", 0.0));
        assertThat(scopes.get(0).values().get().get("record-send-total")).isEqualTo(100.0);
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
        metrics.node(1).requestSent(40);
        metrics.recordRequestCompleted(1, 500);

        // when two full windows later
        now.set(60_000);

        // then
        assertThat(metrics.snapshot().get("request-latency-avg")).isNaN();
        assertThat(metrics.snapshot().get("request-size-avg")).isNaN();
        assertThat(metrics.snapshot().get("request-rate")).isZero();
        assertThat(metrics.snapshot().get("request-total")).isEqualTo(1.0);
    }

    @Test
    void networkTrafficIsCountedPerNodeAndForTheProducerUnderSelectorNames() {
        // given
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        List<ProducerMetrics.Scope> scopes = new ArrayList<>();
        metrics.addScopeListener(scopes::add);

        // when a bootstrap connection and broker 2 carry requests and responses
        metrics.connectionOpened();
        metrics.connectionEstablished();
        metrics.node(-1).bytesSent(30);
        metrics.node(-1).requestSent(30);
        metrics.node(-1).bytesReceived(100);
        metrics.node(-1).responseReceived(100);
        metrics.connectionOpened();
        metrics.connectionEstablished();
        metrics.node(2).bytesSent(60);
        metrics.node(2).bytesSent(40);
        metrics.node(2).requestSent(100);
        metrics.node(2).requestSent(0);
        metrics.node(2).bytesReceived(8);
        metrics.node(2).responseReceived(8);
        metrics.connectionClosed();

        // then each node has its own, the producer the sum (rates over the 40 s elapsed)
        Map<String, Double> bootstrap = scopes.get(1).values().get();
        Map<String, Double> broker = scopes.get(2).values().get();
        Map<String, Double> producer = metrics.snapshot();
        assertThat(scopes)
                .extracting(scope -> scope.group() + scope.tags())
                .containsExactly(
                        "producer-metrics{}",
                        "producer-node-metrics{node-id=node--1}",
                        "producer-node-metrics{node-id=node-2}");
        assertThat(bootstrap)
                .contains(
                        entry("outgoing-byte-total", 30.0),
                        entry("request-total", 1.0),
                        entry("request-size-avg", 30.0),
                        entry("incoming-byte-total", 100.0),
                        entry("response-total", 1.0));
        assertThat(broker)
                .contains(
                        entry("outgoing-byte-total", 100.0),
                        entry("request-total", 2.0),
                        entry("request-size-avg", 50.0),
                        entry("request-size-max", 100.0),
                        entry("incoming-byte-total", 8.0),
                        entry("response-total", 1.0));
        assertThat(broker.get("request-rate")).isCloseTo(2 / 40.0, within(1e-9));
        assertThat(broker.get("outgoing-byte-rate")).isCloseTo(100 / 40.0, within(1e-9));
        assertThat(producer)
                .contains(
                        entry("outgoing-byte-total", 130.0),
                        entry("request-total", 3.0),
                        entry("request-size-max", 100.0),
                        entry("incoming-byte-total", 108.0),
                        entry("response-total", 2.0),
                        entry("network-io-total", 5.0),
                        entry("connection-count", 1.0),
                        entry("connection-creation-total", 2.0),
                        entry("connection-close-total", 1.0));
        assertThat(producer.get("response-rate")).isCloseTo(2 / 40.0, within(1e-9));
        assertThat(producer.get("incoming-byte-rate")).isCloseTo(108 / 40.0, within(1e-9));
        assertThat(producer.get("network-io-rate")).isCloseTo(5 / 40.0, within(1e-9));
        assertThat(producer.get("connection-close-rate")).isCloseTo(1 / 40.0, within(1e-9));
    }

    @Test
    void selectAndIoTimeAreRatiosOfTheWindowAsKafkaClientsComputesThem() {
        // given
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);

        // when two polls waited 10 s and 2 s and worked 1 s and 3 s
        metrics.polled(10_000_000_000L, 1_000_000_000L);
        metrics.polled(2_000_000_000L, 3_000_000_000L);

        // then (over the 40 s elapsed)
        Map<String, Double> snapshot = metrics.snapshot();
        assertThat(snapshot)
                .contains(
                        entry("select-total", 2.0),
                        entry("io-wait-time-ns-avg", 6e9),
                        entry("io-wait-time-ns-total", 12e9),
                        entry("io-time-ns-avg", 2e9),
                        entry("io-time-ns-total", 4e9));
        assertThat(snapshot.get("select-rate")).isCloseTo(2 / 40.0, within(1e-9));
        assertThat(snapshot.get("io-wait-ratio")).isCloseTo(12 / 40.0, within(1e-9));
        assertThat(snapshot.get("io-ratio")).isCloseTo(4 / 40.0, within(1e-9));
    }

    @Test
    void bufferPoolWaitRatioIsTheWindowsFractionSpentWaitingForMemory() throws InterruptedException {
        // given a pool whose clock moves 2 s per reading, so each wait lasts 2 s
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);
        AtomicLong nanos = new AtomicLong();
        BufferPool pool =
                new BufferPool(1024, 1024, () -> nanos.addAndGet(2_000_000_000L), metrics::recordBufferPoolWait);
        metrics.bindBufferPool(pool);
        assertThat(metrics.snapshot().get("bufferpool-wait-ratio")).isZero();
        pool.allocate(1024, 0);

        // when a second allocation waits and gives up
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.allocate(1024, 1))
                .isInstanceOf(dev.ferry.producer.TimeoutException.class);

        // then the 2 s wait is 2 s of the 40 s elapsed
        assertThat(metrics.snapshot().get("bufferpool-wait-ratio")).isCloseTo(2 / 40.0, within(1e-9));
        assertThat(metrics.snapshot().get("bufferpool-wait-time-ns-total")).isEqualTo(2e9);
    }

    @Test
    void authenticationsAreCountedAsSuccessesWithoutReauthenticationAndFailures() {
        // given
        AtomicLong now = new AtomicLong(40_000);
        ProducerMetrics metrics = new ProducerMetrics(now::get);

        // when
        metrics.recordAuthentication(true);
        metrics.recordAuthentication(true);
        metrics.recordAuthentication(false);

        // then
        Map<String, Double> snapshot = metrics.snapshot();
        assertThat(snapshot)
                .contains(
                        entry("successful-authentication-total", 2.0),
                        entry("successful-authentication-no-reauth-total", 2.0),
                        entry("failed-authentication-total", 1.0));
        assertThat(snapshot.get("successful-authentication-rate")).isCloseTo(2 / 40.0, within(1e-9));
        assertThat(snapshot.get("failed-authentication-rate")).isCloseTo(1 / 40.0, within(1e-9));
    }
}
