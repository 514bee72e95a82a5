package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.Serializer;
import dev.ferry.producer.internal.config.ProducerSettings;
import dev.ferry.producer.internal.config.SecretMaskingMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The producer's configuration: immutable, with kafka-clients 4.x defaults and validation rules.
 *
 * <pre>{@code
 * ProducerConfig config = ProducerConfig.builder()
 *         .bootstrapServers("broker1:9092", "broker2:9092")
 *         .compressionType(CompressionType.LZ4)
 *         .lingerMs(10)
 *         .build();
 * // or, unchanged from a kafka-clients application:
 * ProducerConfig same = ProducerConfig.fromProperties(kafkaProducerProperties);
 * }</pre>
 *
 * <p>Every setter of the {@link ProducerConfigBuilder} validates at once and throws a
 * {@link ConfigException} naming the key, the value and what is allowed. Rules between settings are
 * checked in {@link ProducerConfigBuilder#build()}, exactly as kafka-clients does:
 * <ul>
 *   <li>idempotence ({@code enable.idempotence}, default true) needs {@code acks=all},
 *       {@code retries > 0} and {@code max.in.flight.requests.per.connection <= 5}; when it was not
 *       set explicitly, {@code acks} other than all or {@code retries=0} quietly disable it, when it
 *       was set to true they are an error; more than 5 in flight is always an error;</li>
 *   <li>{@code transactional.id} needs idempotence;</li>
 *   <li>{@code delivery.timeout.ms} must be at least {@code linger.ms + request.timeout.ms} if set;
 *       if left at its default it is raised to that sum;</li>
 *   <li>{@code reconnect.backoff.ms} set without {@code reconnect.backoff.max.ms} makes the reconnect
 *       backoff constant;</li>
 *   <li>an unset {@code client.id} becomes {@code producer-<transactional.id>} or
 *       {@code producer-<n>}.</li>
 * </ul>
 * The security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) form a
 * {@link SecurityConfig}, checked (stores loaded) when the configuration is built; secrets among them
 * are {@link Password}s, hidden in {@link #toString()}.
 * Keys the producer does not know are logged once, in one warning per {@code fromProperties} call,
 * and passed on to serializers and the partitioner through {@link #pluginConfigs()}. The keys, their
 * defaults and meanings are listed in the README's configuration reference, generated from the
 * producer's key table.
 *
 * <p>Thread safety: immutable, safe to share. The builder is not thread-safe.
 */
public final class ProducerConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String ACKS = "acks";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String METADATA_MAX_IDLE_MS = "metadata.max.idle.ms";
    public static final String METADATA_RECOVERY_STRATEGY = "metadata.recovery.strategy";
    public static final String CLIENT_DNS_LOOKUP = "client.dns.lookup";
    public static final String METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS = "metadata.recovery.rebootstrap.trigger.ms";
    public static final String PARTITIONER_CLASS = "partitioner.class";
    public static final String INTERCEPTOR_CLASSES = "interceptor.classes";
    public static final String METRIC_REPORTERS = "metric.reporters";
    public static final String AUTO_INCLUDE_JMX_REPORTER = "auto.include.jmx.reporter";
    /** The name kafka-clients gives its JMX reporter in {@code metric.reporters}; here it means Ferry's. */
    public static final String JMX_REPORTER = "org.apache.kafka.common.metrics.JmxReporter";

    public static final String PARTITIONER_IGNORE_KEYS = "partitioner.ignore.keys";
    public static final String PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE = "partitioner.adaptive.partitioning.enable";
    public static final String PARTITIONER_AVAILABILITY_TIMEOUT_MS = "partitioner.availability.timeout.ms";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String RECONNECT_BACKOFF_MS = "reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    public static final String SEND_BUFFER_BYTES = "send.buffer.bytes";
    public static final String RECEIVE_BUFFER_BYTES = "receive.buffer.bytes";
    public static final String KEY_SERIALIZER = "key.serializer";
    public static final String VALUE_SERIALIZER = "value.serializer";
    public static final String TRANSACTIONAL_ID = "transactional.id";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    public static final String SECURITY_PROTOCOL = SecurityConfig.SECURITY_PROTOCOL;
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS = "socket.connection.setup.timeout.ms";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS = "socket.connection.setup.timeout.max.ms";

    /** The most requests in flight per connection that idempotence can keep in order. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    public static final int GZIP_LEVEL_MIN = 1;
    public static final int GZIP_LEVEL_MAX = 9;
    public static final int GZIP_LEVEL_DEFAULT = -1;
    public static final int LZ4_LEVEL_MIN = 1;
    public static final int LZ4_LEVEL_MAX = 17;
    public static final int LZ4_LEVEL_DEFAULT = 9;
    public static final int ZSTD_LEVEL_MIN = -131072;
    public static final int ZSTD_LEVEL_MAX = 22;
    public static final int ZSTD_LEVEL_DEFAULT = 3;

    /** As set: {@link #toBuilder()} derives from it, so a variant is resolved by the rules again. */
    private final ProducerSettings source;

    private final ProducerSettings inEffect;
    private final SecurityConfig security;
    private final Map<String, Object> effective;
    /**
     * Whether a producer was built from this config. Its {@code producer-<n>} goes to the first; each
     * later one draws a number of its own, as every kafka-clients producer does, so that two do not
     * share JMX names, the broker's logs and quotas.
     */
    private final AtomicBoolean givenToAProducer = new AtomicBoolean();

    ProducerConfig(ProducerSettings source, ProducerSettings inEffect) {
        this.source = source;
        this.inEffect = inEffect;
        this.security = SecurityConfig.build(source.security);
        this.effective = SecretMaskingMap.of(inEffect.values());
    }

    /** This config for a new producer: the same, or with a {@code client.id} of its own if the one drawn is taken. */
    ProducerConfig forNewProducer() {
        boolean numbered = source.clientId == null && source.transactionalId == null;
        if (!numbered || givenToAProducer.compareAndSet(false, true)) {
            return this;
        }
        ProducerConfig renumbered = toBuilder().build();
        renumbered.givenToAProducer.set(true);
        return renumbered;
    }

    public static ProducerConfigBuilder builder() {
        return new ProducerConfigBuilder(new ProducerSettings());
    }

    /** A builder holding the settings this configuration was built from, to derive a variant. */
    public ProducerConfigBuilder toBuilder() {
        return new ProducerConfigBuilder(source.copy());
    }

    /**
     * Reads a configuration in kafka-clients' property names; values may be strings (as in a
     * properties file) or typed (numbers, booleans, {@link Class} objects, lists).
     *
     * @throws ConfigException for an invalid value or conflicting values
     */
    public static ProducerConfig fromProperties(Map<String, ?> properties) {
        return fromProperties(properties, ProducerSettings::reportUnknownKeys);
    }

    /** Like {@link #fromProperties(Map)}, from a {@link Properties} object. */
    public static ProducerConfig fromProperties(Properties properties) {
        return fromProperties(ProducerSettings.asMap(properties));
    }

    static ProducerConfig fromProperties(Map<String, ?> properties, Consumer<Set<String>> unknownKeysReporter) {
        return new ProducerConfigBuilder(ProducerSettings.fromProperties(properties, unknownKeysReporter)).build();
    }

    public List<String> bootstrapServers() {
        return inEffect.bootstrapServers;
    }

    /** The configured client id, or {@code producer-<transactional.id>} / {@code producer-<n>} if none was set. */
    public String clientId() {
        return inEffect.clientId;
    }

    public Acks acks() {
        return inEffect.acks;
    }

    /** Whether idempotence is in effect, after kafka-clients' implicit-disable rules. */
    public boolean enableIdempotence() {
        return inEffect.enableIdempotence;
    }

    public int batchSize() {
        return inEffect.batchSize;
    }

    public long lingerMs() {
        return inEffect.lingerMs;
    }

    public long bufferMemory() {
        return inEffect.bufferMemory;
    }

    public long maxBlockMs() {
        return inEffect.maxBlockMs;
    }

    public CompressionType compressionType() {
        return inEffect.compressionType;
    }

    public int compressionGzipLevel() {
        return inEffect.gzipLevel;
    }

    public int compressionLz4Level() {
        return inEffect.lz4Level;
    }

    public int compressionZstdLevel() {
        return inEffect.zstdLevel;
    }

    public int maxRequestSize() {
        return inEffect.maxRequestSize;
    }

    public int requestTimeoutMs() {
        return inEffect.requestTimeoutMs;
    }

    /** The delivery timeout in effect: the configured value, or at least linger.ms + request.timeout.ms if left at its default. */
    public int deliveryTimeoutMs() {
        return inEffect.deliveryTimeoutMs;
    }

    public int retries() {
        return inEffect.retries;
    }

    public long retryBackoffMs() {
        return inEffect.retryBackoffMs;
    }

    /**
     * The cap of the exponential retry backoff; if below {@link #retryBackoffMs()}, this value is
     * used as a constant backoff, as in kafka-clients.
     */
    public long retryBackoffMaxMs() {
        return inEffect.retryBackoffMaxMs;
    }

    public int maxInFlightRequestsPerConnection() {
        return inEffect.maxInFlight;
    }

    public long metadataMaxAgeMs() {
        return inEffect.metadataMaxAgeMs;
    }

    public long metadataMaxIdleMs() {
        return inEffect.metadataMaxIdleMs;
    }

    /** Whether {@code client.dns.lookup} is {@code resolve_canonical_bootstrap_servers_only}. */
    public boolean resolvesCanonicalBootstrapNames() {
        return inEffect.canonicalBootstrapNames;
    }

    /** Whether {@code metadata.recovery.strategy} is {@code rebootstrap}. */
    public boolean rebootstraps() {
        return inEffect.metadataRecoveryRebootstrap;
    }

    public long metadataRecoveryRebootstrapTriggerMs() {
        return inEffect.rebootstrapTriggerMs;
    }

    /** The configured partitioner class name, or null for the built-in partitioning. */
    public String partitionerClass() {
        return inEffect.partitionerClass;
    }

    /** The {@link ProducerInterceptor} class names of {@code interceptor.classes}, in call order; empty by default. */
    public List<String> interceptorClasses() {
        return inEffect.interceptorClasses;
    }

    /**
     * Whether the producer registers its MBeans: as kafka-clients 4.x, when {@code metric.reporters}
     * (default: {@value #JMX_REPORTER}) names {@value #JMX_REPORTER}; as kafka-clients 3.x also when
     * {@code auto.include.jmx.reporter} is true, and not when it is false and {@code metric.reporters}
     * was left unset.
     */
    public boolean jmxReporterEnabled() {
        return source.resolveJmx();
    }

    /** The {@link MetricsReporter} class names of {@code metric.reporters}, without the JMX reporter's name. */
    public List<String> metricReporters() {
        return inEffect.metricReporters.stream()
                .filter(name -> !JMX_REPORTER.equals(name))
                .toList();
    }

    public boolean partitionerIgnoreKeys() {
        return inEffect.partitionerIgnoreKeys;
    }

    public boolean partitionerAdaptivePartitioningEnable() {
        return inEffect.adaptivePartitioning;
    }

    public long partitionerAvailabilityTimeoutMs() {
        return inEffect.availabilityTimeoutMs;
    }

    public long connectionsMaxIdleMs() {
        return inEffect.connectionsMaxIdleMs;
    }

    public long reconnectBackoffMs() {
        return inEffect.reconnectBackoffMs;
    }

    /** The reconnect backoff cap in effect (equal to reconnect.backoff.ms if only that was set). */
    public long reconnectBackoffMaxMs() {
        return inEffect.reconnectBackoffMaxMs;
    }

    /** How long a new connection (TCP, then TLS) may take before it is abandoned, doubling per failure up to the max. */
    public long socketConnectionSetupTimeoutMs() {
        return inEffect.connectionSetupTimeoutMs;
    }

    public long socketConnectionSetupTimeoutMaxMs() {
        return inEffect.connectionSetupTimeoutMaxMs;
    }

    /** {@code security.protocol}, SASL and TLS settings. */
    public SecurityConfig security() {
        return security;
    }

    /** The socket send buffer size, or -1 for the OS default. */
    public int sendBufferBytes() {
        return inEffect.sendBufferBytes;
    }

    /** The socket receive buffer size, or -1 for the OS default. */
    public int receiveBufferBytes() {
        return inEffect.receiveBufferBytes;
    }

    /** The key serializer class name, or null if the serializer is passed as an instance. */
    public String keySerializer() {
        return inEffect.keySerializer;
    }

    /** The value serializer class name, or null if the serializer is passed as an instance. */
    public String valueSerializer() {
        return inEffect.valueSerializer;
    }

    /** The transactional id, or null for a producer without transactions. */
    public String transactionalId() {
        return inEffect.transactionalId;
    }

    public int transactionTimeoutMs() {
        return inEffect.transactionTimeoutMs;
    }

    /**
     * The configuration handed to {@link Serializer#configure}, {@link Partitioner#configure}: every
     * setting in effect under its kafka-clients name, plus every key the producer does not know
     * (e.g. {@code schema.registry.url}) unchanged. Secret settings are {@link Password} values; the
     * map's {@code toString()} hides the values of every secret key, known or not.
     */
    public Map<String, Object> pluginConfigs() {
        return effective;
    }

    /** Every key this producer understands. */
    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        ProducerSettings.KEYS.keys().forEach(key -> keys.add(key.name()));
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public String toString() {
        Map<String, Object> known = new LinkedHashMap<>(effective);
        known.keySet().removeIf(key -> !ProducerSettings.KEYS.knows(key));
        return "ProducerConfig" + ProducerSettings.KEYS.describe(known);
    }
}
