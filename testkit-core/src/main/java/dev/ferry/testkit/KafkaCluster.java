package dev.ferry.testkit;

import dev.ferry.testkit.internal.ChildJvmNode;
import dev.ferry.testkit.internal.ClusterLayout;
import dev.ferry.testkit.internal.Directories;
import dev.ferry.testkit.internal.InProcessNode;
import dev.ferry.testkit.internal.NodeSpec;
import dev.ferry.testkit.internal.ProcessMemory;
import dev.ferry.testkit.internal.RunningNode;
import dev.ferry.testkit.internal.SecuritySetup;
import dev.ferry.testkit.internal.StorageFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4.4 cluster (KRaft) for tests: one combined broker+controller, or one
 * controller and three brokers, on free loopback ports with temporary log directories.
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.builder().brokers(3)
 *         .brokerProperty("min.insync.replicas", "2").start()) {
 *     kafka.createTopic("orders", 3, 3);
 *     String bootstrap = kafka.bootstrapServers();
 *     kafka.restartBroker(kafka.brokerIds().get(0));
 * }
 * }</pre>
 *
 * <p>Secure client listeners ({@link SecureListener}: SSL, mutual TLS, SASL_PLAINTEXT and SASL_SSL
 * with PLAIN and SCRAM users) open next to the PLAINTEXT one on a single-broker cluster, with
 * certificates made by keytool at start:
 *
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.builder()
 *         .listeners(SecureListener.SASL_SSL, SecureListener.MTLS)
 *         .saslUser("alice", "alice-secret").start()) {
 *     Map<String, Object> consumerConfig = kafka.clientProperties(SecureListener.SASL_SSL, "SCRAM-SHA-512", "alice");
 * }
 * }</pre>
 *
 * <p>Nodes run in the test JVM by default; with {@link Builder#childJvm()} each runs in its own JVM so
 * that {@link #killBroker(int)} can end it with SIGKILL. Start one cluster per test class, not per
 * test method. Not thread-safe: drive it from the test thread.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final boolean childJvm;
    private final List<String> childJvmOptions;
    private final Map<Integer, NodeSpec> specs = new LinkedHashMap<>();
    private final Map<Integer, RunningNode> running = new LinkedHashMap<>();
    private final Map<Integer, FaultProxy> proxies = new LinkedHashMap<>();
    private final Map<Integer, FaultProxy> controllerLinks = new LinkedHashMap<>();
    private final SecuritySetup security;
    private final Map<String, String> saslUsers;
    private Admin admin;

    private KafkaCluster(Builder builder) {
        this.root = Directories.createTemp("ferry-kafka-");
        this.childJvm = builder.childJvm;
        this.childJvmOptions = builder.childJvmOptions;
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.security = SecuritySetup.create(builder.listeners, builder.saslUsers, root);
        String clusterId = Uuid.randomUuid().toString();
        for (NodeSpec spec : ClusterLayout.plan(
                builder.brokers, builder.proxied, builder.controllerLinksProxied, root, builder.brokerProperties)) {
            if (spec.role().servesClients()) {
                security.apply(spec.properties());
            }
            StorageFormatter.format(spec, clusterId, builder.transactionVersion, security.formatArguments());
            specs.put(spec.nodeId(), spec);
            if (spec.proxied()) {
                proxies.put(spec.nodeId(), FaultProxy.start(spec.proxyPort(), spec.brokerAddress()));
            }
            if (spec.controllerLinkProxied()) {
                controllerLinks.put(
                        spec.nodeId(), FaultProxy.start(spec.controllerLinkPort(), spec.controllerAddress()));
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A single combined broker+controller with default settings. */
    public static KafkaCluster start() {
        return builder().start();
    }

    private KafkaCluster startAll() {
        long started = System.nanoTime();
        try {
            // the controller first: brokers register with it, and each broker start waits for that
            for (NodeSpec spec : specs.values()) {
                running.put(spec.nodeId(), launch(spec));
            }
            awaitBrokers(brokerIds());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info(
                "Kafka cluster of {} broker(s) ready at {} in {} ms; {}",
                brokerIds().size(),
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                memoryFootprint());
        return this;
    }

    private String memoryFootprint() {
        if (!childJvm) {
            return "test JVM heap in use " + ProcessMemory.usedHeapMegabytes() + " MiB";
        }
        return "child JVM resident memory "
                + running.values().stream()
                        .map(node -> ((ChildJvmNode) node).residentMegabytes() + " MiB")
                        .collect(Collectors.joining(", "));
    }

    private RunningNode launch(NodeSpec spec) {
        return childJvm ? ChildJvmNode.start(spec, childJvmOptions) : InProcessNode.start(spec);
    }

    /** The {@code bootstrap.servers} value for clients: every broker's address (its proxy's, when proxied). */
    public String bootstrapServers() {
        return specs.values().stream()
                .filter(spec -> spec.role().servesClients())
                .map(NodeSpec::clientAddress)
                .collect(Collectors.joining(","));
    }

    /** The {@code bootstrap.servers} value for one secure listener, opened with {@link Builder#listeners}. */
    public String bootstrapServers(SecureListener listener) {
        Integer port = security.port(listener);
        if (port == null) {
            throw new IllegalStateException(
                    "the cluster has no " + listener + " listener: build it with listeners(" + listener + ")");
        }
        return "127.0.0.1:" + port;
    }

    /** The certificate of the TLS listeners, which clients trust; null without one. */
    public TestCertificate brokerCertificate() {
        return security.brokerCertificate();
    }

    /** The client certificate the {@link SecureListener#MTLS} listener requires; null without that listener. */
    public TestCertificate clientCertificate() {
        return security.clientCertificate();
    }

    /**
     * kafka-clients properties (also Ferry's) to reach a listener without SASL: bootstrap servers,
     * {@code security.protocol}, the trust store (PEM file of the broker certificates) and, for
     * {@link SecureListener#MTLS}, the client's key store.
     */
    public Map<String, Object> clientProperties(SecureListener listener) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers(listener));
        props.put("security.protocol", listener.securityProtocol());
        if (listener.usesTls()) {
            props.put("ssl.truststore.location", trustedBrokers().toString());
            props.put("ssl.truststore.type", "PEM");
        }
        if (listener == SecureListener.MTLS) {
            TestCertificate client = security.clientCertificate();
            props.put("ssl.keystore.location", client.keyStore().toString());
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.password", client.password());
        }
        return props;
    }

    /** As {@link #clientProperties(SecureListener)}, plus {@code sasl.mechanism} and a JAAS line for one of the users. */
    public Map<String, Object> clientProperties(SecureListener listener, String mechanism, String user) {
        if (!listener.usesSasl()) {
            throw new IllegalArgumentException(listener + " does not use SASL");
        }
        String password = saslUsers.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SASL user " + user + "; users are " + saslUsers.keySet());
        }
        String module = mechanism.equals("PLAIN") ? SecuritySetup.PLAIN_MODULE : SecuritySetup.SCRAM_MODULE;
        Map<String, Object> props = clientProperties(listener);
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return props;
    }

    private Path trustedBrokers() {
        Path file = root.resolve("trusted-brokers.pem");
        if (!Files.exists(file)) {
            StringBuilder pem = new StringBuilder(security.brokerCertificate().certificatePem());
            if (security.wrongHostBrokerCertificate() != null) {
                pem.append(security.wrongHostBrokerCertificate().certificatePem());
            }
            try {
                Files.writeString(file, pem, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        return file;
    }

    /** The fault-injecting proxy in front of a broker; needs {@link Builder#proxied()}. */
    public FaultProxy proxy(int brokerId) {
        FaultProxy proxy = proxies.get(brokerSpec(brokerId).nodeId());
        if (proxy == null) {
            throw new IllegalStateException("broker " + brokerId + " has no proxy: build the cluster with proxied()");
        }
        return proxy;
    }

    /**
     * The proxy between a broker and the controller; needs {@link Builder#controllerLinksProxied()}.
     * A {@link FaultProxy#blackHole(boolean) black hole} there freezes what the broker knows of the
     * cluster: it replays no more of the metadata log and answers Metadata from what it had, while
     * the controller and the other brokers move on (and, hearing no heartbeat, the controller fences
     * it after broker.session.timeout.ms, 2.5 s here).
     */
    public FaultProxy controllerLink(int brokerId) {
        FaultProxy link = controllerLinks.get(brokerSpec(brokerId).nodeId());
        if (link == null) {
            throw new IllegalStateException("broker " + brokerId
                    + " reaches the controller directly: build the cluster with controllerLinksProxied()");
        }
        return link;
    }

    /** The node ids of the brokers (the controller of a multi-node cluster is not among them). */
    public List<Integer> brokerIds() {
        return specs.values().stream()
                .filter(spec -> spec.role().servesClients())
                .map(NodeSpec::nodeId)
                .toList();
    }

    /** The address {@code 127.0.0.1:port} clients use for one broker (its proxy's, when proxied). */
    public String brokerAddress(int brokerId) {
        return brokerSpec(brokerId).clientAddress();
    }

    /** Stops one broker cleanly. */
    public void stopBroker(int brokerId) {
        RunningNode node = running.remove(brokerSpec(brokerId).nodeId());
        if (node == null) {
            throw new IllegalStateException("broker " + brokerId + " is not running");
        }
        node.stop();
    }

    /** Ends one broker with SIGKILL, without a clean shutdown; needs {@link Builder#childJvm()}. */
    public void killBroker(int brokerId) {
        if (!childJvm) {
            throw new IllegalStateException("killBroker needs a cluster built with childJvm()");
        }
        RunningNode node = running.remove(brokerSpec(brokerId).nodeId());
        if (node == null) {
            throw new IllegalStateException("broker " + brokerId + " is not running");
        }
        node.kill();
    }

    /** Starts a stopped or killed broker again on its ports and log directory, and waits until it is registered. */
    public void startBroker(int brokerId) {
        NodeSpec spec = brokerSpec(brokerId);
        if (running.containsKey(brokerId)) {
            throw new IllegalStateException("broker " + brokerId + " is already running");
        }
        running.put(brokerId, launch(spec));
        awaitBrokers(List.of(brokerId));
    }

    public void restartBroker(int brokerId) {
        stopBroker(brokerId);
        startBroker(brokerId);
    }

    /** Creates a topic and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions, int replicationFactor) {
        createTopic(new NewTopic(topic, partitions, (short) replicationFactor));
    }

    public void createTopic(NewTopic topic) {
        try {
            admin().createTopics(List.of(topic)).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(topic.name());
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw interruptedOrTimedOut("creating topic " + topic.name(), e);
        }
    }

    /** An Admin client of this cluster, created once and closed with the cluster. */
    public Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) READY_TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    10_000));
        }
        return admin;
    }

    private void awaitLeaders(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                List<TopicPartitionInfo> partitions = admin().describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions();
                boolean ready = partitions.stream()
                        .allMatch(partition -> partition.leader() != null
                                && !partition.leader().isEmpty());
                if (ready) {
                    awaitLeadersServing(topic, partitions);
                    return;
                }
            } catch (ExecutionException e) {
                LOG.debug("topic {} not described yet: {}", topic, e.getCause().toString());
            }
            checkDeadline(deadline, "leaders for topic " + topic);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /*
     * A broker publishes new leadership to its metadata cache before its replica manager takes the
     * partitions over; a produce with acks=0 landing in that gap gets NOT_LEADER_OR_FOLLOWER, and the
     * broker answers by closing the connection, dropping every request queued behind it. ListOffsets
     * is served by the replica manager and the admin client retries it until the leader really serves.
     */
    private void awaitLeadersServing(String topic, List<TopicPartitionInfo> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        partitions.forEach(
                partition -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        admin().listOffsets(latest).all().get();
    }

    private void awaitBrokers(Collection<Integer> ids) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    Set<Integer> registered = admin().describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                            .map(Node::id)
                            .collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    LOG.debug("cluster not described yet: {}", e.toString());
                }
                checkDeadline(deadline, "brokers " + ids + " to register");
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            throw interruptedOrTimedOut("waiting for brokers " + ids, e);
        }
    }

    private static void checkDeadline(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for " + what);
        }
    }

    private static IllegalStateException interruptedOrTimedOut(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(e.getClass().getSimpleName() + " while " + what, e);
    }

    private NodeSpec brokerSpec(int brokerId) {
        NodeSpec spec = specs.get(brokerId);
        if (spec == null || !spec.role().servesClients()) {
            throw new IllegalArgumentException("no broker with id " + brokerId + "; brokers are " + brokerIds());
        }
        return spec;
    }

    /** Stops every node, brokers before the controller (the other order blocks each broker's shutdown), and deletes the data. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        List<Integer> order = new ArrayList<>(running.keySet());
        order.sort((a, b) -> Boolean.compare(a == ClusterLayout.CONTROLLER_ID, b == ClusterLayout.CONTROLLER_ID));
        for (Integer id : order) {
            try {
                running.remove(id).stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        proxies.values().forEach(FaultProxy::close);
        controllerLinks.values().forEach(FaultProxy::close);
        Directories.deleteRecursively(root);
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("stopping the Kafka cluster failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Options of a test cluster. */
    public static final class Builder {
        private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9._-]+");

        private int brokers = 1;
        private final Set<SecureListener> listeners = EnumSet.noneOf(SecureListener.class);
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private boolean childJvm;
        private List<String> childJvmOptions = ChildJvmNode.TEST_JVM_OPTIONS;
        private boolean proxied;
        private boolean controllerLinksProxied;
        private int transactionVersion = 2;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {}

        /** 1 (combined broker+controller, the default) or 3 (brokers 1..3 plus a controller). */
        public Builder brokers(int count) {
            if (count != 1 && count != 3) {
                throw new IllegalArgumentException("brokers must be 1 or 3, was " + count);
            }
            this.brokers = count;
            return this;
        }

        /** A broker setting such as {@code min.insync.replicas} or {@code auto.create.topics.enable}. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** The finalized {@code transaction.version} feature: 2 (Kafka 4 default, KIP-890) or 1 (the 3.x protocol). */
        public Builder transactionVersion(int level) {
            if (level != 1 && level != 2) {
                throw new IllegalArgumentException("transactionVersion must be 1 or 2, was " + level);
            }
            this.transactionVersion = level;
            return this;
        }

        /** Opens secure client listeners next to PLAINTEXT; needs a single broker. */
        public Builder listeners(SecureListener... secure) {
            listeners.addAll(List.of(secure));
            return this;
        }

        /**
         * A user of the SASL listeners, with PLAIN and SCRAM-SHA-256/512 credentials (SCRAM ones
         * written at format time). Names and passwords are plain words ({@code [A-Za-z0-9._-]+}).
         */
        public Builder saslUser(String name, String password) {
            if (!PLAIN_WORD.matcher(name).matches()
                    || !PLAIN_WORD.matcher(password).matches()) {
                throw new IllegalArgumentException("SASL user names and passwords must match " + PLAIN_WORD.pattern());
            }
            saslUsers.put(name, password);
            return this;
        }

        /** Runs every node in its own JVM, so brokers can be killed with SIGKILL. */
        public Builder childJvm() {
            this.childJvm = true;
            return this;
        }

        /**
         * Runs every node in its own JVM started with these options instead of the test defaults (a
         * small heap and the C1 compiler only, which start fast), e.g. a production-like broker for
         * measurements: {@code childJvm("-Xmx1g", "-XX:+UseG1GC")}.
         */
        public Builder childJvm(String... jvmOptions) {
            this.childJvm = true;
            this.childJvmOptions = List.of(jvmOptions);
            return this;
        }

        /**
         * Puts a {@link FaultProxy} in front of every broker's client listener and advertises it, so
         * clients reach brokers only through the proxies; replication between brokers stays direct.
         */
        public Builder proxied() {
            this.proxied = true;
            return this;
        }

        /**
         * Puts a {@link FaultProxy} between each broker and the controller of a three-broker
         * cluster, for tests of a broker whose metadata lags the cluster's: see
         * {@link KafkaCluster#controllerLink(int)}.
         */
        public Builder controllerLinksProxied() {
            this.controllerLinksProxied = true;
            return this;
        }

        public KafkaCluster start() {
            if (controllerLinksProxied && brokers != 3) {
                throw new IllegalArgumentException("controller links exist with 3 brokers, not " + brokers);
            }
            if (!listeners.isEmpty() && brokers != 1) {
                throw new IllegalArgumentException("secure listeners need a single broker, not " + brokers);
            }
            if (listeners.stream().anyMatch(SecureListener::usesSasl) && saslUsers.isEmpty()) {
                throw new IllegalArgumentException("SASL listeners need at least one saslUser(name, password)");
            }
            return new KafkaCluster(this).startAll();
        }
    }
}
