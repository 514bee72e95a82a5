package dev.ferry.producer.internal.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the producer's metrics as MBeans under kafka-clients' names, so JMX dashboards built
 * for kafka-clients work unchanged: {@code kafka.producer:type=producer-metrics,client-id=X},
 * {@code type=producer-topic-metrics,client-id=X,topic=T},
 * {@code type=producer-node-metrics,client-id=X,node-id=node-N}, and
 * {@code type=app-info,id=X}.
 *
 * <p>Two producers with one {@code client.id} behave as in kafka-clients: the metric MBeans of the
 * later one replace the earlier one's, the app-info MBean stays the first one's (a warning is
 * logged), and closing either unregisters the names.
 *
 * <p>Thread safety: {@link #scopeAdded} runs on whichever thread first records into a scope;
 * registration and {@link #close()} are serialized on the reporter.
 */
public final class JmxReporter implements ProducerMetrics.ScopeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JmxReporter.class);
    private static final String DOMAIN = "kafka.producer";
    /** kafka-clients' {@code Sanitizer.jmxSanitize}: values outside this set are quoted. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[\\w-%\\. \t]*");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String clientId;
    /** Guarded by this. */
    private final List<ObjectName> registered = new ArrayList<>();
    /** Guarded by this. */
    private boolean closed;

    private JmxReporter(String clientId) {
        this.clientId = clientId;
    }

    /** Registers app-info now and every scope of {@code metrics} as it appears. */
    public static JmxReporter start(String clientId, ProducerMetrics metrics, AppInfo appInfo) {
        JmxReporter reporter = new JmxReporter(clientId);
        reporter.registerAppInfo(appInfo);
        metrics.addScopeListener(reporter);
        return reporter;
    }

    @Override
    public synchronized void scopeAdded(ProducerMetrics.Scope scope) {
        if (closed) {
            return;
        }
        StringBuilder name = new StringBuilder(DOMAIN)
                .append(":type=")
                .append(scope.group())
                .append(",client-id=")
                .append(sanitize(clientId));
        scope.tags()
                .forEach(
                        (key, value) -> name.append(',').append(key).append('=').append(sanitize(value)));
        ObjectName objectName = objectName(name.toString());
        try {
            // as kafka-clients' JmxReporter.reregister: a producer with the same client.id loses the name to this one
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new MetricsMBean(scope.values()), objectName);
            registered.add(objectName);
        } catch (JMException e) {
            LOG.warn("Could not register the MBean {}; its metrics stay readable through metrics()", objectName, e);
        }
    }

    private synchronized void registerAppInfo(AppInfo appInfo) {
        ObjectName objectName = objectName(DOMAIN + ":type=app-info,id=" + sanitize(clientId));
        try {
            server.registerMBean(appInfo, objectName);
            registered.add(objectName);
        } catch (JMException e) {
            // kafka-clients' AppInfoParser logs the same and keeps the first producer's app-info
            LOG.warn(
                    "Error registering AppInfo mbean {}: is another producer using client.id {}?",
                    objectName,
                    clientId,
                    e);
        }
    }

    /** Unregisters every name this reporter registered (the producer's own or, as in kafka-clients, a later one's). */
    @Override
    public synchronized void close() {
        closed = true;
        for (ObjectName name : registered) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (JMException e) {
                LOG.warn("Could not unregister the MBean {}", name, e);
            }
        }
        registered.clear();
    }

    static String sanitize(String value) {
        return PLAIN_VALUE.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("Not a JMX name: " + name, e);
        }
    }
}
