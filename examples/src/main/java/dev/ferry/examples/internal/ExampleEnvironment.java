package dev.ferry.examples.internal;

import dev.ferry.common.internal.Redaction;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.StringSerializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Where an example runs: a Kafka broker and a Schema Registry. By default an embedded Kafka 4.4
 * broker in a child JVM (its log goes to a file, so the example's output stays readable) and the
 * in-memory {@code mock://} registry; {@code --bootstrap-server} and {@code --registry-url} point
 * the example at real ones instead, and {@code --config} adds client properties (registry
 * credentials, for example) from a file.
 */
public final class ExampleEnvironment implements AutoCloseable {
    public static final ExampleArgs.Option BOOTSTRAP_SERVER = new ExampleArgs.Option(
            "bootstrap-server", "HOST:PORT", "use this Kafka cluster instead of starting an embedded Kafka 4.4 broker");
    public static final ExampleArgs.Option REGISTRY_URL = new ExampleArgs.Option(
            "registry-url", "URL", "use this Schema Registry instead of the in-memory mock:// registry");
    public static final ExampleArgs.Option CONFIG = new ExampleArgs.Option(
            "config",
            "FILE",
            "extra client properties (registry credentials, client.id, ...) for the registry, producer and consumer");

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> REGISTRY_ONLY_PREFIXES =
            List.of("schema.registry.", "basic.auth.", "bearer.auth.");

    private final KafkaCluster embedded;
    private final String bootstrapServers;
    private final String registryUrl;
    private final String mockScope;
    private final SchemaRegistryClient registry;
    private final Map<String, String> extraConfig;
    private final Admin admin;

    private ExampleEnvironment(
            KafkaCluster embedded,
            String bootstrapServers,
            String registryUrl,
            String mockScope,
            Map<String, String> extraConfig) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.mockScope = mockScope;
        this.extraConfig = Map.copyOf(extraConfig);
        Map<String, Object> registryConfig = new HashMap<>(extraConfig);
        registryConfig.put("schema.registry.url", registryUrl);
        this.registry = SchemaRegistryClients.create(registryConfig);
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        this.admin = Admin.create(adminConfig);
    }

    /**
     * Opens the environment the command line asks for.
     *
     * @param name the example's name, used for the in-memory registry's scope
     */
    public static ExampleEnvironment open(String name, ExampleArgs args) {
        Map<String, String> extra = args.value(CONFIG.name())
                .map(ExampleEnvironment::readProperties)
                .orElse(Map.of());
        Optional<String> registryUrl = args.value(REGISTRY_URL.name());
        String mockScope = registryUrl.isPresent() ? null : "ferry-" + name;
        String url = registryUrl.orElse("mock://" + mockScope);
        Optional<String> bootstrap = args.value(BOOTSTRAP_SERVER.name());
        if (bootstrap.isPresent()) {
            return new ExampleEnvironment(null, bootstrap.get(), url, mockScope, extra);
        }
        KafkaCluster cluster = KafkaCluster.builder().childJvm().start();
        try {
            return new ExampleEnvironment(cluster, cluster.bootstrapServers(), url, mockScope, extra);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /**
     * Sends sample orders 0 to {@code records - 1} to {@code topic} as Avro, keyed by order id, with
     * Ferry's producer under {@code producerConfig}, and waits for every acknowledgement (close).
     *
     * @param step what the sending is for the error, such as {@code "seeding orders-in"}
     * @throws IllegalStateException "{@code <step> failed: ...}" with the first failed send as cause
     */
    public void sendSampleOrders(Map<String, Object> producerConfig, String topic, int records, String step) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (FerryProducer<String, OrderEvent> producer = new FerryProducer<>(
                producerConfig,
                new StringSerializer(),
                AvroSerializer.<OrderEvent>builder(registry).build())) {
            for (int i = 0; i < records; i++) {
                producer.send(
                        new ProducerRecord<>(topic, SampleOrders.orderId(i), SampleOrders.avro(i)),
                        (metadata, error) -> failure.compareAndSet(null, error));
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(step + " failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** The client properties from {@code --config} meant for Kafka clients (registry keys left out). */
    public Map<String, String> kafkaConfig() {
        return extraConfig.entrySet().stream()
                .filter(entry -> REGISTRY_ONLY_PREFIXES.stream().noneMatch(entry.getKey()::startsWith))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public String describeBroker() {
        return embedded != null
                ? "embedded Kafka 4.4 broker at " + bootstrapServers + " (child JVM, stopped at exit)"
                : "Kafka at " + bootstrapServers;
    }

    /** The registry's URL(s), without the user info that may hold a password. */
    public String describeRegistry() {
        return describeRegistry(registryUrl, mockScope);
    }

    static String describeRegistry(String registryUrl, String mockScope) {
        return mockScope != null ? "mock://" + mockScope + " (in memory)" : Redaction.withoutUserInfo(registryUrl);
    }

    /** Creates the topic unless it exists; an existing one must have at least {@code partitions} partitions. */
    public void createTopic(String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failed("creating topic " + topic, e);
        }
        int existing = partitionCount(topic);
        if (existing < partitions) {
            throw new IllegalStateException(
                    "topic " + topic + " exists with " + existing + " partitions; this example needs " + partitions
                            + ": delete it or point the example at another cluster");
        }
    }

    /** The topic's partition count, once its metadata has reached the brokers and each partition has a leader. */
    public int partitionCount(String topic) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .get(topic);
                    if (description.partitions().stream()
                            .allMatch(partition -> partition.leader() != null
                                    && !partition.leader().isEmpty())) {
                        return description.partitions().size();
                    }
                } catch (ExecutionException e) {
                    // A topic just created is unknown to brokers until the metadata reaches them.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "cannot describe topic " + topic + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "topic " + topic + " has partitions without a leader after " + ADMIN_TIMEOUT);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failed("describing topic " + topic, e);
        }
    }

    /** The offset the next record of each partition of {@code topic} will get. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        int partitions = partitionCount(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin
                    .listOffsets(request)
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list the offsets of topic " + topic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failed("listing the offsets of topic " + topic, e);
        }
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        registry.close();
        if (mockScope != null) {
            SchemaRegistryClients.dropMockScope(mockScope);
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static Map<String, String> readProperties(String file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException("--config " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static IllegalStateException failed(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(e.getClass().getSimpleName() + " while " + what, e);
    }
}
