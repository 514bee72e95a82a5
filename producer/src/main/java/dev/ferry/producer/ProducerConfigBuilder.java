package dev.ferry.producer;

import static dev.ferry.producer.ProducerConfig.*;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Serializer;
import dev.ferry.producer.internal.config.ProducerSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects the settings of a {@link ProducerConfig}, from {@link ProducerConfig#builder()} or
 * {@link ProducerConfig#toBuilder()}; each setter validates its value at once, {@link #build()}
 * checks the rules between them. Defaults are kafka-clients 4.x's. Not thread-safe.
 */
public final class ProducerConfigBuilder {
    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    private final ProducerSettings settings;

    ProducerConfigBuilder(ProducerSettings settings) {
        this.settings = settings;
    }

    private ProducerConfigBuilder set(String key, Object value) {
        ProducerSettings.KEYS.set(settings, key, value);
        return this;
    }

    /** {@code bootstrap.servers}: the {@code host:port} addresses to fetch metadata from first. Required. */
    public ProducerConfigBuilder bootstrapServers(String... servers) {
        return bootstrapServers(Arrays.asList(servers));
    }

    public ProducerConfigBuilder bootstrapServers(List<String> servers) {
        return set(BOOTSTRAP_SERVERS, servers);
    }

    /** {@code client.id}: the name brokers log and quota this producer by. */
    public ProducerConfigBuilder clientId(String clientId) {
        return set(CLIENT_ID, clientId);
    }

    /** {@code acks}: default {@link Acks#ALL}. */
    public ProducerConfigBuilder acks(Acks acks) {
        return set(ACKS, Objects.requireNonNull(acks, ACKS).configValue());
    }

    /** {@code enable.idempotence}: default true; setting it explicitly turns conflicts into errors. */
    public ProducerConfigBuilder enableIdempotence(boolean enable) {
        return set(ENABLE_IDEMPOTENCE, enable);
    }

    /** {@code batch.size}: the target size of a batch in bytes; default 16384, at least 0. */
    public ProducerConfigBuilder batchSize(int bytes) {
        return set(BATCH_SIZE, bytes);
    }

    /** {@code linger.ms}: how long to wait for more records before sending a batch; default 5. */
    public ProducerConfigBuilder lingerMs(long ms) {
        return set(LINGER_MS, ms);
    }

    /** {@code buffer.memory}: bytes for records waiting to be sent; default 32 MiB. */
    public ProducerConfigBuilder bufferMemory(long bytes) {
        return set(BUFFER_MEMORY, bytes);
    }

    /** {@code max.block.ms}: the longest {@code send()} blocks for memory or metadata; default 60000. */
    public ProducerConfigBuilder maxBlockMs(long ms) {
        return set(MAX_BLOCK_MS, ms);
    }

    /** {@code compression.type}: default {@link CompressionType#NONE}. */
    public ProducerConfigBuilder compressionType(CompressionType type) {
        return set(
                COMPRESSION_TYPE, Objects.requireNonNull(type, COMPRESSION_TYPE).configValue());
    }

    /** {@code compression.gzip.level}: 1 to 9, or -1 (default) for the codec's default. */
    public ProducerConfigBuilder compressionGzipLevel(int level) {
        return set(COMPRESSION_GZIP_LEVEL, level);
    }

    /** {@code compression.lz4.level}: 1 to 17, default 9. */
    public ProducerConfigBuilder compressionLz4Level(int level) {
        return set(COMPRESSION_LZ4_LEVEL, level);
    }

    /** {@code compression.zstd.level}: -131072 to 22, default 3. */
    public ProducerConfigBuilder compressionZstdLevel(int level) {
        return set(COMPRESSION_ZSTD_LEVEL, level);
    }

    /** {@code max.request.size}: the largest request, and so the largest record, in bytes; default 1 MiB. */
    public ProducerConfigBuilder maxRequestSize(int bytes) {
        return set(MAX_REQUEST_SIZE, bytes);
    }

    /** {@code request.timeout.ms}: how long to wait for a broker's response; default 30000. */
    public ProducerConfigBuilder requestTimeoutMs(int ms) {
        return set(REQUEST_TIMEOUT_MS, ms);
    }

    /** {@code delivery.timeout.ms}: the time budget of a record from send to acknowledgement; default 120000. */
    public ProducerConfigBuilder deliveryTimeoutMs(int ms) {
        return set(DELIVERY_TIMEOUT_MS, ms);
    }

    /** {@code retries}: default Integer.MAX_VALUE (bounded by delivery.timeout.ms). */
    public ProducerConfigBuilder retries(int retries) {
        return set(RETRIES, retries);
    }

    /** {@code retry.backoff.ms}: the first retry backoff; default 100. */
    public ProducerConfigBuilder retryBackoffMs(long ms) {
        return set(RETRY_BACKOFF_MS, ms);
    }

    /** {@code retry.backoff.max.ms}: the cap of the exponential backoff; default 1000. */
    public ProducerConfigBuilder retryBackoffMaxMs(long ms) {
        return set(RETRY_BACKOFF_MAX_MS, ms);
    }

    /** {@code max.in.flight.requests.per.connection}: default 5, at least 1, at most 5 with idempotence. */
    public ProducerConfigBuilder maxInFlightRequestsPerConnection(int max) {
        return set(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, max);
    }

    /** {@code metadata.max.age.ms}: refresh metadata at least this often; default 300000. */
    public ProducerConfigBuilder metadataMaxAgeMs(long ms) {
        return set(METADATA_MAX_AGE_MS, ms);
    }

    /**
     * {@code metadata.max.idle.ms}: a topic not sent to for this long is no longer refreshed, until the
     * next send to it waits for its metadata again; default 300000, at least 5000.
     */
    public ProducerConfigBuilder metadataMaxIdleMs(long ms) {
        return set(METADATA_MAX_IDLE_MS, ms);
    }

    /**
     * {@code client.dns.lookup}: {@code use_all_dns_ips} (the default: each connection attempt to a
     * host takes the next of its addresses) or {@code resolve_canonical_bootstrap_servers_only}.
     */
    public ProducerConfigBuilder clientDnsLookup(String lookup) {
        return set(CLIENT_DNS_LOOKUP, lookup);
    }

    /**
     * {@code metadata.recovery.strategy}: {@code rebootstrap} (the default) or {@code none}, whether the
     * producer starts again from {@code bootstrap.servers} when it cannot reach any broker it knows.
     */
    public ProducerConfigBuilder metadataRecoveryStrategy(String strategy) {
        return set(METADATA_RECOVERY_STRATEGY, strategy);
    }

    /**
     * {@code metadata.recovery.rebootstrap.trigger.ms}: how long metadata refreshes may fail before the
     * producer rebootstraps; default 300000.
     */
    public ProducerConfigBuilder metadataRecoveryRebootstrapTriggerMs(long ms) {
        return set(METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS, ms);
    }

    /** {@code partitioner.class}: a {@link Partitioner} implementation's class name. */
    public ProducerConfigBuilder partitionerClass(String className) {
        return set(PARTITIONER_CLASS, className);
    }

    /**
     * {@code interceptor.classes}: {@link ProducerInterceptor} class names, called in this order;
     * each must exist, implement the interface and have a public no-argument constructor.
     */
    public ProducerConfigBuilder interceptorClasses(List<String> classNames) {
        return set(INTERCEPTOR_CLASSES, classNames);
    }

    public ProducerConfigBuilder interceptorClasses(String... classNames) {
        return interceptorClasses(Arrays.asList(classNames));
    }

    /**
     * {@code metric.reporters}: {@link MetricsReporter} class names, and {@value ProducerConfig#JMX_REPORTER}
     * for the producer's MBeans under kafka-clients' names (the default); an empty list turns
     * the MBeans off. Each class must exist, implement the interface and have a public
     * no-argument constructor.
     */
    public ProducerConfigBuilder metricReporters(List<String> classNames) {
        return set(METRIC_REPORTERS, classNames);
    }

    /** {@code auto.include.jmx.reporter} (kafka-clients 3.x): false turns the MBeans off unless {@code metric.reporters} names the JMX reporter. */
    public ProducerConfigBuilder autoIncludeJmxReporter(boolean include) {
        return set(AUTO_INCLUDE_JMX_REPORTER, include);
    }

    /** {@code partitioner.ignore.keys}: partition keyed records like unkeyed ones; default false. */
    public ProducerConfigBuilder partitionerIgnoreKeys(boolean ignore) {
        return set(PARTITIONER_IGNORE_KEYS, ignore);
    }

    /** {@code partitioner.adaptive.partitioning.enable}: send less to slower brokers; default true. */
    public ProducerConfigBuilder partitionerAdaptivePartitioningEnable(boolean enable) {
        return set(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE, enable);
    }

    /** {@code partitioner.availability.timeout.ms}: skip brokers that cannot take data this long; 0 (default) disables. */
    public ProducerConfigBuilder partitionerAvailabilityTimeoutMs(long ms) {
        return set(PARTITIONER_AVAILABILITY_TIMEOUT_MS, ms);
    }

    /** {@code connections.max.idle.ms}: close idle connections after this; default 540000, -1 never. */
    public ProducerConfigBuilder connectionsMaxIdleMs(long ms) {
        return set(CONNECTIONS_MAX_IDLE_MS, ms);
    }

    /** {@code reconnect.backoff.ms}: the first reconnect backoff; default 50. */
    public ProducerConfigBuilder reconnectBackoffMs(long ms) {
        return set(RECONNECT_BACKOFF_MS, ms);
    }

    /** {@code reconnect.backoff.max.ms}: the cap of the exponential reconnect backoff; default 1000. */
    public ProducerConfigBuilder reconnectBackoffMaxMs(long ms) {
        return set(RECONNECT_BACKOFF_MAX_MS, ms);
    }

    /** {@code send.buffer.bytes}: SO_SNDBUF; default 131072, -1 for the OS default. */
    public ProducerConfigBuilder sendBufferBytes(int bytes) {
        return set(SEND_BUFFER_BYTES, bytes);
    }

    /** {@code receive.buffer.bytes}: SO_RCVBUF; default 32768, -1 for the OS default. */
    public ProducerConfigBuilder receiveBufferBytes(int bytes) {
        return set(RECEIVE_BUFFER_BYTES, bytes);
    }

    /** {@code key.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
    public ProducerConfigBuilder keySerializer(String className) {
        return set(KEY_SERIALIZER, className);
    }

    /** {@code value.serializer}: a {@link Serializer} class name (kafka-clients' built-in names are understood). */
    public ProducerConfigBuilder valueSerializer(String className) {
        return set(VALUE_SERIALIZER, className);
    }

    /** {@code transactional.id}: enables transactions; must not be empty. */
    public ProducerConfigBuilder transactionalId(String id) {
        return set(TRANSACTIONAL_ID, id);
    }

    /** {@code transaction.timeout.ms}: the coordinator aborts transactions open longer; default 60000. */
    public ProducerConfigBuilder transactionTimeoutMs(int ms) {
        return set(TRANSACTION_TIMEOUT_MS, ms);
    }

    /** {@code socket.connection.setup.timeout.ms}: the first connection attempt's limit for TCP and TLS set-up; default 10000. */
    public ProducerConfigBuilder socketConnectionSetupTimeoutMs(long ms) {
        return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MS, ms);
    }

    /** {@code socket.connection.setup.timeout.max.ms}: the cap as the limit doubles per failed attempt; default 30000. */
    public ProducerConfigBuilder socketConnectionSetupTimeoutMaxMs(long ms) {
        return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, ms);
    }

    /** {@code security.protocol}, {@code sasl.*} and {@code ssl.*}: default PLAINTEXT. */
    public ProducerConfigBuilder security(SecurityConfig config) {
        settings.security = config.settings();
        return this;
    }

    /** Adds a key the producer does not use itself but serializers or the partitioner may, e.g. {@code schema.registry.url}. */
    public ProducerConfigBuilder passThrough(String key, Object value) {
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
        return new ProducerConfig(
                settings.copy(), settings.inEffect(idempotence, settings.resolveDeliveryTimeout(), clientId));
    }
}
