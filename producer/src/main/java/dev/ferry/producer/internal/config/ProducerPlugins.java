package dev.ferry.producer.internal.config;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Serializer;
import dev.ferry.producer.MetricsReporter;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.internal.interceptor.ProducerInterceptors;
import java.util.ArrayList;
import java.util.List;

/**
 * One producer's plugins: instances given to its builder, else (serializers) or as well
 * (interceptors, metric reporters, after the named ones) classes named in its configuration.
 */
public final class ProducerPlugins {

    private ProducerPlugins() {}

    /** The given serializer, else a new one of the class named by {@code key}; refused when there is neither. */
    public static <T> Serializer<T> serializer(
            Serializer<T> given, ProducerConfig config, String key, String className) {
        if (given != null) {
            return given;
        }
        if (className == null) {
            throw new ConfigException(
                    key,
                    null,
                    "the name of a class implementing " + Serializer.class.getName()
                            + ", or a serializer passed to the constructor");
        }
        return Plugins.serializer(key, className, config.pluginConfigs());
    }

    /** The interceptors of {@code interceptor.classes}, then the given ones; null when there are none. */
    @SuppressWarnings("unchecked")
    public static <K, V> ProducerInterceptors<K, V> interceptors(
            ProducerConfig config, List<ProducerInterceptor<K, V>> instances) {
        List<ProducerInterceptor<K, V>> all = new ArrayList<>();
        for (String className : config.interceptorClasses()) {
            all.add((ProducerInterceptor<K, V>)
                    Plugins.interceptor(ProducerConfig.INTERCEPTOR_CLASSES, className, config.pluginConfigs()));
        }
        all.addAll(instances);
        return all.isEmpty() ? null : new ProducerInterceptors<>(all);
    }

    /** The reporters of {@code metric.reporters}, then the given ones. */
    public static List<MetricsReporter> metricsReporters(ProducerConfig config, List<MetricsReporter> instances) {
        List<MetricsReporter> all = new ArrayList<>();
        for (String className : config.metricReporters()) {
            all.add(Plugins.metricsReporter(ProducerConfig.METRIC_REPORTERS, className, config.pluginConfigs()));
        }
        all.addAll(instances);
        return all;
    }
}
