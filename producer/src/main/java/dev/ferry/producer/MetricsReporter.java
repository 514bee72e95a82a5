package dev.ferry.producer;

import java.util.List;
import java.util.Map;

/**
 * The plug-in point of {@code metric.reporters}, shaped like kafka-clients' {@code MetricsReporter}:
 * a reporter learns every metric of the producer as it appears and reads values when it reports
 * (on its own schedule, e.g. a scrape or a timer). A kafka-clients reporter ports by adapting
 * {@code KafkaMetric} to {@link Metric}: the names, groups and tags are kafka-clients'.
 *
 * <pre>{@code
 * public final class LoggingReporter implements MetricsReporter {
 *     private final List<Metric> metrics = new CopyOnWriteArrayList<>();
 *     public void init(List<Metric> initial) { metrics.addAll(initial); }
 *     public void metricChange(Metric metric) { metrics.add(metric); }
 *     // a timer thread logs metrics.forEach(m -> log.info("{} {}", m.metricName(), m.value()))
 * }
 * // metric.reporters=com.example.LoggingReporter,org.apache.kafka.common.metrics.JmxReporter
 * }</pre>
 *
 * <p>Named in {@code metric.reporters} (a public no-argument constructor; {@link #configure} gets
 * the producer's settings) or passed to {@link FerryProducer.Builder#metricsReporter}. The name
 * {@code org.apache.kafka.common.metrics.JmxReporter} in the list means Ferry's MBeans. An exception
 * from a reporter is logged and ignored. Metrics are never removed while the producer runs;
 * {@link #close()} is called when it closes.
 *
 * <p>Thread safety: {@link #metricChange} runs on the thread that first records into a new topic or
 * broker (usually the producer's I/O thread): keep it quick.
 */
public interface MetricsReporter extends AutoCloseable {

    /** The producer's settings by their kafka-clients names, before {@link #init}, for reporters named in the configuration. */
    default void configure(Map<String, ?> configs) {}

    /** The metrics that exist when the producer starts: the producer-wide ones. */
    void init(List<Metric> metrics);

    /** A new metric: the first record of a topic, the first request to a broker. */
    void metricChange(Metric metric);

    /** Called once when the producer closes. */
    @Override
    default void close() {}
}
