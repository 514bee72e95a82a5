package dev.ferry.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kafka-clients producer MBean attributes Ferry does not publish, and the shared ones whose
 * values may differ, each with the reason. The README's Observability section lists the same.
 */
final class JmxExclusions {
    private JmxExclusions() {}

    /** MBean key ({@code type=...}, or a prefix ending in {@code *}) and attribute ({@code *} for all) → why Ferry does not have it. */
    private static final Map<String, String> MISSING;

    static {
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        missing.put(
                "type=kafka-metrics-count count", "the size of kafka-clients' own metrics registry; Ferry keeps none");
        missing.put(
                "type=producer-metrics txn-prepare-time-ns-total",
                "KIP-939's prepareTransaction (two-phase commit), which Ferry does not have");
        for (String attribute :
                List.of("failed-reauthentication-*", "successful-reauthentication-*", "reauthentication-latency-*")) {
            missing.put(
                    "type=producer-metrics " + attribute,
                    "Ferry never re-authenticates a connection: it replaces it before"
                            + " connections.max.reauth.ms, and the new connection's authentication counts in successful-authentication-*");
        }
        MISSING = java.util.Collections.unmodifiableMap(missing);
    }

    private static final String REQUEST_LATENCY = "wall-clock time of a few dozen requests to a local broker, a"
            + " millisecond or less each, where one slow round trip (a JIT pause, the first request of a"
            + " connection) moves the average: seen 0.64 ms for Ferry against 8.4 ms for kafka-clients on a"
            + " 2-core machine in one clean-clone CI run, within 10x in the runs before it; timings are compared in benchmarks, not here";

    /** Attributes present in both trees whose values legitimately differ by more than 10x. */
    private static final Map<String, String> VALUES_DIFFER = Map.of(
            "type=producer-metrics flush-time-ns-total",
            "one wall-clock wait per run, as long as the records still in flight when flush() began",
            "type=producer-metrics record-queue-time-max",
            "the first batch's wait for the broker connection and the producer id:"
                    + " how fast each client starts, not what the metric means",
            "type=producer-metrics metadata-wait-time-ns-total",
            "almost all of it is the warm-up send's wait for the"
                    + " first metadata of the topic, which includes each client's start (connection, first fetch): seen"
                    + " 2 ms for Ferry against 104 ms for kafka-clients in one run, within 10x in others",
            "type=producer-metrics io-*",
            "the CPU each client's I/O loop spends on reads and writes, which is what"
                    + " the metric measures and differs by design: Ferry's loop does less per byte (seen 1.2 ms"
                    + " against 13.4 ms of io-time-ns-total over one run, 3.7x apart in another)",
            "type=producer-metrics select-*",
            "one select per round of the I/O loop, and Ferry's loop is woken far less: kafka-clients wakes it for"
                    + " every record appended while a partition holds two batches, Ferry when a batch becomes"
                    + " sendable (seen 567 against 47 selects over one run)",
            "type=producer-metrics request-latency-*",
            REQUEST_LATENCY,
            "type=producer-node-metrics* request-latency-*",
            REQUEST_LATENCY);

    static String reason(String bean, String attribute) {
        return lookup(MISSING, bean, attribute);
    }

    static String valueDiffers(String bean, String attribute) {
        return lookup(VALUES_DIFFER, bean, attribute);
    }

    private static String lookup(Map<String, String> table, String bean, String attribute) {
        for (Map.Entry<String, String> entry : table.entrySet()) {
            if (matches(entry.getKey(), bean, attribute)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean matches(String rule, String bean, String attribute) {
        int space = rule.indexOf(' ');
        String beanRule = rule.substring(0, space);
        String attributeRule = rule.substring(space + 1);
        boolean beanMatches = beanRule.endsWith("*")
                ? bean.startsWith(beanRule.substring(0, beanRule.length() - 1))
                : bean.equals(beanRule);
        boolean attributeMatches = attributeRule.equals("*")
                || (attributeRule.endsWith("*")
                        ? attribute.startsWith(attributeRule.substring(0, attributeRule.length() - 1))
                        : attribute.equals(attributeRule));
        return beanMatches && attributeMatches;
    }

    /** Rules of {@link #MISSING} that match nothing kafka-clients registered and Ferry lacks: stale. */
    static List<String> unused(Map<String, Map<String, Object>> kafka, Map<String, Map<String, Object>> ferry) {
        List<String> unused = new ArrayList<>();
        for (String rule : MISSING.keySet()) {
            boolean used = kafka.entrySet().stream().anyMatch(bean -> bean.getValue().keySet().stream()
                    .anyMatch(attribute -> matches(rule, bean.getKey(), attribute)
                            && !(ferry.containsKey(bean.getKey())
                                    && ferry.get(bean.getKey()).containsKey(attribute))));
            if (!used) {
                unused.add(rule);
            }
        }
        return unused;
    }
}
