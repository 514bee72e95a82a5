package dev.ferry.testkit.junit;

import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.testkit.FaultProxy;
import dev.ferry.testkit.KafkaCluster;
import dev.ferry.testkit.junit.internal.SharedClusters;
import dev.ferry.testkit.junit.internal.TypedDeserializers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Kafka 4.4 broker (KRaft) for the tests of an application that uses Ferry, with its
 * topics created up front and typed read-back through Ferry's deserializers.
 *
 * <pre>{@code
 * @RegisterExtension
 * static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();
 * @RegisterExtension
 * static EmbeddedKafka kafka = EmbeddedKafka.builder().topic(OrdersTopic.TOPIC, 3).registry(registry).build();
 *
 * @Test
 * void sendsOrders() {
 *     try (OrdersTopic orders = OrdersTopic.bind(kafka.producerProperties())) {
 *         orders.send(order).join();
 *     }
 *     List<OrderEvent> read = kafka.readValues(OrdersTopic.TOPIC, OrderEvent.class, 1, Duration.ofSeconds(10));
 *     assertThat(read).containsExactly(order);
 * }
 * }</pre>
 *
 * <p><b>One broker per JVM, not per class.</b> By default every {@code EmbeddedKafka} of the JVM
 * shares one broker, started by the first that needs it and stopped when the JVM exits: a suite of
 * ten test classes pays one start. Its topics stay from class to class, so give each class its own
 * topic names. {@link Builder#isolated()} gives a class a broker of its own (needed for the fault
 * methods), stopped by {@link #close()} (after the class, as a JUnit extension).
 *
 * <p>As a JUnit 5 extension a {@code static} field starts before the class's tests; without JUnit,
 * {@code try (EmbeddedKafka kafka = EmbeddedKafka.builder().topic("orders").build().start()) { ... }}.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class EmbeddedKafka
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final Duration READY = Duration.ofSeconds(30);

    private final Map<String, Integer> topics;
    private final int brokers;
    private final boolean isolated;
    private final boolean proxied;
    private final boolean childJvm;
    private final WireMockSchemaRegistry registry;
    private final boolean ownsRegistry;
    private final String registryUrl;
    private KafkaCluster cluster;
    private SchemaRegistryClient ownRegistryClient;
    private boolean perTest;

    private EmbeddedKafka(Builder builder) {
        this.topics = Map.copyOf(builder.topics);
        this.brokers = builder.brokers;
        this.isolated = builder.isolated;
        this.proxied = builder.proxied;
        this.childJvm = builder.childJvm;
        this.registry = builder.ownsRegistry ? new WireMockSchemaRegistry() : builder.registry;
        this.ownsRegistry = builder.ownsRegistry;
        this.registryUrl = builder.registryUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts (or joins the shared) broker and creates the topics that do not exist yet.
     *
     * @return this
     */
    public EmbeddedKafka start() {
        if (cluster != null) {
            throw new IllegalStateException("EmbeddedKafka is already started at " + bootstrapServers());
        }
        if (ownsRegistry && !registry.isRunning()) {
            registry.start();
        }
        if (isolated) {
            KafkaCluster.Builder builder = KafkaCluster.builder().brokers(brokers);
            if (proxied) {
                builder.proxied();
            }
            if (childJvm) {
                builder.childJvm();
            }
            cluster = builder.start();
        } else {
            cluster = SharedClusters.get(brokers);
        }
        topics.forEach(this::createTopic);
        return this;
    }

    /** Stops an isolated broker; leaves a shared one running for the next class. */
    @Override
    public void close() {
        if (ownRegistryClient != null) {
            ownRegistryClient.close();
            ownRegistryClient = null;
        }
        try {
            if (cluster != null && isolated) {
                cluster.close();
            }
        } finally {
            cluster = null;
            if (ownsRegistry) {
                registry.close();
            }
        }
    }

    /**
     * Stops the JVM's shared brokers now; the next {@link #start()} of a shared instance starts a new
     * one. JUnit 5.13+ does this at the end of the run and a JVM shutdown hook does it at exit, but
     * an in-process broker's threads keep a JVM alive: a {@code main} that used a shared broker
     * calls this (or {@code System.exit}) at its end.
     */
    public static void stopSharedBrokers() {
        SharedClusters.closeAll();
    }

    /** The {@code bootstrap.servers} value. */
    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    /**
     * The schema registry wired to this broker: the one of {@link Builder#withRegistry()} (started
     * and stopped with this instance) or the one given to {@link Builder#registry}.
     *
     * @throws IllegalStateException when there is none
     */
    public WireMockSchemaRegistry registry() {
        if (registry == null) {
            throw new IllegalStateException("this EmbeddedKafka has no WireMock schema registry: "
                    + "EmbeddedKafka.builder().withRegistry() gives it one"
                    + (registryUrl == null ? "" : "; it reads through " + registryUrl));
        }
        return registry;
    }

    /** The testkit cluster underneath, for what this class does not cover (admin client, broker ids). */
    public KafkaCluster cluster() {
        return running();
    }

    /**
     * {@code bootstrap.servers} and, when a registry was given, {@code schema.registry.url}: the
     * properties a typed binding ({@code OrdersTopic.bind(...)}) needs. A mutable copy, to add to.
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        String url = registryUrlOrNull();
        if (url != null) {
            properties.put(SchemaRegistryConfig.URL, url);
        }
        return properties;
    }

    /** Creates a topic with replication factor 1 unless it exists; waits until every partition has a leader. */
    public void createTopic(String topic, int partitions) {
        KafkaCluster current = running();
        try {
            Set<String> existing = current.admin().listTopics().names().get(READY.toMillis(), TimeUnit.MILLISECONDS);
            if (!existing.contains(topic)) {
                current.createTopic(new NewTopic(topic, partitions, (short) Math.min(brokers, 3)));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics to create " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot list the topics to create " + topic + " within " + READY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    // ---- reading back -----------------------------------------------------------------------

    /**
     * The first {@code count} values of a topic (from the start of every partition), deserialized by
     * Ferry: generated Avro classes and Protobuf messages through the registry (the
     * {@link WireMockSchemaRegistry}'s store directly, so reading counts no request and works during
     * its faults), {@code String}, {@code byte[]}.
     *
     * @throws AssertionError when fewer than {@code count} records arrive within {@code timeout}
     */
    public <T> List<T> readValues(String topic, Class<T> valueType, int count, Duration timeout) {
        return readRecords(topic, valueType, count, timeout).stream()
                .map(ReadRecord::value)
                .toList();
    }

    /** As {@link #readValues} with the key, headers, partition and offset of each record. */
    public <T> List<ReadRecord<T>> readRecords(String topic, Class<T> valueType, int count, Duration timeout) {
        try (Deserializer<T> deserializer = TypedDeserializers.forValues(valueType, registryClient())) {
            return readRecords(topic, deserializer, count, timeout);
        }
    }

    /** As {@link #readRecords(String, Class, int, Duration)} with a deserializer of your own. */
    public <T> List<ReadRecord<T>> readRecords(String topic, Deserializer<T> values, int count, Duration timeout) {
        Objects.requireNonNull(values, "values");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReadRecord<T>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "expected " + count + " records in topic " + topic + " within " + timeout + ", read "
                                    + read.size() + (read.isEmpty() ? "" : "; the last: " + read.get(read.size() - 1)));
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                    if (read.size() == count) {
                        break;
                    }
                    Headers headers = new Headers();
                    for (Header header : record.headers()) {
                        headers.add(header.key(), header.value());
                    }
                    headers.setReadOnly();
                    T value = values.deserialize(topic, headers, record.value());
                    read.add(new ReadRecord<>(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.timestamp(),
                            record.key(),
                            value,
                            headers));
                }
            }
        }
        return List.copyOf(read);
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new AssertionError("topic " + topic + " does not exist on " + bootstrapServers()
                    + "; create it with EmbeddedKafka.builder().topic(\"" + topic + "\") or createTopic");
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    private Supplier<SchemaRegistryClient> registryClient() {
        return () -> {
            if (registry != null) {
                return registry.store();
            }
            if (registryUrl == null) {
                throw new IllegalStateException("reading schema-based values needs a registry: "
                        + "EmbeddedKafka.builder().registry(wireMockSchemaRegistry) or .registryUrl(url)");
            }
            if (ownRegistryClient == null) {
                ownRegistryClient = SchemaRegistryClients.create(Map.of(SchemaRegistryConfig.URL, registryUrl));
            }
            return ownRegistryClient;
        };
    }

    private String registryUrlOrNull() {
        return registry != null ? registry.url() : registryUrl;
    }

    // ---- faults (isolated brokers only) -----------------------------------------------------

    /** Stops the broker cleanly (a single-broker cluster: the only one); needs {@link Builder#isolated()}. */
    public void stopBroker() {
        ownCluster("stopBroker").stopBroker(firstBroker());
    }

    /** Starts the stopped broker again on its port and data; returns when it is registered. */
    public void startBroker() {
        ownCluster("startBroker").startBroker(firstBroker());
    }

    /**
     * Black-holes every client connection (bytes are accepted, nothing answers) or ends the black
     * hole; needs {@link Builder#proxied()}.
     */
    public void blackHole(boolean on) {
        proxy("blackHole").blackHole(on);
    }

    /** Delays everything between clients and the broker; {@code Duration.ZERO} ends it. Needs {@link Builder#proxied()}. */
    public void latency(Duration latency) {
        proxy("latency").latency(latency);
    }

    private FaultProxy proxy(String what) {
        if (!proxied) {
            throw new IllegalStateException(what + " needs a proxied broker: EmbeddedKafka.builder().proxied()");
        }
        return ownCluster(what).proxy(firstBroker());
    }

    private int firstBroker() {
        return running().brokerIds().get(0);
    }

    private KafkaCluster ownCluster(String what) {
        if (!isolated) {
            throw new IllegalStateException(what + " would hit every test class sharing the JVM's broker: "
                    + "use EmbeddedKafka.builder().isolated()");
        }
        return running();
    }

    private KafkaCluster running() {
        if (cluster == null) {
            throw new IllegalStateException(
                    "EmbeddedKafka is not started: call start() or register it with @RegisterExtension");
        }
        return cluster;
    }

    // ---- JUnit 5 ----------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!isolated) {
            // JUnit 5.13+ closes AutoCloseable values of the root store when the whole run ends.
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.create(EmbeddedKafka.class))
                    .getOrComputeIfAbsent("shared-clusters", key -> (AutoCloseable) SharedClusters::closeAll);
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (cluster == null) {
            perTest = true;
            start();
        } else if (ownsRegistry) {
            registry.resetRequests();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (ownsRegistry) {
            registry.heal();
        }
        if (perTest) {
            perTest = false;
            close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + (cluster == null ? "not started" : cluster.bootstrapServers())
                + (isolated ? ", isolated" : ", shared") + ", topics " + topics.keySet() + "]";
    }

    /** Settings of an {@link EmbeddedKafka}; every setter validates at once. */
    public static final class Builder {
        private final Map<String, Integer> topics = new LinkedHashMap<>();
        private int brokers = 1;
        private boolean isolated;
        private boolean proxied;
        private boolean childJvm;
        private WireMockSchemaRegistry registry;
        private boolean ownsRegistry;
        private String registryUrl;

        private Builder() {}

        /** A topic with one partition, created at start unless it exists. */
        public Builder topic(String name) {
            return topic(name, 1);
        }

        /** A topic with this many partitions, created at start unless it exists. */
        public Builder topic(String name, int partitions) {
            Objects.requireNonNull(name, "topic name");
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "partitions of topic " + name + " was " + partitions + ", must be 1 or more");
            }
            topics.put(name, partitions);
            return this;
        }

        /** 1 (default) or 3 brokers (then with a separate controller, topics replicated 3 times). */
        public Builder brokers(int count) {
            if (count != 1 && count != 3) {
                throw new IllegalArgumentException("brokers was " + count + ", allowed: 1 or 3");
            }
            this.brokers = count;
            return this;
        }

        /** A broker of its own, started for this instance and stopped by {@link EmbeddedKafka#close()}. */
        public Builder isolated() {
            this.isolated = true;
            return this;
        }

        /** An isolated broker behind a fault proxy, for {@link EmbeddedKafka#blackHole} and {@link EmbeddedKafka#latency}. */
        public Builder proxied() {
            this.isolated = true;
            this.proxied = true;
            return this;
        }

        /** An isolated broker in a child JVM. */
        public Builder childJvm() {
            this.isolated = true;
            this.childJvm = true;
            return this;
        }

        /**
         * A {@link WireMockSchemaRegistry} of this instance's own, wired to it: started and stopped with
         * it, reached through {@link EmbeddedKafka#registry()}, its URL in
         * {@link EmbeddedKafka#producerProperties()}; as a JUnit extension its request counts start at
         * zero and its faults are healed around every test. One field gives a test both.
         */
        public Builder withRegistry() {
            if (registry != null || registryUrl != null) {
                throw new IllegalStateException(
                        "a registry was already set: " + (registry != null ? registry : registryUrl));
            }
            this.ownsRegistry = true;
            return this;
        }

        /** The registry whose URL {@link EmbeddedKafka#producerProperties()} hands out and whose store read-back uses. */
        public Builder registry(WireMockSchemaRegistry registry) {
            if (registryUrl != null || ownsRegistry) {
                throw new IllegalStateException(
                        "a registry was already set: " + (ownsRegistry ? "withRegistry()" : registryUrl));
            }
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** A registry by URL ({@code mock://scope} or a real one) for read-back and {@link EmbeddedKafka#producerProperties()}. */
        public Builder registryUrl(String url) {
            if (registry != null || ownsRegistry) {
                throw new IllegalStateException(
                        "a registry was already set: " + (ownsRegistry ? "withRegistry()" : registry));
            }
            this.registryUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
