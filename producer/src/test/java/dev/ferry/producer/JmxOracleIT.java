package dev.ferry.producer;

import static dev.ferry.producer.ItSetup.topic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.testing.LogCapture;
import dev.ferry.testkit.KafkaCluster;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The same workload through kafka-clients' producer and Ferry's in one JVM: every MBean attribute
 * kafka-clients registers must be in Ferry's tree under the same name, or on {@link JmxExclusions}
 * with the reason Ferry does not have it.
 */
class JmxOracleIT {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final int RECORDS = 20_000;

    @AutoClose
    private static final KafkaCluster kafka =
            ItSetup.clusterWithOnly(topic("jmx-oracle", 3), topic("jmx-lifecycle", 1));

    private static Map<String, Object> settings(String clientId) {
        return Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "client.id",
                clientId,
                "linger.ms",
                5,
                "compression.type",
                "lz4");
    }

    @Test
    void everyKafkaClientsProducerAttributeIsInFerrysTreeOrExcludedWithAReason() throws Exception {
        // given the same workload through both producers, both still open
        try (KafkaProducer<String, String> peer = new KafkaProducer<>(
                        settings("oracle-kafka"),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer());
                FerryProducer<String, String> ferry =
                        new FerryProducer<>(settings("oracle-ferry"), new StringSerializer(), new StringSerializer())) {
            // one record each first: both producers connect and get their producer id before the workload
            peer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("jmx-oracle", "warm-up", "warm-up"))
                    .get();
            ferry.send(new ProducerRecord<>("jmx-oracle", "warm-up", "warm-up")).get();
            for (int i = 0; i < RECORDS; i++) {
                peer.send(
                        new org.apache.kafka.clients.producer.ProducerRecord<>("jmx-oracle", "key-" + i, "value-" + i));
            }
            peer.flush();
            for (int i = 0; i < RECORDS; i++) {
                ferry.send(new ProducerRecord<>("jmx-oracle", "key-" + i, "value-" + i));
            }
            ferry.flush();

            // when both trees are read
            Map<String, Map<String, Object>> kafkaTree = tree("oracle-kafka");
            Map<String, Map<String, Object>> ferryTree = tree("oracle-ferry");

            // then every kafka-clients attribute is in Ferry's tree or excluded with a reason
            List<String> missing = new ArrayList<>();
            List<String> disagreeing = new ArrayList<>();
            kafkaTree.forEach((bean, attributes) -> attributes.forEach((attribute, kafkaValue) -> {
                Map<String, Object> ferryBean = ferryTree.get(bean);
                if (ferryBean == null || !ferryBean.containsKey(attribute)) {
                    if (JmxExclusions.reason(bean, attribute) == null) {
                        missing.add(bean + " " + attribute);
                    }
                } else if (!sameOrderOfMagnitude(kafkaValue, ferryBean.get(attribute))
                        && JmxExclusions.valueDiffers(bean, attribute) == null) {
                    disagreeing.add(bean + " " + attribute + ": kafka-clients " + kafkaValue + ", Ferry "
                            + ferryBean.get(attribute));
                }
            }));
            assertThat(missing)
                    .as("kafka-clients attributes neither in Ferry's tree nor excluded")
                    .isEmpty();
            assertThat(disagreeing)
                    .as("shared attributes whose values differ by more than 10x")
                    .isEmpty();
            assertThat(ferryTree.get("type=producer-metrics").get("record-send-total"))
                    .isEqualTo(RECORDS + 1.0)
                    .isEqualTo(kafkaTree.get("type=producer-metrics").get("record-send-total"));
            assertThat(ferryTree
                            .get("type=producer-topic-metrics,topic=jmx-oracle")
                            .get("record-send-total"))
                    .isEqualTo(kafkaTree
                            .get("type=producer-topic-metrics,topic=jmx-oracle")
                            .get("record-send-total"));
            assertThat(JmxExclusions.unused(kafkaTree, ferryTree))
                    .as("exclusions that no longer exclude anything")
                    .isEmpty();
        }
    }

    @Test
    void mbeansAreRegisteredByDefaultUnregisteredOnCloseAndOffWithAnEmptyReporterList() throws Exception {
        ObjectName producerMetrics = new ObjectName("kafka.producer:type=producer-metrics,client-id=lifecycle");
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(settings("lifecycle"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("jmx-lifecycle", "k", "v")).get();
            assertThat(SERVER.isRegistered(producerMetrics)).isTrue();
            assertThat(SERVER.getAttribute(producerMetrics, "record-send-total"))
                    .isEqualTo(1.0);
            assertThat(SERVER.queryNames(
                            new ObjectName(
                                    "kafka.producer:type=producer-topic-metrics,client-id=lifecycle,topic=jmx-lifecycle"),
                            null))
                    .hasSize(1);
        }
        assertThat(SERVER.queryNames(new ObjectName("kafka.producer:*,client-id=lifecycle"), null))
                .isEmpty();
        assertThat(SERVER.queryNames(new ObjectName("kafka.producer:type=app-info,id=lifecycle"), null))
                .isEmpty();

        Map<String, Object> off = new java.util.HashMap<>(settings("no-jmx"));
        off.put("metric.reporters", "");
        try (FerryProducer<String, String> producer =
                new FerryProducer<>(off, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("jmx-lifecycle", "k", "v")).get();
            assertThat(SERVER.queryNames(new ObjectName("kafka.producer:*,client-id=no-jmx"), null))
                    .isEmpty();
            assertThat(producer.metrics().get("record-send-total")).isEqualTo(1.0);
        }
    }

    @Test
    void twoProducersWithOneClientIdShareTheNamesAsInKafkaClients() throws Exception {
        ObjectName producerMetrics = new ObjectName("kafka.producer:type=producer-metrics,client-id=twin");
        try (LogCapture log = new LogCapture();
                FerryProducer<String, String> first =
                        new FerryProducer<>(settings("twin"), new StringSerializer(), new StringSerializer());
                FerryProducer<String, String> second =
                        new FerryProducer<>(settings("twin"), new StringSerializer(), new StringSerializer())) {
            // the later producer's metrics replace the earlier one's; the app-info stays the first one's, with a
            // warning
            second.send(new ProducerRecord<>("jmx-lifecycle", "k", "v")).get();
            assertThat(SERVER.getAttribute(producerMetrics, "record-send-total"))
                    .isEqualTo(1.0);
            assertThat(log.text()).contains("Error registering AppInfo mbean kafka.producer:type=app-info,id=twin");

            // closing either unregisters the names
            first.close();
            assertThat(SERVER.isRegistered(producerMetrics)).isFalse();
        }
    }

    /** Collects what the producer tells a reporter. */
    public static final class CollectingReporter extends PluginConfigsKept implements MetricsReporter {
        static final java.util.Queue<CollectingReporter> INSTANCES = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final List<Metric> initial = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Metric> added = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean closed;

        public CollectingReporter() {
            INSTANCES.add(this);
        }

        @Override
        public void init(List<Metric> metrics) {
            initial.addAll(metrics);
        }

        @Override
        public void metricChange(Metric metric) {
            added.add(metric);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void metricReportersLearnEveryMetricByKafkaClientsNameAndReadValues() throws Exception {
        // given a reporter named in metric.reporters (without the JMX reporter) and a throwing one passed to the
        // builder
        CollectingReporter.INSTANCES.clear();
        Map<String, Object> settings = new java.util.HashMap<>(settings("reported"));
        settings.put("metric.reporters", CollectingReporter.class.getName());
        MetricsReporter throwing = new MetricsReporter() {
            @Override
            public void init(List<Metric> metrics) {
                throw new IllegalStateException("init broke");
            }

            @Override
            public void metricChange(Metric metric) {
                throw new IllegalStateException("metricChange broke");
            }
        };
        CollectingReporter reporter;
        try (FerryProducer<String, String> producer = FerryProducer.<String, String>builder(
                        ProducerConfig.fromProperties(settings))
                .keySerializer(new StringSerializer())
                .valueSerializer(new StringSerializer())
                .metricsReporter(throwing)
                .build()) {
            // when a record is sent
            producer.send(new ProducerRecord<>("jmx-lifecycle", "k", "v")).get();
            reporter = CollectingReporter.INSTANCES.element();

            // then init had the producer-wide metrics, metricChange the topic's and the broker's, with kafka-clients'
            // tags
            assertThat(reporter.configs.get("client.id")).isEqualTo("reported");
            Metric sendTotal = reporter.initial.stream()
                    .filter(m -> m.metricName().name().equals("record-send-total"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sendTotal.metricName())
                    .isEqualTo(
                            new MetricName("record-send-total", "producer-metrics", Map.of("client-id", "reported")));
            assertThat(sendTotal.value()).isEqualTo(1.0);
            assertThat(reporter.added)
                    .extracting(Metric::metricName)
                    .contains(
                            new MetricName(
                                    "record-send-total",
                                    "producer-topic-metrics",
                                    Map.of("client-id", "reported", "topic", "jmx-lifecycle")),
                            new MetricName(
                                    "request-latency-avg",
                                    "producer-node-metrics",
                                    Map.of(
                                            "client-id",
                                            "reported",
                                            "node-id",
                                            "node-" + kafka.brokerIds().get(0))));
            assertThat(SERVER.queryNames(new ObjectName("kafka.producer:*,client-id=reported"), null))
                    .as("metric.reporters without JmxReporter turns JMX off, as in kafka-clients 4")
                    .isEmpty();
        }
        assertThat(reporter.closed).isTrue();
    }

    /** Every MBean of one client id: its name without the client id → attribute → value. */
    private static Map<String, Map<String, Object>> tree(String clientId) throws Exception {
        Map<String, Map<String, Object>> tree = new TreeMap<>();
        Set<ObjectName> names =
                new TreeSet<>(SERVER.queryNames(new ObjectName("kafka.producer:*,client-id=" + clientId), null));
        names.addAll(SERVER.queryNames(new ObjectName("kafka.producer:type=app-info,id=" + clientId), null));
        for (ObjectName name : names) {
            Map<String, Object> attributes = new TreeMap<>();
            for (MBeanAttributeInfo info : SERVER.getMBeanInfo(name).getAttributes()) {
                attributes.put(info.getName(), SERVER.getAttribute(name, info.getName()));
            }
            tree.put(key(name), attributes);
        }
        return tree;
    }

    /** The name as {@code type=...,tag=...} in kafka-clients' tag order, without the client id. */
    private static String key(ObjectName name) {
        StringBuilder key = new StringBuilder("type=").append(name.getKeyProperty("type"));
        for (String tag : List.of("topic", "node-id")) {
            if (name.getKeyProperty(tag) != null) {
                key.append(',').append(tag).append('=').append(name.getKeyProperty(tag));
            }
        }
        return key.toString();
    }

    private static boolean sameOrderOfMagnitude(Object kafka, Object ferry) {
        if (!(kafka instanceof Number k) || !(ferry instanceof Number f)) {
            return true;
        }
        double a = Math.abs(k.doubleValue());
        double b = Math.abs(f.doubleValue());
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) == Double.isNaN(b);
        }
        if (a == 0 || b == 0) {
            return Math.max(a, b) < 1;
        }
        return Math.max(a, b) / Math.min(a, b) <= 10;
    }
}
