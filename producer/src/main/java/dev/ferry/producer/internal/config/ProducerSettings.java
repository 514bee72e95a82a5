package dev.ferry.producer.internal.config;

import static dev.ferry.producer.ProducerConfig.*;
import static dev.ferry.producer.internal.config.ProducerTypes.*;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigRows;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigType;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.producer.Acks;
import dev.ferry.producer.CompressionType;
import dev.ferry.producer.MetricsReporter;
import dev.ferry.producer.ProducerInterceptor;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state behind {@link dev.ferry.producer.ProducerConfigBuilder}, as set (null: left to the rules of
 * {@code build()}), and {@link #KEYS}, the producer's key table: one row per key with type, default
 * (kafka-clients 4.x's), rule, documentation and secret flag, the security keys
 * ({@link SecuritySettings#KEYS}) included. The builder's typed setters go through the table, so a
 * value is refused with the same message whether it comes from properties or code. Not thread-safe.
 */
public final class ProducerSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerSettings.class);
    private static final ConfigType<String> ACKS_VALUE = new ConfigType<>(
            "string", value -> (value instanceof Acks a ? a : Acks.parse(String.valueOf(value))).configValue());
    private static final ConfigType<String> RECOVERY_STRATEGY =
            ProducerTypes.choiceOf(METADATA_RECOVERY_STRATEGY, List.of("none", "rebootstrap"));
    private static final ConfigType<String> DNS_LOOKUP = ProducerTypes.choiceOf(
            CLIENT_DNS_LOOKUP, List.of("use_all_dns_ips", "resolve_canonical_bootstrap_servers_only"));
    private static final ConfigType<String> COMPRESSION = new ConfigType<>(
            "string",
            value -> (value instanceof CompressionType c ? c : CompressionType.parse(text(value))).configValue());

    public static final ConfigTable<ProducerSettings> KEYS = new ConfigTable<>(
            "the producer",
            Stream.concat(
                            producerKeys().stream(),
                            SecuritySettings.KEYS.keys().stream()
                                    .<ConfigKey<ProducerSettings, ?>>map(
                                            key -> key.lift((ProducerSettings s) -> s.security)))
                    .toList(),
            List.of());

    public List<String> bootstrapServers = List.of();
    public String clientId;
    public Acks acks;
    public Boolean enableIdempotence;
    public int batchSize;
    public long lingerMs;
    public long bufferMemory;
    public long maxBlockMs;
    public CompressionType compressionType;
    public int gzipLevel;
    public int lz4Level;
    public int zstdLevel;
    public int maxRequestSize;
    public int requestTimeoutMs;
    public Integer deliveryTimeoutMs;
    public int retries;
    public long retryBackoffMs;
    public long retryBackoffMaxMs;
    public int maxInFlight;
    public long metadataMaxAgeMs;
    public long metadataMaxIdleMs;
    public boolean metadataRecoveryRebootstrap;
    public boolean canonicalBootstrapNames;
    public long rebootstrapTriggerMs;
    public String partitionerClass;
    public List<String> interceptorClasses;
    public List<String> metricReporters;
    public Boolean autoIncludeJmxReporter;
    public boolean partitionerIgnoreKeys;
    public boolean adaptivePartitioning;
    public long availabilityTimeoutMs;
    public long connectionsMaxIdleMs;
    public Long reconnectBackoffMs;
    public Long reconnectBackoffMaxMs;
    public int sendBufferBytes;
    public int receiveBufferBytes;
    public String keySerializer;
    public String valueSerializer;
    public String transactionalId;
    public int transactionTimeoutMs;
    public long connectionSetupTimeoutMs;
    public long connectionSetupTimeoutMaxMs;
    public SecuritySettings security = new SecuritySettings();
    /** Keys the producer does not read, for serializers and the partitioner; not a row of the table. */
    public final Map<String, Object> passThrough = new LinkedHashMap<>();

    /** Settings holding every default. */
    public ProducerSettings() {
        KEYS.applyDefaults(this);
    }

    /** A copy through the table's rows, with the pass-through keys. */
    public ProducerSettings copy() {
        ProducerSettings copy = KEYS.copy(this, new ProducerSettings());
        copy.passThrough.putAll(passThrough);
        return copy;
    }

    private static List<ConfigKey<ProducerSettings, ?>> producerKeys() {
        return List.of(
                row(
                                BOOTSTRAP_SERVERS,
                                LIST,
                                ProducerSettings::bootstrapServers,
                                s -> s.bootstrapServers.isEmpty() ? null : s.bootstrapServers)
                        .withDefaultDoc("required")
                        .withDoc("The `host:port` addresses to fetch metadata from first."),
                row(CLIENT_ID, STRING, (s, v) -> s.clientId = v, s -> s.clientId)
                        .withDefaultDoc("`producer-<transactional.id>` or `producer-<n>`")
                        .withDoc(
                                "The name brokers log and quota this producer by; unset, each producer draws its own `<n>`."),
                row(ACKS, ACKS_VALUE, (s, v) -> s.acks = Acks.parse(v), s -> s.acks.configValue())
                        .withDefault("all")
                        .withDoc("`all` (or `-1`), `1` or `0`: how many replicas must have a record before it counts "
                                + "as sent."),
                row(ENABLE_IDEMPOTENCE, BOOLEAN, (s, v) -> s.enableIdempotence = v, s -> s.enableIdempotence)
                        .withDefaultDoc("true")
                        .withDoc(
                                "No duplicates on retry, in order per partition; left unset, `acks` other than `all` or "
                                        + "`retries=0` turn it off quietly, set to true they are errors."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT, BATCH_SIZE, 16384, 0, (s, v) -> s.batchSize = v, s -> s.batchSize)
                        .withDoc("The target size of a batch in bytes."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG, LINGER_MS, 5L, 0, (s, v) -> s.lingerMs = v, s -> s.lingerMs)
                        .withDoc("How long to wait for more records before sending a batch."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                BUFFER_MEMORY,
                                32L * 1024 * 1024,
                                0,
                                (s, v) -> s.bufferMemory = v,
                                s -> s.bufferMemory)
                        .withDoc(
                                "Bytes for records waiting to be sent; with compression, the records of batches still filling wait uncompressed, at most as much again."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG, MAX_BLOCK_MS, 60_000L, 0, (s, v) -> s.maxBlockMs = v, s -> s.maxBlockMs)
                        .withDoc("The longest `send()` blocks for memory or metadata."),
                row(
                                COMPRESSION_TYPE,
                                COMPRESSION,
                                (s, v) -> s.compressionType = CompressionType.parse(v),
                                s -> s.compressionType.configValue())
                        .withDefault("none")
                        .withDoc("`none`, `gzip`, `snappy`, `lz4` or `zstd`."),
                row(COMPRESSION_GZIP_LEVEL, INT, (s, v) -> s.gzipLevel = v, s -> s.gzipLevel)
                        .withDefault(GZIP_LEVEL_DEFAULT)
                        .validatedBy(v -> v != GZIP_LEVEL_DEFAULT && (v < GZIP_LEVEL_MIN || v > GZIP_LEVEL_MAX)
                                ? "must be between " + GZIP_LEVEL_MIN + " and " + GZIP_LEVEL_MAX + ", or "
                                        + GZIP_LEVEL_DEFAULT + " for the codec's default"
                                : null)
                        .withDoc("1 to 9, or -1 for the codec's default."),
                ConfigRows.<ProducerSettings>between(
                                INT,
                                COMPRESSION_LZ4_LEVEL,
                                LZ4_LEVEL_DEFAULT,
                                LZ4_LEVEL_MIN,
                                LZ4_LEVEL_MAX,
                                (s, v) -> s.lz4Level = v,
                                s -> s.lz4Level)
                        .withDoc("1 to 17."),
                ConfigRows.<ProducerSettings>between(
                                INT,
                                COMPRESSION_ZSTD_LEVEL,
                                ZSTD_LEVEL_DEFAULT,
                                ZSTD_LEVEL_MIN,
                                ZSTD_LEVEL_MAX,
                                (s, v) -> s.zstdLevel = v,
                                s -> s.zstdLevel)
                        .withDoc(
                                "-131072 to 22. At 0 and 2 to 4 a batch of more than 128 KB is compressed with a"
                                        + " 128 KB window, the one zstd takes for 128 KB of input: faster, a ratio within a few percent."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                MAX_REQUEST_SIZE,
                                1024 * 1024,
                                0,
                                (s, v) -> s.maxRequestSize = v,
                                s -> s.maxRequestSize)
                        .withDoc("The largest request, and so the largest record, in bytes."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                REQUEST_TIMEOUT_MS,
                                30_000,
                                0,
                                (s, v) -> s.requestTimeoutMs = v,
                                s -> s.requestTimeoutMs)
                        .withDoc("How long to wait for a broker's response."),
                resolvedLater(
                                DELIVERY_TIMEOUT_MS,
                                INT,
                                "120000",
                                (s, v) -> s.deliveryTimeoutMs = v,
                                s -> s.deliveryTimeoutMs)
                        .withDoc("The time budget of a record from `send()` to acknowledgement; at least `linger.ms + "
                                + "request.timeout.ms` (left unset, it is raised to that)."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT, RETRIES, Integer.MAX_VALUE, 0, (s, v) -> s.retries = v, s -> s.retries)
                        .withDoc("Retries of a failed batch, bounded by `delivery.timeout.ms`."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG, RETRY_BACKOFF_MS, 100L, 0, (s, v) -> s.retryBackoffMs = v, s -> s.retryBackoffMs)
                        .withDoc("The first retry backoff, and the least time between metadata refreshes."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                RETRY_BACKOFF_MAX_MS,
                                1000L,
                                0,
                                (s, v) -> s.retryBackoffMaxMs = v,
                                s -> s.retryBackoffMaxMs)
                        .withDoc("The cap of the exponential retry backoff, and of the metadata refreshes' backoff."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                                5,
                                1,
                                (s, v) -> s.maxInFlight = v,
                                s -> s.maxInFlight)
                        .withDoc("Unacknowledged requests per connection; at most 5 with idempotence."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                METADATA_MAX_AGE_MS,
                                300_000L,
                                0,
                                (s, v) -> s.metadataMaxAgeMs = v,
                                s -> s.metadataMaxAgeMs)
                        .withDoc("Refresh metadata at least this often."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                METADATA_MAX_IDLE_MS,
                                300_000L,
                                5_000,
                                (s, v) -> s.metadataMaxIdleMs = v,
                                s -> s.metadataMaxIdleMs)
                        .withDoc("A topic not sent to for this long is dropped from the metadata refreshes."),
                row(
                                CLIENT_DNS_LOOKUP,
                                DNS_LOOKUP,
                                (s, v) -> s.canonicalBootstrapNames =
                                        v.equals("resolve_canonical_bootstrap_servers_only"),
                                s -> s.canonicalBootstrapNames
                                        ? "resolve_canonical_bootstrap_servers_only"
                                        : "use_all_dns_ips")
                        .withDefault("use_all_dns_ips")
                        .withDoc("`use_all_dns_ips`: each connection attempt to a host takes the next address it "
                                + "resolves to; `resolve_canonical_bootstrap_servers_only`: also, each bootstrap host "
                                + "is replaced by the canonical names of its addresses when the producer starts."),
                row(
                                METADATA_RECOVERY_STRATEGY,
                                RECOVERY_STRATEGY,
                                (s, v) -> s.metadataRecoveryRebootstrap = v.equals("rebootstrap"),
                                s -> s.metadataRecoveryRebootstrap ? "rebootstrap" : "none")
                        .withDefault("rebootstrap")
                        .withDoc("`rebootstrap`: when no broker of the last metadata can be reached, or none has "
                                + "answered a refresh for `metadata.recovery.rebootstrap.trigger.ms`, start again "
                                + "from `bootstrap.servers`; `none`: keep trying the known brokers."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS,
                                300_000L,
                                0,
                                (s, v) -> s.rebootstrapTriggerMs = v,
                                s -> s.rebootstrapTriggerMs)
                        .withDoc("How long refreshes may fail before the producer rebootstraps."),
                row(PARTITIONER_CLASS, CLASS_NAME, (s, v) -> s.partitionerClass = v, s -> s.partitionerClass)
                        .withDefaultDoc("built-in")
                        .withDoc("A `Partitioner` class."),
                row(
                                INTERCEPTOR_CLASSES,
                                CLASS_NAMES,
                                (s, v) -> s.interceptorClasses =
                                        plugins(INTERCEPTOR_CLASSES, v, ProducerInterceptor.class),
                                s -> s.interceptorClasses.isEmpty() ? null : s.interceptorClasses)
                        .withDefault(List.of())
                        .withDoc("`ProducerInterceptor` classes, called in this order."),
                row(
                                METRIC_REPORTERS,
                                CLASS_NAMES,
                                (s, v) -> s.metricReporters = plugins(METRIC_REPORTERS, v, MetricsReporter.class),
                                s -> s.metricReporters)
                        .withDefaultDoc(JMX_REPORTER)
                        .withDoc("`MetricsReporter` classes, and the JMX reporter's name for the producer's MBeans; "
                                + "empty: no MBeans."),
                row(
                                AUTO_INCLUDE_JMX_REPORTER,
                                BOOLEAN,
                                (s, v) -> s.autoIncludeJmxReporter = v,
                                s -> s.autoIncludeJmxReporter)
                        .withDefaultDoc("true")
                        .withDoc("kafka-clients 3.x: false turns the MBeans off unless `metric.reporters` names the "
                                + "JMX reporter."),
                ConfigRows.<ProducerSettings>bool(
                                BOOLEAN,
                                PARTITIONER_IGNORE_KEYS,
                                false,
                                (s, v) -> s.partitionerIgnoreKeys = v,
                                s -> s.partitionerIgnoreKeys)
                        .withDoc("Partition keyed records like unkeyed ones."),
                ConfigRows.<ProducerSettings>bool(
                                BOOLEAN,
                                PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE,
                                true,
                                (s, v) -> s.adaptivePartitioning = v,
                                s -> s.adaptivePartitioning)
                        .withDoc("Send less to slower brokers."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                PARTITIONER_AVAILABILITY_TIMEOUT_MS,
                                0L,
                                0,
                                (s, v) -> s.availabilityTimeoutMs = v,
                                s -> s.availabilityTimeoutMs)
                        .withDoc("Skip brokers that cannot take data this long; 0 disables."),
                // any negative value means never, as kafka-clients' Selector reads it
                row(CONNECTIONS_MAX_IDLE_MS, LONG, (s, v) -> s.connectionsMaxIdleMs = v, s -> s.connectionsMaxIdleMs)
                        .withDefault(540_000L)
                        .withDoc("Close idle connections after this; negative: never."),
                resolvedLater(
                                RECONNECT_BACKOFF_MS,
                                LONG,
                                "50",
                                (s, v) -> s.reconnectBackoffMs = v,
                                s -> s.reconnectBackoffMs)
                        .withDoc("The first reconnect backoff."),
                resolvedLater(
                                RECONNECT_BACKOFF_MAX_MS,
                                LONG,
                                "1000",
                                (s, v) -> s.reconnectBackoffMaxMs = v,
                                s -> s.reconnectBackoffMaxMs)
                        .withDoc("The cap of the exponential reconnect backoff; left unset while "
                                + "`reconnect.backoff.ms` is set, the backoff is constant."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                SEND_BUFFER_BYTES,
                                128 * 1024,
                                -1,
                                (s, v) -> s.sendBufferBytes = v,
                                s -> s.sendBufferBytes)
                        .withDoc("`SO_SNDBUF`; -1 for the OS default."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                RECEIVE_BUFFER_BYTES,
                                32 * 1024,
                                -1,
                                (s, v) -> s.receiveBufferBytes = v,
                                s -> s.receiveBufferBytes)
                        .withDoc("`SO_RCVBUF`; -1 for the OS default."),
                row(KEY_SERIALIZER, CLASS_NAME, (s, v) -> s.keySerializer = v, s -> s.keySerializer)
                        .withDoc("A `Serializer` class (kafka-clients' built-in names are understood)."),
                row(VALUE_SERIALIZER, CLASS_NAME, (s, v) -> s.valueSerializer = v, s -> s.valueSerializer)
                        .withDoc("The same for values."),
                row(TRANSACTIONAL_ID, STRING, (s, v) -> s.transactionalId = v, s -> s.transactionalId)
                        .validatedBy(v -> v.isEmpty() ? "must be a non-empty string" : null)
                        .withDoc("Enables transactions (and needs idempotence)."),
                ConfigRows.<ProducerSettings>atLeast(
                                INT,
                                TRANSACTION_TIMEOUT_MS,
                                60_000,
                                1,
                                (s, v) -> s.transactionTimeoutMs = v,
                                s -> s.transactionTimeoutMs)
                        .withDoc("The coordinator aborts transactions open longer."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
                                10_000L,
                                0,
                                (s, v) -> s.connectionSetupTimeoutMs = v,
                                s -> s.connectionSetupTimeoutMs)
                        .withDoc("The first connection attempt's limit for TCP and TLS set-up."),
                ConfigRows.<ProducerSettings>atLeastLong(
                                LONG,
                                SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS,
                                30_000L,
                                0,
                                (s, v) -> s.connectionSetupTimeoutMaxMs = v,
                                s -> s.connectionSetupTimeoutMaxMs)
                        .withDoc("The cap as that limit doubles per failed attempt."));
    }

    private static <T> ConfigKey<ProducerSettings, T> row(
            String key,
            ConfigType<T> type,
            BiConsumer<ProducerSettings, T> setter,
            Function<ProducerSettings, T> getter) {
        return ConfigKey.of(key, type, setter, getter);
    }

    /** A number left null while unset: a rule depends on whether it was set (see the {@code resolve} methods). */
    private static <T extends Number> ConfigKey<ProducerSettings, T> resolvedLater(
            String key,
            ConfigType<T> type,
            String defaultDoc,
            BiConsumer<ProducerSettings, T> setter,
            Function<ProducerSettings, T> getter) {
        return row(key, type, setter, getter)
                .withDefaultDoc(defaultDoc)
                .validatedBy(v -> v.longValue() < 0 ? "must be at least 0" : null);
    }

    /** Each entry must exist, implement the role and have a public no-argument constructor. */
    private static List<String> plugins(String key, List<String> classNames, Class<?> role) {
        for (String className : classNames) {
            if (!(role == MetricsReporter.class && JMX_REPORTER.equals(className))) {
                Plugins.checkPluginClass(key, className, classNames, role);
            }
        }
        return withoutDuplicates(key, classNames);
    }

    private static void bootstrapServers(ProducerSettings settings, List<String> servers) {
        settings.bootstrapServers = BootstrapAddresses.checked(withoutDuplicates(BOOTSTRAP_SERVERS, servers));
    }

    /**
     * As kafka-clients 4.4 takes these lists: an entry named twice counts once, with a warning; else an
     * interceptor listed twice would see every record twice.
     */
    private static List<String> withoutDuplicates(String key, List<String> values) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
        if (distinct.size() < values.size()) {
            LOG.warn(
                    "Configuration '{}' lists {} with duplicate entries; each is used once: {}",
                    key,
                    Redaction.value(values),
                    Redaction.value(distinct));
        }
        return distinct;
    }

    /** A {@link Properties} object as a map: string properties first, then any other entries. */
    public static Map<String, Object> asMap(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        properties.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
        return map;
    }

    /**
     * Settings read from properties: each key of the table parsed and checked by its row; every
     * other key kept to pass on, and reported.
     *
     * @throws ConfigException naming the key, the value and what is allowed
     */
    public static ProducerSettings fromProperties(
            Map<String, ?> properties, Consumer<Set<String>> unknownKeysReporter) {
        Objects.requireNonNull(properties, "properties");
        properties.forEach((key, value) -> {
            // as kafka-clients: null leaves a key without default unset (transactional.id=null from a
            // framework's map means no transactions); a key with a default needs a value
            if (value == null && KEYS.knows(key) && KEYS.key(key).defaultValue() != null) {
                throw new ConfigException(key, null, "must not be null");
            }
        });
        ProducerSettings settings = KEYS.apply(properties, new ProducerSettings());
        Set<String> unknown = KEYS.unknownKeys(properties);
        unknown.forEach(key -> settings.passThrough.put(key, properties.get(key)));
        if (!unknown.isEmpty()) {
            unknownKeysReporter.accept(unknown);
        }
        return settings;
    }

    /**
     * One map often configures the producer, its serializers, their registry client and a consumer:
     * a key another component reads is passed on without a word (at debug); a kafka-clients producer
     * setting Ferry does not implement, and a key nobody is known to read, are worth a warning each.
     * Keys only: a value may be a secret.
     */
    public static void reportUnknownKeys(Set<String> keys) {
        Map<String, Set<String>> byOwner = new TreeMap<>();
        Set<String> notImplemented = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : keys) {
            if (KafkaProducerOnlyKeys.contains(key)) {
                notImplemented.add(key);
                continue;
            }
            KeyOwners.ownerOf(key, KEYS)
                    .ifPresentOrElse(
                            owner -> byOwner.computeIfAbsent(owner, o -> new TreeSet<>())
                                    .add(key),
                            () -> unknown.add(key));
        }
        byOwner.forEach((owner, owned) ->
                LOG.debug("Passing {} on to serializers and the partitioner: keys of {}", owned, owner));
        if (!notImplemented.isEmpty()) {
            LOG.warn(
                    "kafka-clients producer settings {} are not implemented by Ferry's producer and have no effect; "
                            + "they are still passed to serializers and the partitioner",
                    notImplemented);
        }
        if (!unknown.isEmpty()) {
            LOG.warn(
                    "Unknown producer configuration keys {}: no Ferry component or Kafka client is known to read them; "
                            + "they are still passed to serializers and the partitioner",
                    unknown);
        }
    }

    /** As kafka-clients, a backoff above its cap is the cap, constant; said once, when the config is built. */
    public void warnOfConstantRetryBackoff() {
        if (retryBackoffMs > retryBackoffMaxMs) {
            LOG.warn(
                    "{}={} is greater than {}={}: retries back off by a constant {} ms",
                    RETRY_BACKOFF_MS,
                    retryBackoffMs,
                    RETRY_BACKOFF_MAX_MS,
                    retryBackoffMaxMs,
                    retryBackoffMaxMs);
        }
    }

    /**
     * Whether idempotence is in effect. The same rules, in the same order, as kafka-clients'
     * ProducerConfig: conflicts quietly disable an idempotence that was only defaulted, and are errors
     * when it was asked for.
     */
    public boolean resolveIdempotence() {
        boolean requested = Boolean.TRUE.equals(enableIdempotence);
        if (!(enableIdempotence == null || enableIdempotence)) {
            return false;
        }
        boolean disable = false;
        if (retries == 0) {
            if (requested) {
                throw new ConfigException(RETRIES, 0, "must be greater than 0 when " + ENABLE_IDEMPOTENCE + " is true");
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
                    "must be at most " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " when idempotence is enabled (set "
                            + ENABLE_IDEMPOTENCE + "=false to allow more)");
        }
        return !disable;
    }

    /** The delivery timeout in effect: as set, or at least linger.ms + request.timeout.ms if left unset. */
    public int resolveDeliveryTimeout() {
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
                    "must be at least " + LINGER_MS + " + " + REQUEST_TIMEOUT_MS + " = " + lingerMs + " + "
                            + requestTimeoutMs + " = " + lingerAndRequest);
        }
        return deliveryTimeoutMs;
    }

    /** As kafka-clients: a reconnect backoff set without its cap is used as a constant backoff. */
    public long resolveReconnectBackoffMax() {
        return reconnectBackoffMaxMs != null
                ? reconnectBackoffMaxMs
                : reconnectBackoffMs != null ? reconnectBackoffMs : 1000;
    }

    /**
     * Whether the producer registers its MBeans: as kafka-clients 4.x, when {@code metric.reporters}
     * names the JMX reporter; as kafka-clients 3.x also when {@code auto.include.jmx.reporter} is
     * true, and not when it is false and {@code metric.reporters} was left unset.
     */
    public boolean resolveJmx() {
        return metricReporters != null
                ? metricReporters.contains(JMX_REPORTER) || Boolean.TRUE.equals(autoIncludeJmxReporter)
                : !Boolean.FALSE.equals(autoIncludeJmxReporter);
    }

    /**
     * A copy with every value in effect, none left null to the rules: what {@code ProducerConfig}'s
     * getters and the plugins see, while this object keeps what was set for {@code toBuilder()}.
     */
    public ProducerSettings inEffect(boolean idempotence, int deliveryTimeout, String effectiveClientId) {
        ProducerSettings effective = copy();
        effective.enableIdempotence = idempotence;
        effective.deliveryTimeoutMs = deliveryTimeout;
        effective.reconnectBackoffMs = reconnectBackoffMs != null ? reconnectBackoffMs : 50;
        effective.reconnectBackoffMaxMs = resolveReconnectBackoffMax();
        effective.clientId = effectiveClientId;
        if (metricReporters == null) {
            effective.metricReporters = List.of(JMX_REPORTER);
        }
        return effective;
    }

    /** The pass-through keys, then every key's value, under its kafka-clients name. */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>(passThrough);
        values.putAll(KEYS.values(this));
        return values;
    }

    private static String text(Object value) {
        return STRING.parse().apply(value);
    }
}
