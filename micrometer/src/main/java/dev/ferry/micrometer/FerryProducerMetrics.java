package dev.ferry.micrometer;

import dev.ferry.producer.Metric;
import dev.ferry.producer.MetricName;
import dev.ferry.producer.MetricsReporter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a {@code FerryProducer}'s metrics to Micrometer with the names and tags Micrometer's
 * {@code KafkaClientMetrics} gives kafka-clients' producer, so a Spring Boot dashboard keeps
 * working: {@code kafka.producer.record.send.total}, {@code kafka.producer.topic.byte.rate},
 * {@code kafka.producer.node.request.latency.avg}, tagged {@code client.id} and {@code topic} or
 * {@code node.id}. Names ending in {@code total} or {@code count} are function counters, the rest
 * gauges, as there. Unlike {@code KafkaClientMetrics} there is no {@code kafka.version} tag: this is
 * not kafka-clients.
 *
 * <pre>{@code
 * FerryProducerMetrics producerMetrics = new FerryProducerMetrics();
 * FerryProducer<String, Order> producer = FerryProducer.<String, Order>builder(config)
 *         .metricsReporter(producerMetrics)   // learns every metric, also of topics seen later
 *         ...
 *         .build();
 * producerMetrics.bindTo(meterRegistry);      // or expose it as a MeterBinder bean
 * }</pre>
 *
 * <p>Metrics are registered as the producer creates them (a topic's on its first batch), whether
 * that is before or after {@link #bindTo}; when the producer closes, its meters are removed.
 *
 * <p>Thread safety: thread-safe.
 */
public final class FerryProducerMetrics implements MeterBinder, MetricsReporter {
    private static final String PREFIX = "kafka.";

    /** Guarded by this. */
    private final List<Metric> metrics = new ArrayList<>();
    /** Guarded by this. */
    private final List<MeterRegistry> registries = new ArrayList<>();
    /** Guarded by this. */
    private final List<Registered> meters = new ArrayList<>();

    private record Registered(MeterRegistry registry, Meter meter) {}

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        metrics.forEach(metric -> register(registry, metric));
    }

    @Override
    public synchronized void init(List<Metric> initial) {
        initial.forEach(this::metricChange);
    }

    @Override
    public synchronized void metricChange(Metric metric) {
        metrics.add(metric);
        registries.forEach(registry -> register(registry, metric));
    }

    private void register(MeterRegistry registry, Metric metric) {
        MetricName name = metric.metricName();
        String meterName = meterName(name);
        List<Tag> tags = new ArrayList<>();
        name.tags().forEach((key, value) -> tags.add(Tag.of(key.replace('-', '.'), value)));
        Meter meter = meterName.endsWith("total") || meterName.endsWith("count")
                ? FunctionCounter.builder(meterName, metric, Metric::value)
                        .tags(tags)
                        .register(registry)
                : Gauge.builder(meterName, metric, Metric::value).tags(tags).register(registry);
        meters.add(new Registered(registry, meter));
    }

    /** As Micrometer's {@code KafkaMetrics}: {@code kafka.<group without -metrics>.<name>}, dashes as dots. */
    static String meterName(MetricName name) {
        return (PREFIX + name.group() + "." + name.name())
                .replace("-metrics", "")
                .replace('-', '.');
    }

    /** Removes the producer's meters from every registry; called when the producer closes. */
    @Override
    public synchronized void close() {
        meters.forEach(registered -> registered.registry().remove(registered.meter()));
        meters.clear();
        metrics.clear();
    }
}
