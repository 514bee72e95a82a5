package dev.ferry.producer;

/**
 * One of the producer's metrics, as a {@link MetricsReporter} sees it: its name and its current
 * value, computed when asked (rates and averages over kafka-clients' windows, NaN for an average
 * with no value yet, as kafka-clients reports).
 *
 * <p>Thread safety: {@link #value()} may be called from any thread.
 */
public interface Metric {

    MetricName metricName();

    double value();
}
