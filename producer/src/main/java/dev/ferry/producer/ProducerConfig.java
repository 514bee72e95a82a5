package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.Serializer;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.producer.internal.config.ConfigValues;
import dev.ferry.producer.internal.config.Plugins;
import dev.ferry.producer.internal.config.SecretMaskingMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Every setter validates at once and throws a {@link ConfigException} naming the key, the value
 * and what is allowed. Rules between settings are checked in {@link Builder#build()}, exactly as
 * kafka-clients does:
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
 * and passed on to serializers and the partitioner through {@link #pluginConfigs()}.
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

    private static final Logger LOG = LoggerFactory.getLogger(ProducerConfig.class);
    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);
    private static final Map<String, BiConsumer<Builder, Object>> PROPERTY_SETTERS = propertySetters();
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z%._:-]+");

    private final Builder source;
    private final boolean enableIdempotence;
    private final int deliveryTimeoutMs;
    private final long reconnectBackoffMaxMs;
    private final String clientId;
    private final SecurityConfig security;
    private final boolean jmxReporterEnabled;

    private ProducerConfig(
            Builder source,
            boolean enableIdempotence,
            int deliveryTimeoutMs,
            long reconnectBackoffMaxMs,
            String clientId,
            SecurityConfig security,
            boolean jmxReporterEnabled) {
        this.source = source;
        this.enableIdempotence = enableIdempotence;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.reconnectBackoffMaxMs = reconnectBackoffMaxMs;
        this.clientId = clientId;
        this.security = security;
        this.jmxReporterEnabled = jmxReporterEnabled;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the settings this configuration was built from, to derive a variant. */
    public Builder toBuilder() {
        return source.copy();
    }

    /**
     * Reads a configuration in kafka-clients' property names; values may be strings (as in a
     * properties file) or typed (numbers, booleans, {@link Class} objects, lists).
     *
     * @throws ConfigException for an invalid value or conflicting values
     */
    public static ProducerConfig fromProperties(Map<String, ?> properties) {
        return fromProperties(properties, ProducerConfig::reportUnknownKeys);
    }

    /**
     * One map often configures the producer, its serializers, their registry client and a consumer:
     * a key another component reads is passed on without a word (at debug); only a key nobody is
     * known to read is worth a warning. Keys only: a value may be a secret.
     */
    private static void reportUnknownKeys(Set<String> keys) {
        Map<String, Set<String>> byOwner = new TreeMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : keys) {
            KeyOwners.ownerOf(key, "the producer")
                    .ifPresentOrElse(
                            owner -> byOwner.computeIfAbsent(owner, o -> new TreeSet<>())
                                    .add(key),
                            () -> unknown.add(key));
        }
        byOwner.forEach((owner, owned) ->
                LOG.debug("Passing {} on to serializers and the partitioner: keys of {}", owned, owner));
        if (!unknown.isEmpty()) {
            LOG.warn(
                    "Unknown producer configuration keys {}: no Ferry component or Kafka client is known to read them; "
                            + "they are still passed to serializers and the partitioner",
                    unknown);
        }
    }

    /** Like {@link #fromProperties(Map)}, from a {@link Properties} object. */
    public static ProducerConfig fromProperties(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        properties.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
        return fromProperties(map);
    }

    static ProducerConfig fromProperties(Map<String, ?> properties, Consumer<Set<String>> unknownKeysReporter) {
        Objects.requireNonNull(properties, "properties");
        Builder builder = new Builder();
        Set<String> unknown = new TreeSet<>();
        properties.forEach((key, value) -> {
            BiConsumer<Builder, Object> setter = PROPERTY_SETTERS.get(key);
            if (setter == null) {
                unknown.add(key);
                builder.passThrough(key, value);
            } else if (value == null) {
                throw new ConfigException(key, null, "must not be null");
            } else {
                setter.accept(builder, value);
            }
        });
        if (!unknown.isEmpty()) {
            unknownKeysReporter.accept(Collections.unmodifiableSet(unknown));
        }
        return builder.build();
    }

    public List<String> bootstrapServers() {
        return source.bootstrapServers;
    }

    /** The configured client id, or {@code producer-<transactional.id>} / {@code producer-<n>} if none was set. */
    public String clientId() {
        return clientId;
    }

    public Acks acks() {
        return source.acks;
    }

    /** Whether idempotence is in effect, after kafka-clients' implicit-disable rules. */
    public boolean enableIdempotence() {
        return enableIdempotence;
    }

    public int batchSize() {
        return source.batchSize;
    }

    public long lingerMs() {
        return source.lingerMs;
    }

    public long bufferMemory() {
        return source.bufferMemory;
    }

    public long maxBlockMs() {
        return source.maxBlockMs;
    }

    public CompressionType compressionType() {
        return source.compressionType;
    }

    public int compressionGzipLevel() {
        return source.gzipLevel;
    }

    public int compressionLz4Level() {
        return source.lz4Level;
    }

    public int compressionZstdLevel() {
        return source.zstdLevel;
    }

    public int maxRequestSize() {
        return source.maxRequestSize;
    }

    public int requestTimeoutMs() {
        return source.requestTimeoutMs;
    }

    /** The delivery timeout in effect: the configured value, or at least linger.ms + request.timeout.ms if left at its default. */
    public int deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public int retries() {
        return source.retries;
    }

    public long retryBackoffMs() {
        return source.retryBackoffMs;
    }

    /**
     * The cap of the exponential retry backoff; if below {@link #retryBackoffMs()}, this value is
     * used as a constant backoff, as in kafka-clients.
     */
    public long retryBackoffMaxMs() {
        return source.retryBackoffMaxMs;
    }

    public int maxInFlightRequestsPerConnection() {
        return source.maxInFlight;
    }

    public long metadataMaxAgeMs() {
        return source.metadataMaxAgeMs;
    }

    /** The configured partitioner class name, or null for the built-in partitioning. */
    public String partitionerClass() {
        return source.partitionerClass;
    }

    /** The {@link ProducerInterceptor} class names of {@code interceptor.classes}, in call order; empty by default. */
    public List<String> interceptorClasses() {
        return source.interceptorClasses;
    }

    /**
     * Whether the producer registers its MBeans: as kafka-clients 4.x, when {@code metric.reporters}
     * (default: {@value #JMX_REPORTER}) names {@value #JMX_REPORTER}; as kafka-clients 3.x also when
     * {@code auto.include.jmx.reporter} is true, and not when it is false and {@code metric.reporters}
     * was left unset.
     */
    public boolean jmxReporterEnabled() {
        return jmxReporterEnabled;
    }

    /** The {@link MetricsReporter} class names of {@code metric.reporters}, without the JMX reporter's name. */
    public List<String> metricReporters() {
        return source.metricReporters == null
                ? List.of()
                : source.metricReporters.stream()
                        .filter(name -> !JMX_REPORTER.equals(name))
                        .toList();
    }

    public boolean partitionerIgnoreKeys() {
        return source.partitionerIgnoreKeys;
    }

    public boolean partitionerAdaptivePartitioningEnable() {
        return source.adaptivePartitioning;
    }

    public long partitionerAvailabilityTimeoutMs() {
        return source.availabilityTimeoutMs;
    }

    public long connectionsMaxIdleMs() {
        return source.connectionsMaxIdleMs;
    }

    public long reconnectBackoffMs() {
        return source.reconnectBackoffMs != null ? source.reconnectBackoffMs : 50;
    }

    /** The reconnect backoff cap in effect (equal to reconnect.backoff.ms if only that was set). */
    public long reconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    /** How long a new connection (TCP, then TLS) may take before it is abandoned, doubling per failure up to the max. */
    public long socketConnectionSetupTimeoutMs() {
        return source.connectionSetupTimeoutMs;
    }

    public long socketConnectionSetupTimeoutMaxMs() {
        return source.connectionSetupTimeoutMaxMs;
    }

    /** {@code security.protocol}, SASL and TLS settings. */
    public SecurityConfig security() {
        return security;
    }

    /** The socket send buffer size, or -1 for the OS default. */
    public int sendBufferBytes() {
        return source.sendBufferBytes;
    }

    /** The socket receive buffer size, or -1 for the OS default. */
    public int receiveBufferBytes() {
        return source.receiveBufferBytes;
    }

    /** The key serializer class name, or null if the serializer is passed as an instance. */
    public String keySerializer() {
        return source.keySerializer;
    }

    /** The value serializer class name, or null if the serializer is passed as an instance. */
    public String valueSerializer() {
        return source.valueSerializer;
    }

    /** The transactional id, or null for a producer without transactions. */
    public String transactionalId() {
        return source.transactionalId;
    }

    public int transactionTimeoutMs() {
        return source.transactionTimeoutMs;
    }

    /**
     * The configuration handed to {@link Serializer#configure}, {@link Partitioner#configure}: every
     * setting in effect under its kafka-clients name, plus every key the producer does not know
     * (e.g. {@code schema.registry.url}) unchanged. Secret settings are {@link Password} values; the
     * map's {@code toString()} hides the values of every key that names a secret, known or not.
     */
    public Map<String, Object> pluginConfigs() {
        Map<String, Object> map = new LinkedHashMap<>(source.passThrough);
        map.put(BOOTSTRAP_SERVERS, String.join(",", bootstrapServers()));
        map.put(CLIENT_ID, clientId);
        map.put(ACKS, acks().configValue());
        map.put(ENABLE_IDEMPOTENCE, enableIdempotence);
        map.put(BATCH_SIZE, batchSize());
        map.put(LINGER_MS, lingerMs());
        map.put(BUFFER_MEMORY, bufferMemory());
        map.put(MAX_BLOCK_MS, maxBlockMs());
        map.put(COMPRESSION_TYPE, compressionType().configValue());
        map.put(COMPRESSION_GZIP_LEVEL, compressionGzipLevel());
        map.put(COMPRESSION_LZ4_LEVEL, compressionLz4Level());
        map.put(COMPRESSION_ZSTD_LEVEL, compressionZstdLevel());
        map.put(MAX_REQUEST_SIZE, maxRequestSize());
        map.put(REQUEST_TIMEOUT_MS, requestTimeoutMs());
        map.put(DELIVERY_TIMEOUT_MS, deliveryTimeoutMs());
        map.put(RETRIES, retries());
        map.put(RETRY_BACKOFF_MS, retryBackoffMs());
        map.put(RETRY_BACKOFF_MAX_MS, retryBackoffMaxMs());
        map.put(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlightRequestsPerConnection());
        map.put(METADATA_MAX_AGE_MS, metadataMaxAgeMs());
        putIfNotNull(map, PARTITIONER_CLASS, partitionerClass());
        if (!interceptorClasses().isEmpty()) {
            map.put(INTERCEPTOR_CLASSES, interceptorClasses());
        }
        map.put(METRIC_REPORTERS, source.metricReporters != null ? source.metricReporters : List.of(JMX_REPORTER));
        putIfNotNull(map, AUTO_INCLUDE_JMX_REPORTER, source.autoIncludeJmxReporter);
        map.put(PARTITIONER_IGNORE_KEYS, partitionerIgnoreKeys());
        map.put(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE, partitionerAdaptivePartitioningEnable());
        map.put(PARTITIONER_AVAILABILITY_TIMEOUT_MS, partitionerAvailabilityTimeoutMs());
        map.put(CONNECTIONS_MAX_IDLE_MS, connectionsMaxIdleMs());
        map.put(RECONNECT_BACKOFF_MS, reconnectBackoffMs());
        map.put(RECONNECT_BACKOFF_MAX_MS, reconnectBackoffMaxMs());
        map.put(SEND_BUFFER_BYTES, sendBufferBytes());
        map.put(RECEIVE_BUFFER_BYTES, receiveBufferBytes());
        putIfNotNull(map, KEY_SERIALIZER, keySerializer());
        putIfNotNull(map, VALUE_SERIALIZER, valueSerializer());
        putIfNotNull(map, TRANSACTIONAL_ID, transactionalId());
        map.put(TRANSACTION_TIMEOUT_MS, transactionTimeoutMs());
        map.put(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, socketConnectionSetupTimeoutMs());
        map.put(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, socketConnectionSetupTimeoutMaxMs());
        map.putAll(security.configs());
        return SecretMaskingMap.of(map);
    }

    /** Every key this producer understands. */
    public static Set<String> knownKeys() {
        return PROPERTY_SETTERS.keySet();
    }

    @Override
    public String toString() {
        return "ProducerConfig"
                + pluginConfigs().entrySet().stream()
                        .filter(e -> PROPERTY_SETTERS.containsKey(e.getKey()))
                        .map(e -> e.getKey() + "=" + Redaction.value(e.getKey(), e.getValue()))
                        .toList();
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, BiConsumer<Builder, Object>> propertySetters() {
        Map<String, BiConsumer<Builder, Object>> s = new LinkedHashMap<>();
        s.put(BOOTSTRAP_SERVERS, (b, v) -> b.bootstrapServers(ConfigValues.toList(BOOTSTRAP_SERVERS, v)));
        s.put(CLIENT_ID, (b, v) -> b.clientId(ConfigValues.toString(CLIENT_ID, v)));
        s.put(ACKS, (b, v) -> b.acks(Acks.parse(String.valueOf(v))));
        s.put(ENABLE_IDEMPOTENCE, (b, v) -> b.enableIdempotence(ConfigValues.toBoolean(ENABLE_IDEMPOTENCE, v)));
        s.put(BATCH_SIZE, (b, v) -> b.batchSize(ConfigValues.toInt(BATCH_SIZE, v)));
        s.put(LINGER_MS, (b, v) -> b.lingerMs(ConfigValues.toLong(LINGER_MS, v)));
        s.put(BUFFER_MEMORY, (b, v) -> b.bufferMemory(ConfigValues.toLong(BUFFER_MEMORY, v)));
        s.put(MAX_BLOCK_MS, (b, v) -> b.maxBlockMs(ConfigValues.toLong(MAX_BLOCK_MS, v)));
        s.put(
                COMPRESSION_TYPE,
                (b, v) -> b.compressionType(CompressionType.parse(ConfigValues.toString(COMPRESSION_TYPE, v))));
        s.put(COMPRESSION_GZIP_LEVEL, (b, v) -> b.compressionGzipLevel(ConfigValues.toInt(COMPRESSION_GZIP_LEVEL, v)));
        s.put(COMPRESSION_LZ4_LEVEL, (b, v) -> b.compressionLz4Level(ConfigValues.toInt(COMPRESSION_LZ4_LEVEL, v)));
        s.put(COMPRESSION_ZSTD_LEVEL, (b, v) -> b.compressionZstdLevel(ConfigValues.toInt(COMPRESSION_ZSTD_LEVEL, v)));
        s.put(MAX_REQUEST_SIZE, (b, v) -> b.maxRequestSize(ConfigValues.toInt(MAX_REQUEST_SIZE, v)));
        s.put(REQUEST_TIMEOUT_MS, (b, v) -> b.requestTimeoutMs(ConfigValues.toInt(REQUEST_TIMEOUT_MS, v)));
        s.put(DELIVERY_TIMEOUT_MS, (b, v) -> b.deliveryTimeoutMs(ConfigValues.toInt(DELIVERY_TIMEOUT_MS, v)));
        s.put(RETRIES, (b, v) -> b.retries(ConfigValues.toInt(RETRIES, v)));
        s.put(RETRY_BACKOFF_MS, (b, v) -> b.retryBackoffMs(ConfigValues.toLong(RETRY_BACKOFF_MS, v)));
        s.put(RETRY_BACKOFF_MAX_MS, (b, v) -> b.retryBackoffMaxMs(ConfigValues.toLong(RETRY_BACKOFF_MAX_MS, v)));
        s.put(
                MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                (b, v) -> b.maxInFlightRequestsPerConnection(
                        ConfigValues.toInt(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, v)));
        s.put(METADATA_MAX_AGE_MS, (b, v) -> b.metadataMaxAgeMs(ConfigValues.toLong(METADATA_MAX_AGE_MS, v)));
        s.put(PARTITIONER_CLASS, (b, v) -> b.partitionerClass(ConfigValues.toClassName(PARTITIONER_CLASS, v)));
        s.put(INTERCEPTOR_CLASSES, (b, v) -> b.interceptorClasses(ConfigValues.toClassNames(INTERCEPTOR_CLASSES, v)));
        s.put(METRIC_REPORTERS, (b, v) -> b.metricReporters(ConfigValues.toClassNames(METRIC_REPORTERS, v)));
        s.put(
                AUTO_INCLUDE_JMX_REPORTER,
                (b, v) -> b.autoIncludeJmxReporter(ConfigValues.toBoolean(AUTO_INCLUDE_JMX_REPORTER, v)));
        s.put(
                PARTITIONER_IGNORE_KEYS,
                (b, v) -> b.partitionerIgnoreKeys(ConfigValues.toBoolean(PARTITIONER_IGNORE_KEYS, v)));
        s.put(
                PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE,
                (b, v) -> b.partitionerAdaptivePartitioningEnable(
                        ConfigValues.toBoolean(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE, v)));
        s.put(
                PARTITIONER_AVAILABILITY_TIMEOUT_MS,
                (b, v) -> b.partitionerAvailabilityTimeoutMs(
                        ConfigValues.toLong(PARTITIONER_AVAILABILITY_TIMEOUT_MS, v)));
        s.put(
                CONNECTIONS_MAX_IDLE_MS,
                (b, v) -> b.connectionsMaxIdleMs(ConfigValues.toLong(CONNECTIONS_MAX_IDLE_MS, v)));
        s.put(RECONNECT_BACKOFF_MS, (b, v) -> b.reconnectBackoffMs(ConfigValues.toLong(RECONNECT_BACKOFF_MS, v)));
        s.put(
                RECONNECT_BACKOFF_MAX_MS,
                (b, v) -> b.reconnectBackoffMaxMs(ConfigValues.toLong(RECONNECT_BACKOFF_MAX_MS, v)));
        s.put(SEND_BUFFER_BYTES, (b, v) -> b.sendBufferBytes(ConfigValues.toInt(SEND_BUFFER_BYTES, v)));
        s.put(RECEIVE_BUFFER_BYTES, (b, v) -> b.receiveBufferBytes(ConfigValues.toInt(RECEIVE_BUFFER_BYTES, v)));
        s.put(KEY_SERIALIZER, (b, v) -> b.keySerializer(ConfigValues.toClassName(KEY_SERIALIZER, v)));
        s.put(VALUE_SERIALIZER, (b, v) -> b.valueSerializer(ConfigValues.toClassName(VALUE_SERIALIZER, v)));
        s.put(TRANSACTIONAL_ID, (b, v) -> b.transactionalId(ConfigValues.toString(TRANSACTIONAL_ID, v)));
        s.put(TRANSACTION_TIMEOUT_MS, (b, v) -> b.transactionTimeoutMs(ConfigValues.toInt(TRANSACTION_TIMEOUT_MS, v)));
        s.put(
                SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
                (b, v) -> b.socketConnectionSetupTimeoutMs(ConfigValues.toLong(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, v)));
        s.put(
                SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS,
                (b, v) -> b.socketConnectionSetupTimeoutMaxMs(
                        ConfigValues.toLong(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, v)));
        for (String key : SecurityConfig.knownKeys()) {
            s.put(key, (b, v) -> SecurityConfig.set(b.security, key, v));
        }
        return Collections.unmodifiableMap(s);
    }

    /**
     * Collects settings; each setter validates its value at once, {@link #build()} checks the rules
     * between them. Defaults are kafka-clients 4.x's.
     */
    public static final class Builder {
        private List<String> bootstrapServers = List.of();
        private String clientId;
        private Acks acks = Acks.ALL;
        private Boolean enableIdempotence;
        private int batchSize = 16384;
        private long lingerMs = 5;
        private long bufferMemory = 32L * 1024 * 1024;
        private long maxBlockMs = 60_000;
        private CompressionType compressionType = CompressionType.NONE;
        private int gzipLevel = GZIP_LEVEL_DEFAULT;
        private int lz4Level = LZ4_LEVEL_DEFAULT;
        private int zstdLevel = ZSTD_LEVEL_DEFAULT;
        private int maxRequestSize = 1024 * 1024;
        private int requestTimeoutMs = 30_000;
        private Integer deliveryTimeoutMs;
        private int retries = Integer.MAX_VALUE;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1000;
        private int maxInFlight = 5;
        private long metadataMaxAgeMs = 300_000;
        private String partitionerClass;
        private List<String> interceptorClasses = List.of();
        private List<String> metricReporters;
        private Boolean autoIncludeJmxReporter;
        private boolean partitionerIgnoreKeys;
        private boolean adaptivePartitioning = true;
        private long availabilityTimeoutMs;
        private long connectionsMaxIdleMs = 540_000;
        private Long reconnectBackoffMs;
        private Long reconnectBackoffMaxMs;
        private int sendBufferBytes = 128 * 1024;
        private int receiveBufferBytes = 32 * 1024;
        private String keySerializer;
        private String valueSerializer;
        private String transactionalId;
        private int transactionTimeoutMs = 60_000;
        private long connectionSetupTimeoutMs = 10_000;
        private long connectionSetupTimeoutMaxMs = 30_000;
        private SecurityConfig.Builder security = SecurityConfig.builder();
        private Map<String, Object> passThrough = new LinkedHashMap<>();

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.bootstrapServers = bootstrapServers;
            b.clientId = clientId;
            b.acks = acks;
            b.enableIdempotence = enableIdempotence;
            b.batchSize = batchSize;
            b.lingerMs = lingerMs;
            b.bufferMemory = bufferMemory;
            b.maxBlockMs = maxBlockMs;
            b.compressionType = compressionType;
            b.gzipLevel = gzipLevel;
            b.lz4Level = lz4Level;
            b.zstdLevel = zstdLevel;
            b.maxRequestSize = maxRequestSize;
            b.requestTimeoutMs = requestTimeoutMs;
            b.deliveryTimeoutMs = deliveryTimeoutMs;
            b.retries = retries;
            b.retryBackoffMs = retryBackoffMs;
            b.retryBackoffMaxMs = retryBackoffMaxMs;
            b.maxInFlight = maxInFlight;
            b.metadataMaxAgeMs = metadataMaxAgeMs;
            b.partitionerClass = partitionerClass;
            b.interceptorClasses = interceptorClasses;
            b.metricReporters = metricReporters;
            b.autoIncludeJmxReporter = autoIncludeJmxReporter;
            b.partitionerIgnoreKeys = partitionerIgnoreKeys;
            b.adaptivePartitioning = adaptivePartitioning;
            b.availabilityTimeoutMs = availabilityTimeoutMs;
            b.connectionsMaxIdleMs = connectionsMaxIdleMs;
            b.reconnectBackoffMs = reconnectBackoffMs;
            b.reconnectBackoffMaxMs = reconnectBackoffMaxMs;
            b.sendBufferBytes = sendBufferBytes;
            b.receiveBufferBytes = receiveBufferBytes;
            b.keySerializer = keySerializer;
            b.valueSerializer = valueSerializer;
            b.transactionalId = transactionalId;
            b.transactionTimeoutMs = transactionTimeoutMs;
            b.connectionSetupTimeoutMs = connectionSetupTimeoutMs;
            b.connectionSetupTimeoutMaxMs = connectionSetupTimeoutMaxMs;
            b.security = security.copy();
            b.passThrough = new LinkedHashMap<>(passThrough);
            return b;
        }

        /** {@code bootstrap.servers}: the {@code host:port} addresses to fetch metadata from first. Required. */
        public Builder bootstrapServers(String... servers) {
            return bootstrapServers(Arrays.asList(servers));
        }

        public Builder bootstrapServers(List<String> servers) {
            if (servers.isEmpty()) {
                throw new ConfigException(BOOTSTRAP_SERVERS, servers, "must list at least one host:port");
            }
            servers.forEach(address -> checkAddress(address, servers));
            this.bootstrapServers = List.copyOf(servers);
            return this;
        }

        /** {@code client.id}: the name brokers log and quota this producer by. */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, CLIENT_ID);
            return this;
        }

        /** {@code acks}: default {@link Acks#ALL}. */
        public Builder acks(Acks acks) {
            this.acks = Objects.requireNonNull(acks, ACKS);
            return this;
        }

        /** {@code enable.idempotence}: default true; setting it explicitly turns conflicts into errors. */
        public Builder enableIdempotence(boolean enable) {
            this.enableIdempotence = enable;
            return this;
        }

        /** {@code batch.size}: the target size of a batch in bytes; default 16384, at least 0. */
        public Builder batchSize(int bytes) {
            ConfigValues.atLeast(BATCH_SIZE, bytes, 0);
            this.batchSize = bytes;
            return this;
        }

        /** {@code linger.ms}: how long to wait for more records before sending a batch; default 5. */
        public Builder lingerMs(long ms) {
            ConfigValues.atLeast(LINGER_MS, ms, 0);
            this.lingerMs = ms;
            return this;
        }

        /** {@code buffer.memory}: bytes for records waiting to be sent; default 32 MiB. */
        public Builder bufferMemory(long bytes) {
            ConfigValues.atLeast(BUFFER_MEMORY, bytes, 0);
            this.bufferMemory = bytes;
            return this;
        }

        /** {@code max.block.ms}: the longest {@code send()} blocks for memory or metadata; default 60000. */
        public Builder maxBlockMs(long ms) {
            ConfigValues.atLeast(MAX_BLOCK_MS, ms, 0);
            this.maxBlockMs = ms;
            return this;
        }

        /** {@code compression.type}: default {@link CompressionType#NONE}. */
        public Builder compressionType(CompressionType type) {
            this.compressionType = Objects.requireNonNull(type, COMPRESSION_TYPE);
            return this;
        }

        /** {@code compression.gzip.level}: 1 to 9, or -1 (default) for the codec's default. */
        public Builder compressionGzipLevel(int level) {
            if (level != GZIP_LEVEL_DEFAULT && (level < GZIP_LEVEL_MIN || level > GZIP_LEVEL_MAX)) {
                throw new ConfigException(
                        COMPRESSION_GZIP_LEVEL,
                        level,
                        "must be between " + GZIP_LEVEL_MIN + " and " + GZIP_LEVEL_MAX + ", or " + GZIP_LEVEL_DEFAULT
                                + " for the codec's default");
            }
            this.gzipLevel = level;
            return this;
        }

        /** {@code compression.lz4.level}: 1 to 17, default 9. */
        public Builder compressionLz4Level(int level) {
            ConfigValues.between(COMPRESSION_LZ4_LEVEL, level, LZ4_LEVEL_MIN, LZ4_LEVEL_MAX);
            this.lz4Level = level;
            return this;
        }

        /** {@code compression.zstd.level}: -131072 to 22, default 3. */
        public Builder compressionZstdLevel(int level) {
            ConfigValues.between(COMPRESSION_ZSTD_LEVEL, level, ZSTD_LEVEL_MIN, ZSTD_LEVEL_MAX);
            this.zstdLevel = level;
            return this;
        }

        /** {@code max.request.size}: the largest request, and so the largest record, in bytes; default 1 MiB. */
        public Builder maxRequestSize(int bytes) {
            ConfigValues.atLeast(MAX_REQUEST_SIZE, bytes, 0);
            this.maxRequestSize = bytes;
            return this;
        }

        /** {@code request.timeout.ms}: how long to wait for a broker's response; default 30000. */
        public Builder requestTimeoutMs(int ms) {
            ConfigValues.atLeast(REQUEST_TIMEOUT_MS, ms, 0);
            this.requestTimeoutMs = ms;
            return this;
        }

        /** {@code delivery.timeout.ms}: the time budget of a record from send to acknowledgement; default 120000. */
        public Builder deliveryTimeoutMs(int ms) {
            ConfigValues.atLeast(DELIVERY_TIMEOUT_MS, ms, 0);
            this.deliveryTimeoutMs = ms;
            return this;
        }

        /** {@code retries}: default Integer.MAX_VALUE (bounded by delivery.timeout.ms). */
        public Builder retries(int retries) {
            ConfigValues.atLeast(RETRIES, retries, 0);
            this.retries = retries;
            return this;
        }

        /** {@code retry.backoff.ms}: the first retry backoff; default 100. */
        public Builder retryBackoffMs(long ms) {
            ConfigValues.atLeast(RETRY_BACKOFF_MS, ms, 0);
            this.retryBackoffMs = ms;
            return this;
        }

        /** {@code retry.backoff.max.ms}: the cap of the exponential backoff; default 1000. */
        public Builder retryBackoffMaxMs(long ms) {
            ConfigValues.atLeast(RETRY_BACKOFF_MAX_MS, ms, 0);
            this.retryBackoffMaxMs = ms;
            return this;
        }

        /** {@code max.in.flight.requests.per.connection}: default 5, at least 1, at most 5 with idempotence. */
        public Builder maxInFlightRequestsPerConnection(int max) {
            ConfigValues.atLeast(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, max, 1);
            this.maxInFlight = max;
            return this;
        }

        /** {@code metadata.max.age.ms}: refresh metadata at least this often; default 300000. */
        public Builder metadataMaxAgeMs(long ms) {
            ConfigValues.atLeast(METADATA_MAX_AGE_MS, ms, 0);
            this.metadataMaxAgeMs = ms;
            return this;
        }

        /** {@code partitioner.class}: a {@link Partitioner} implementation's class name. */
        public Builder partitionerClass(String className) {
            this.partitionerClass = Objects.requireNonNull(className, PARTITIONER_CLASS);
            return this;
        }

        /**
         * {@code interceptor.classes}: {@link ProducerInterceptor} class names, called in this order;
         * each must exist, implement the interface and have a public no-argument constructor.
         */
        public Builder interceptorClasses(List<String> classNames) {
            Objects.requireNonNull(classNames, INTERCEPTOR_CLASSES);
            for (String className : classNames) {
                Plugins.checkPluginClass(
                        INTERCEPTOR_CLASSES,
                        Objects.requireNonNull(className, INTERCEPTOR_CLASSES),
                        classNames,
                        ProducerInterceptor.class);
            }
            this.interceptorClasses = List.copyOf(classNames);
            return this;
        }

        public Builder interceptorClasses(String... classNames) {
            return interceptorClasses(Arrays.asList(classNames));
        }

        /**
         * {@code metric.reporters}: {@link MetricsReporter} class names, and {@value #JMX_REPORTER}
         * for the producer's MBeans under kafka-clients' names (the default); an empty list turns
         * the MBeans off. Each class must exist, implement the interface and have a public
         * no-argument constructor.
         */
        public Builder metricReporters(List<String> classNames) {
            Objects.requireNonNull(classNames, METRIC_REPORTERS);
            for (String className : classNames) {
                if (!JMX_REPORTER.equals(Objects.requireNonNull(className, METRIC_REPORTERS))) {
                    Plugins.checkPluginClass(METRIC_REPORTERS, className, classNames, MetricsReporter.class);
                }
            }
            this.metricReporters = List.copyOf(classNames);
            return this;
        }

        /** {@code auto.include.jmx.reporter} (kafka-clients 3.x): false turns the MBeans off unless {@code metric.reporters} names the JMX reporter. */
        public Builder autoIncludeJmxReporter(boolean include) {
            this.autoIncludeJmxReporter = include;
            return this;
        }

        /** {@code partitioner.ignore.keys}: partition keyed records like unkeyed ones; default false. */
        public Builder partitionerIgnoreKeys(boolean ignore) {
            this.partitionerIgnoreKeys = ignore;
            return this;
        }

        /** {@code partitioner.adaptive.partitioning.enable}: send less to slower brokers; default true. */
        public Builder partitionerAdaptivePartitioningEnable(boolean enable) {
            this.adaptivePartitioning = enable;
            return this;
        }

        /** {@code partitioner.availability.timeout.ms}: skip brokers that cannot take data this long; 0 (default) disables. */
        public Builder partitionerAvailabilityTimeoutMs(long ms) {
            ConfigValues.atLeast(PARTITIONER_AVAILABILITY_TIMEOUT_MS, ms, 0);
            this.availabilityTimeoutMs = ms;
            return this;
        }

        /** {@code connections.max.idle.ms}: close idle connections after this; default 540000, -1 never. */
        public Builder connectionsMaxIdleMs(long ms) {
            ConfigValues.atLeast(CONNECTIONS_MAX_IDLE_MS, ms, -1);
            this.connectionsMaxIdleMs = ms;
            return this;
        }

        /** {@code reconnect.backoff.ms}: the first reconnect backoff; default 50. */
        public Builder reconnectBackoffMs(long ms) {
            ConfigValues.atLeast(RECONNECT_BACKOFF_MS, ms, 0);
            this.reconnectBackoffMs = ms;
            return this;
        }

        /** {@code reconnect.backoff.max.ms}: the cap of the exponential reconnect backoff; default 1000. */
        public Builder reconnectBackoffMaxMs(long ms) {
            ConfigValues.atLeast(RECONNECT_BACKOFF_MAX_MS, ms, 0);
            this.reconnectBackoffMaxMs = ms;
            return this;
        }

        /** {@code send.buffer.bytes}: SO_SNDBUF; default 131072, -1 for the OS default. */
        public Builder sendBufferBytes(int bytes) {
            ConfigValues.atLeast(SEND_BUFFER_BYTES, bytes, -1);
            this.sendBufferBytes = bytes;
            return this;
        }

        /** {@code receive.buffer.bytes}: SO_RCVBUF; default 32768, -1 for the OS default. */
        public Builder receiveBufferBytes(int bytes) {
            ConfigValues.atLeast(RECEIVE_BUFFER_BYTES, bytes, -1);
            this.receiveBufferBytes = bytes;
            return this;
        }

        /** {@code key.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
        public Builder keySerializer(String className) {
            this.keySerializer = Objects.requireNonNull(className, KEY_SERIALIZER);
            return this;
        }

        /** {@code value.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
        public Builder valueSerializer(String className) {
            this.valueSerializer = Objects.requireNonNull(className, VALUE_SERIALIZER);
            return this;
        }

        /** {@code transactional.id}: enables transactions; must not be empty. */
        public Builder transactionalId(String id) {
            if (id == null || id.isEmpty()) {
                throw new ConfigException(TRANSACTIONAL_ID, id == null ? null : "''", "must be a non-empty string");
            }
            this.transactionalId = id;
            return this;
        }

        /** {@code transaction.timeout.ms}: the coordinator aborts transactions open longer; default 60000. */
        public Builder transactionTimeoutMs(int ms) {
            ConfigValues.atLeast(TRANSACTION_TIMEOUT_MS, ms, 1);
            this.transactionTimeoutMs = ms;
            return this;
        }

        /** {@code socket.connection.setup.timeout.ms}: the first connection attempt's limit for TCP and TLS set-up; default 10000. */
        public Builder socketConnectionSetupTimeoutMs(long ms) {
            ConfigValues.atLeast(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, ms, 0);
            this.connectionSetupTimeoutMs = ms;
            return this;
        }

        /** {@code socket.connection.setup.timeout.max.ms}: the cap as the limit doubles per failed attempt; default 30000. */
        public Builder socketConnectionSetupTimeoutMaxMs(long ms) {
            ConfigValues.atLeast(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, ms, 0);
            this.connectionSetupTimeoutMaxMs = ms;
            return this;
        }

        /** {@code security.protocol}, {@code sasl.*} and {@code ssl.*}: default PLAINTEXT. */
        public Builder security(SecurityConfig config) {
            this.security = config.toBuilder();
            return this;
        }

        /** Adds a key the producer does not use itself but serializers or the partitioner may, e.g. {@code schema.registry.url}. */
        public Builder passThrough(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (PROPERTY_SETTERS.containsKey(key)) {
                throw new ConfigException(key, value, "is a producer setting: use its setter");
            }
            passThrough.put(key, value);
            return this;
        }

        /**
         * Checks the rules between settings and builds the configuration.
         *
         * @throws ConfigException if bootstrap.servers is missing or settings conflict
         */
        public ProducerConfig build() {
            if (bootstrapServers.isEmpty()) {
                throw new ConfigException(
                        "Missing required configuration " + BOOTSTRAP_SERVERS + " which has no default value");
            }
            boolean idempotence = resolveIdempotence();
            if (transactionalId != null && !idempotence) {
                throw new ConfigException("Cannot set " + TRANSACTIONAL_ID + " without also enabling idempotence ("
                        + ENABLE_IDEMPOTENCE + "=" + enableIdempotence + ", " + ACKS + "=" + acks.configValue()
                        + ", " + RETRIES + "=" + retries + ")");
            }
            if (retryBackoffMs > retryBackoffMaxMs) {
                LOG.warn(
                        "{}={} is greater than {}={}: retries back off by a constant {} ms",
                        RETRY_BACKOFF_MS,
                        retryBackoffMs,
                        RETRY_BACKOFF_MAX_MS,
                        retryBackoffMaxMs,
                        retryBackoffMaxMs);
            }
            // As kafka-clients: a reconnect backoff set without its cap is used as a constant backoff.
            long reconnectMax = reconnectBackoffMaxMs != null
                    ? reconnectBackoffMaxMs
                    : reconnectBackoffMs != null ? reconnectBackoffMs : 1000;
            String effectiveClientId = clientId != null
                    ? clientId
                    : "producer-" + (transactionalId != null ? transactionalId : CLIENT_ID_SEQUENCE.getAndIncrement());
            SecurityConfig securityConfig = security.build();
            boolean jmx = metricReporters != null
                    ? metricReporters.contains(JMX_REPORTER) || Boolean.TRUE.equals(autoIncludeJmxReporter)
                    : !Boolean.FALSE.equals(autoIncludeJmxReporter);
            return new ProducerConfig(
                    copy(),
                    idempotence,
                    resolveDeliveryTimeout(),
                    reconnectMax,
                    effectiveClientId,
                    securityConfig,
                    jmx);
        }

        // The same rules, in the same order, as kafka-clients' ProducerConfig: conflicts quietly
        // disable an idempotence that was only defaulted, and are errors when it was asked for.
        private boolean resolveIdempotence() {
            boolean requested = Boolean.TRUE.equals(enableIdempotence);
            boolean enabled = enableIdempotence == null || enableIdempotence;
            if (!enabled) {
                return false;
            }
            boolean disable = false;
            if (retries == 0) {
                if (requested) {
                    throw new ConfigException(
                            RETRIES, 0, "must be greater than 0 when " + ENABLE_IDEMPOTENCE + " is true");
                }
                LOG.info("Idempotence is disabled because {} is 0", RETRIES);
                disable = true;
            }
            if (acks != Acks.ALL) {
                if (requested) {
                    throw new ConfigException(
                            ACKS,
                            acks.configValue(),
                            "must be all (or -1) when " + ENABLE_IDEMPOTENCE
                                    + " is true, otherwise idempotence cannot be guaranteed");
                }
                LOG.info("Idempotence is disabled because {} is {}, not all", ACKS, acks.configValue());
                disable = true;
            }
            if (maxInFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
                throw new ConfigException(
                        MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        maxInFlight,
                        "must be at most "
                                + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " when idempotence is enabled (set "
                                + ENABLE_IDEMPOTENCE
                                + "=false to allow more)");
            }
            return !disable;
        }

        private int resolveDeliveryTimeout() {
            int lingerAndRequest =
                    (int) Math.min(Math.min(lingerMs, Integer.MAX_VALUE) + (long) requestTimeoutMs, Integer.MAX_VALUE);
            if (deliveryTimeoutMs == null) {
                if (lingerAndRequest > 120_000) {
                    LOG.warn(
                            "{} raised to {} + {} = {} ms",
                            DELIVERY_TIMEOUT_MS,
                            LINGER_MS,
                            REQUEST_TIMEOUT_MS,
                            lingerAndRequest);
                    return lingerAndRequest;
                }
                return 120_000;
            }
            if (deliveryTimeoutMs < lingerAndRequest) {
                throw new ConfigException(
                        DELIVERY_TIMEOUT_MS,
                        deliveryTimeoutMs,
                        "must be at least "
                                + LINGER_MS + " + " + REQUEST_TIMEOUT_MS + " = " + lingerMs + " + " + requestTimeoutMs
                                + " = " + lingerAndRequest);
            }
            return deliveryTimeoutMs;
        }

        private static void checkAddress(String address, List<String> servers) {
            String shown = Redaction.entryOf(address, servers);
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(BOOTSTRAP_SERVERS, shown, "each entry must be host:port");
            }
            // As kafka-clients: anything else (user info, a scheme, quotes) would only fail later, at
            // name resolution, and be logged there as it is.
            if (!HOST.matcher(host).matches()) {
                throw new ConfigException(
                        BOOTSTRAP_SERVERS,
                        shown,
                        "each entry must be host:port, the host made of"
                                + " letters, digits, '-', '.', '_', '%' and ':' (IPv6 in [brackets])");
            }
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new ConfigException(BOOTSTRAP_SERVERS, shown, "port must be between 0 and 65535");
                }
            } catch (NumberFormatException e) {
                throw new ConfigException(BOOTSTRAP_SERVERS, shown, "each entry must be host:port with a numeric port");
            }
        }
    }
}
