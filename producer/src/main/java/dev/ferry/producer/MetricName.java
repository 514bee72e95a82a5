package dev.ferry.producer;

import java.util.Map;
import java.util.Objects;

/**
 * A metric's identity as kafka-clients names it: {@code record-send-rate} in group
 * {@code producer-metrics} with tags {@code client-id=checkout}; {@code producer-topic-metrics} add
 * {@code topic}, {@code producer-node-metrics} add {@code node-id}. The JMX ObjectName is
 * {@code kafka.producer:type=<group>,<tags in order>}.
 *
 * @param name  the metric's name, e.g. {@code record-send-rate}
 * @param group the group, e.g. {@code producer-topic-metrics}
 * @param tags  {@code client-id} first, then {@code topic} or {@code node-id}; unmodifiable, in that order
 */
public record MetricName(String name, String group, Map<String, String> tags) {
    public MetricName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }
}
