package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.common.Serializer;
import dev.ferry.producer.internal.config.ProducerSettings;
import dev.ferry.producer.internal.config.SecretMaskingMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    private final ProducerSettings source;
    private final boolean enableIdempotence;
    private final int deliveryTimeoutMs;
    private final String clientId;
    private final SecurityConfig security;
    private final Map<String, Object> effective;

    private ProducerConfig(ProducerSettings source, boolean enableIdempotence, int deliveryTimeoutMs, String clientId) {
        this.source = source;
        this.enableIdempotence = enableIdempotence;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.clientId = clientId;
        this.security = SecurityConfig.build(source.security);
        this.effective = SecretMaskingMap.of(source.effectiveValues(enableIdempotence, deliveryTimeoutMs, clientId));
    }

    public static Builder builder() {
        return new Builder(new ProducerSettings());
    }

    /** A builder holding the settings this configuration was built from, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(source.copy());
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
        return new Builder(ProducerSettings.fromProperties(properties, unknownKeysReporter)).build();
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
        return source.resolveJmx();
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
        return source.resolveReconnectBackoffMax();
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

    /**
     * Collects settings; each setter validates its value at once, {@link #build()} checks the rules
     * between them. Defaults are kafka-clients 4.x's.
     */
    public static final class Builder {
        private final ProducerSettings settings;

        private Builder(ProducerSettings settings) {
            this.settings = settings;
        }

        private Builder set(String key, Object value) {
            ProducerSettings.KEYS.set(settings, key, value);
            return this;
        }

        /** {@code bootstrap.servers}: the {@code host:port} addresses to fetch metadata from first. Required. */
        public Builder bootstrapServers(String... servers) {
            return bootstrapServers(Arrays.asList(servers));
        }

        public Builder bootstrapServers(List<String> servers) {
            return set(BOOTSTRAP_SERVERS, servers);
        }

        /** {@code client.id}: the name brokers log and quota this producer by. */
        public Builder clientId(String clientId) {
            return set(CLIENT_ID, clientId);
        }

        /** {@code acks}: default {@link Acks#ALL}. */
        public Builder acks(Acks acks) {
            return set(ACKS, Objects.requireNonNull(acks, ACKS).configValue());
        }

        /** {@code enable.idempotence}: default true; setting it explicitly turns conflicts into errors. */
        public Builder enableIdempotence(boolean enable) {
            return set(ENABLE_IDEMPOTENCE, enable);
        }

        /** {@code batch.size}: the target size of a batch in bytes; default 16384, at least 0. */
        public Builder batchSize(int bytes) {
            return set(BATCH_SIZE, bytes);
        }

        /** {@code linger.ms}: how long to wait for more records before sending a batch; default 5. */
        public Builder lingerMs(long ms) {
            return set(LINGER_MS, ms);
        }

        /** {@code buffer.memory}: bytes for records waiting to be sent; default 32 MiB. */
        public Builder bufferMemory(long bytes) {
            return set(BUFFER_MEMORY, bytes);
        }

        /** {@code max.block.ms}: the longest {@code send()} blocks for memory or metadata; default 60000. */
        public Builder maxBlockMs(long ms) {
            return set(MAX_BLOCK_MS, ms);
        }

        /** {@code compression.type}: default {@link CompressionType#NONE}. */
        public Builder compressionType(CompressionType type) {
            return set(
                    COMPRESSION_TYPE,
                    Objects.requireNonNull(type, COMPRESSION_TYPE).configValue());
        }

        /** {@code compression.gzip.level}: 1 to 9, or -1 (default) for the codec's default. */
        public Builder compressionGzipLevel(int level) {
            return set(COMPRESSION_GZIP_LEVEL, level);
        }

        /** {@code compression.lz4.level}: 1 to 17, default 9. */
        public Builder compressionLz4Level(int level) {
            return set(COMPRESSION_LZ4_LEVEL, level);
        }

        /** {@code compression.zstd.level}: -131072 to 22, default 3. */
        public Builder compressionZstdLevel(int level) {
            return set(COMPRESSION_ZSTD_LEVEL, level);
        }

        /** {@code max.request.size}: the largest request, and so the largest record, in bytes; default 1 MiB. */
        public Builder maxRequestSize(int bytes) {
            return set(MAX_REQUEST_SIZE, bytes);
        }

        /** {@code request.timeout.ms}: how long to wait for a broker's response; default 30000. */
        public Builder requestTimeoutMs(int ms) {
            return set(REQUEST_TIMEOUT_MS, ms);
        }

        /** {@code delivery.timeout.ms}: the time budget of a record from send to acknowledgement; default 120000. */
        public Builder deliveryTimeoutMs(int ms) {
            return set(DELIVERY_TIMEOUT_MS, ms);
        }

        /** {@code retries}: default Integer.MAX_VALUE (bounded by delivery.timeout.ms). */
        public Builder retries(int retries) {
            return set(RETRIES, retries);
        }

        /** {@code retry.backoff.ms}: the first retry backoff; default 100. */
        public Builder retryBackoffMs(long ms) {
            return set(RETRY_BACKOFF_MS, ms);
        }

        /** {@code retry.backoff.max.ms}: the cap of the exponential backoff; default 1000. */
        public Builder retryBackoffMaxMs(long ms) {
            return set(RETRY_BACKOFF_MAX_MS, ms);
        }

        /** {@code max.in.flight.requests.per.connection}: default 5, at least 1, at most 5 with idempotence. */
        public Builder maxInFlightRequestsPerConnection(int max) {
            return set(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, max);
        }

        /** {@code metadata.max.age.ms}: refresh metadata at least this often; default 300000. */
        public Builder metadataMaxAgeMs(long ms) {
            return set(METADATA_MAX_AGE_MS, ms);
        }

        /** {@code partitioner.class}: a {@link Partitioner} implementation's class name. */
        public Builder partitionerClass(String className) {
            return set(PARTITIONER_CLASS, className);
        }

        /**
         * {@code interceptor.classes}: {@link ProducerInterceptor} class names, called in this order;
         * each must exist, implement the interface and have a public no-argument constructor.
         */
        public Builder interceptorClasses(List<String> classNames) {
            return set(INTERCEPTOR_CLASSES, classNames);
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
            return set(METRIC_REPORTERS, classNames);
        }

        /** {@code auto.include.jmx.reporter} (kafka-clients 3.x): false turns the MBeans off unless {@code metric.reporters} names the JMX reporter. */
        public Builder autoIncludeJmxReporter(boolean include) {
            return set(AUTO_INCLUDE_JMX_REPORTER, include);
        }

        /** {@code partitioner.ignore.keys}: partition keyed records like unkeyed ones; default false. */
        public Builder partitionerIgnoreKeys(boolean ignore) {
            return set(PARTITIONER_IGNORE_KEYS, ignore);
        }

        /** {@code partitioner.adaptive.partitioning.enable}: send less to slower brokers; default true. */
        public Builder partitionerAdaptivePartitioningEnable(boolean enable) {
            return set(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE, enable);
        }

        /** {@code partitioner.availability.timeout.ms}: skip brokers that cannot take data this long; 0 (default) disables. */
        public Builder partitionerAvailabilityTimeoutMs(long ms) {
            return set(PARTITIONER_AVAILABILITY_TIMEOUT_MS, ms);
        }

        /** {@code connections.max.idle.ms}: close idle connections after this; default 540000, -1 never. */
        public Builder connectionsMaxIdleMs(long ms) {
            return set(CONNECTIONS_MAX_IDLE_MS, ms);
        }

        /** {@code reconnect.backoff.ms}: the first reconnect backoff; default 50. */
        public Builder reconnectBackoffMs(long ms) {
            return set(RECONNECT_BACKOFF_MS, ms);
        }

        /** {@code reconnect.backoff.max.ms}: the cap of the exponential reconnect backoff; default 1000. */
        public Builder reconnectBackoffMaxMs(long ms) {
            return set(RECONNECT_BACKOFF_MAX_MS, ms);
        }

        /** {@code send.buffer.bytes}: SO_SNDBUF; default 131072, -1 for the OS default. */
        public Builder sendBufferBytes(int bytes) {
            return set(SEND_BUFFER_BYTES, bytes);
        }

        /** {@code receive.buffer.bytes}: SO_RCVBUF; default 32768, -1 for the OS default. */
        public Builder receiveBufferBytes(int bytes) {
            return set(RECEIVE_BUFFER_BYTES, bytes);
        }

        /** {@code key.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
        public Builder keySerializer(String className) {
            return set(KEY_SERIALIZER, className);
        }

        /** {@code value.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
        public Builder valueSerializer(String className) {
            return set(VALUE_SERIALIZER, className);
        }

        /** {@code transactional.id}: enables transactions; must not be empty. */
        public Builder transactionalId(String id) {
            return set(TRANSACTIONAL_ID, id);
        }

        /** {@code transaction.timeout.ms}: the coordinator aborts transactions open longer; default 60000. */
        public Builder transactionTimeoutMs(int ms) {
            return set(TRANSACTION_TIMEOUT_MS, ms);
        }

        /** {@code socket.connection.setup.timeout.ms}: the first connection attempt's limit for TCP and TLS set-up; default 10000. */
        public Builder socketConnectionSetupTimeoutMs(long ms) {
            return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, ms);
        }

        /** {@code socket.connection.setup.timeout.max.ms}: the cap as the limit doubles per failed attempt; default 30000. */
        public Builder socketConnectionSetupTimeoutMaxMs(long ms) {
            return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, ms);
        }

        /** {@code security.protocol}, {@code sasl.*} and {@code ssl.*}: default PLAINTEXT. */
        public Builder security(SecurityConfig config) {
            settings.security = config.settings();
            return this;
        }

        /** Adds a key the producer does not use itself but serializers or the partitioner may, e.g. {@code schema.registry.url}. */
        public Builder passThrough(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (ProducerSettings.KEYS.knows(key)) {
                throw new ConfigException(key, value, "is a producer setting: use its setter");
            }
            settings.passThrough.put(key, value);
            return this;
        }

        /**
         * Checks the rules between settings and builds the configuration.
         *
         * @throws ConfigException if bootstrap.servers is missing or settings conflict
         */
        public ProducerConfig build() {
            if (settings.bootstrapServers.isEmpty()) {
                throw new ConfigException(
                        "Missing required configuration " + BOOTSTRAP_SERVERS + " which has no default value");
            }
            boolean idempotence = settings.resolveIdempotence();
            if (settings.transactionalId != null && !idempotence) {
                throw new ConfigException("Cannot set " + TRANSACTIONAL_ID + " without also enabling idempotence ("
                        + ENABLE_IDEMPOTENCE + "=" + settings.enableIdempotence + ", " + ACKS + "="
                        + settings.acks.configValue() + ", " + RETRIES + "=" + settings.retries + ")");
            }
            settings.warnOfConstantRetryBackoff();
            String clientId = settings.clientId != null
                    ? settings.clientId
                    : "producer-"
                            + (settings.transactionalId != null
                                    ? settings.transactionalId
                                    : CLIENT_ID_SEQUENCE.getAndIncrement());
            return new ProducerConfig(settings.copy(), idempotence, settings.resolveDeliveryTimeout(), clientId);
        }
    }
}
