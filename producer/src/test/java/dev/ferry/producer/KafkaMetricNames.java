package dev.ferry.producer;

import java.util.List;

/** The producer metric names the tests hold Ferry's snapshot to, spelled as in kafka-clients' producer-metrics group. */
public final class KafkaMetricNames {
    public static final List<String> PRODUCER = List.of(
            "record-send-rate",
            "record-error-rate",
            "record-retry-rate",
            "request-latency-avg",
            "request-latency-max",
            "batch-size-avg",
            "compression-rate-avg",
            "record-queue-time-avg",
            "records-per-request-avg",
            "buffer-available-bytes",
            "buffer-total-bytes",
            "bufferpool-wait-time-ns-total",
            "requests-in-flight",
            "produce-throttle-time-avg");

    private KafkaMetricNames() {}
}
