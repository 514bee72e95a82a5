package dev.ferry.producer.internal.metrics;

import static dev.ferry.producer.internal.PluginCalls.callEach;

import dev.ferry.producer.Metric;
import dev.ferry.producer.MetricName;
import dev.ferry.producer.MetricsReporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the producer's metrics to the {@code metric.reporters}: the scopes that exist at start
 * through {@code init}, each later one metric by metric through {@code metricChange}. A reporter's
 * exception is logged and ignored, as kafka-clients' {@code Metrics} does.
 *
 * <p>Thread safety: {@link #scopeAdded} is serialized by {@code ProducerMetrics}.
 */
public final class ReporterBridge implements ProducerMetrics.ScopeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReporterBridge.class);

    private final String clientId;
    private final List<MetricsReporter> reporters;
    /** The metrics gathered for {@code init} while the bridge attaches; null once the reporters are initialized. */
    private List<Metric> initial = new ArrayList<>();

    private ReporterBridge(String clientId, List<MetricsReporter> reporters) {
        this.clientId = clientId;
        this.reporters = List.copyOf(reporters);
    }

    /** Initializes the reporters with the metrics existing now and keeps them informed of new ones. */
    public static ReporterBridge start(String clientId, ProducerMetrics metrics, List<MetricsReporter> reporters) {
        ReporterBridge bridge = new ReporterBridge(clientId, reporters);
        metrics.addScopeListener(bridge);
        bridge.initReporters();
        return bridge;
    }

    private synchronized void initReporters() {
        List<Metric> metrics = List.copyOf(initial);
        initial = null;
        callEach(
                reporters,
                reporter -> reporter.init(metrics),
                LOG,
                "Metrics reporter {} failed in init; the producer carries on");
    }

    @Override
    public synchronized void scopeAdded(ProducerMetrics.Scope scope) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", clientId);
        tags.putAll(scope.tags());
        List<Metric> metrics = new ArrayList<>();
        for (String name : scope.values().get().keySet()) {
            metrics.add(new ScopeMetric(new MetricName(name, scope.group(), tags), scope.values()));
        }
        if (initial != null) {
            initial.addAll(metrics);
            return;
        }
        for (Metric metric : metrics) {
            callEach(
                    reporters,
                    reporter -> reporter.metricChange(metric),
                    LOG,
                    "Metrics reporter {} failed in metricChange for {}; the producer carries on",
                    metric.metricName());
        }
    }

    @Override
    public void close() {
        callEach(reporters, MetricsReporter::close, LOG, "Metrics reporter {} failed to close");
    }

    /** One metric of a scope; its value is read from the scope's snapshot when asked. */
    private record ScopeMetric(MetricName metricName, Supplier<Map<String, Double>> values) implements Metric {
        @Override
        public double value() {
            Double value = values.get().get(metricName.name());
            return value != null ? value : Double.NaN;
        }
    }
}
