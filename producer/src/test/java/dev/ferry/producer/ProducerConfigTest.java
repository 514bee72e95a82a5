package dev.ferry.producer;

import static dev.ferry.producer.ProducerConfig.KEY_SERIALIZER;
import static dev.ferry.producer.ProducerConfig.VALUE_SERIALIZER;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.ConfigException;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.producer.internal.config.Plugins;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Checks defaults, validation and cross-field rules against kafka-clients' own
 * {@code ProducerConfig} (and {@code KafkaProducer}'s delivery-timeout rule) as the oracle.
 */
class ProducerConfigTest {

    /** Keys whose effective values both clients expose in the same form. */
    private static final List<String> COMPARABLE_KEYS = List.of(
            "enable.idempotence",
            "batch.size",
            "linger.ms",
            "buffer.memory",
            "max.block.ms",
            "compression.type",
            "compression.gzip.level",
            "compression.lz4.level",
            "compression.zstd.level",
            "max.request.size",
            "request.timeout.ms",
            "retries",
            "retry.backoff.ms",
            "retry.backoff.max.ms",
            "max.in.flight.requests.per.connection",
            "metadata.max.age.ms",
            "partitioner.ignore.keys",
            "partitioner.adaptive.partitioning.enable",
            "partitioner.availability.timeout.ms",
            "connections.max.idle.ms",
            "reconnect.backoff.ms",
            "reconnect.backoff.max.ms",
            "send.buffer.bytes",
            "receive.buffer.bytes",
            "transaction.timeout.ms",
            "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms",
            "sasl.mechanism",
            "ssl.protocol",
            "ssl.endpoint.identification.algorithm",
            "ssl.keystore.type",
            "ssl.truststore.type",
            "ssl.keymanager.algorithm",
            "ssl.trustmanager.algorithm");

    private static Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return props;
    }

    private static org.apache.kafka.clients.producer.ProducerConfig kafka(Map<String, Object> props) {
        return new org.apache.kafka.clients.producer.ProducerConfig(props);
    }

    private static Throwable kafkaError(Map<String, Object> props) {
        try {
            kafka(props);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertSameEffectiveValues(
            ProducerConfig ferry, org.apache.kafka.clients.producer.ProducerConfig kafka) {
        Map<String, Object> ours = ferry.pluginConfigs();
        for (String key : COMPARABLE_KEYS) {
            assertThat(String.valueOf(ours.get(key)))
                    .as(key)
                    .isEqualTo(String.valueOf(kafka.values().get(key)));
        }
        assertThat(ferry.acks().wireValue()).isEqualTo(Short.parseShort(kafka.getString("acks")));
    }

    @Test
    void defaultsAreKafkaClientsDefaults() {
        // given only the required settings
        Map<String, Object> props = base();

        // when
        ProducerConfig config = ProducerConfig.fromProperties(props);

        // then
        assertSameEffectiveValues(config, kafka(props));
        assertThat(config.acks()).isEqualTo(Acks.ALL);
        assertThat(config.enableIdempotence()).isTrue();
        assertThat(config.batchSize()).isEqualTo(16384);
        assertThat(config.lingerMs()).isEqualTo(5);
        assertThat(config.bufferMemory()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(config.retries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.compressionType()).isEqualTo(CompressionType.NONE);
        assertThat(config.partitionerClass()).isNull();
        assertThat(config.transactionalId()).isNull();
        assertThat(config.clientId()).startsWith("producer-");
    }

    static Stream<Arguments> singleValues() {
        return Stream.of(
                Arguments.of("batch.size", "-1"),
                Arguments.of("batch.size", "0"),
                Arguments.of("batch.size", "abc"),
                Arguments.of("batch.size", "2147483648"),
                Arguments.of("linger.ms", "-1"),
                Arguments.of("linger.ms", "0"),
                Arguments.of("linger.ms", "1.5"),
                Arguments.of("buffer.memory", "-1"),
                Arguments.of("buffer.memory", "0"),
                Arguments.of("max.block.ms", "-1"),
                Arguments.of("max.block.ms", "0"),
                Arguments.of("acks", "2"),
                Arguments.of("acks", "all"),
                Arguments.of("acks", "-1"),
                Arguments.of("acks", "0"),
                Arguments.of("acks", "1"),
                Arguments.of("acks", "ALL"),
                Arguments.of("acks", " all "),
                Arguments.of("compression.type", "lz5"),
                Arguments.of("compression.type", "zstd"),
                Arguments.of("compression.type", "LZ4"),
                Arguments.of("compression.type", "snappy"),
                Arguments.of("compression.gzip.level", "-2"),
                Arguments.of("compression.gzip.level", "-1"),
                Arguments.of("compression.gzip.level", "0"),
                Arguments.of("compression.gzip.level", "1"),
                Arguments.of("compression.gzip.level", "9"),
                Arguments.of("compression.gzip.level", "10"),
                Arguments.of("compression.lz4.level", "0"),
                Arguments.of("compression.lz4.level", "1"),
                Arguments.of("compression.lz4.level", "17"),
                Arguments.of("compression.lz4.level", "18"),
                Arguments.of("compression.zstd.level", "-131073"),
                Arguments.of("compression.zstd.level", "-131072"),
                Arguments.of("compression.zstd.level", "22"),
                Arguments.of("compression.zstd.level", "23"),
                Arguments.of("max.request.size", "-1"),
                Arguments.of("request.timeout.ms", "-1"),
                Arguments.of("delivery.timeout.ms", "-1"),
                Arguments.of("retries", "-1"),
                Arguments.of("retries", "0"),
                Arguments.of("retry.backoff.ms", "-1"),
                Arguments.of("retry.backoff.max.ms", "-1"),
                Arguments.of("max.in.flight.requests.per.connection", "0"),
                Arguments.of("max.in.flight.requests.per.connection", "1"),
                Arguments.of("max.in.flight.requests.per.connection", "6"),
                Arguments.of("metadata.max.age.ms", "-1"),
                Arguments.of("partitioner.availability.timeout.ms", "-1"),
                Arguments.of("partitioner.ignore.keys", "yes"),
                Arguments.of("partitioner.ignore.keys", "TRUE"),
                Arguments.of("partitioner.adaptive.partitioning.enable", "false"),
                Arguments.of("connections.max.idle.ms", "-2"),
                Arguments.of("reconnect.backoff.ms", "-1"),
                Arguments.of("reconnect.backoff.max.ms", "-1"),
                Arguments.of("send.buffer.bytes", "-2"),
                Arguments.of("send.buffer.bytes", "-1"),
                Arguments.of("receive.buffer.bytes", "-2"),
                Arguments.of("receive.buffer.bytes", "-1"),
                Arguments.of("enable.idempotence", "maybe"),
                Arguments.of("transactional.id", ""),
                Arguments.of("transactional.id", "tx-1"),
                Arguments.of("bootstrap.servers", ""),
                Arguments.of("security.protocol", "PLAINTEXT"),
                Arguments.of("security.protocol", "plaintext"),
                Arguments.of("security.protocol", "SSL"),
                Arguments.of("security.protocol", "ssl"),
                Arguments.of("socket.connection.setup.timeout.ms", "0"),
                Arguments.of("socket.connection.setup.timeout.max.ms", "0"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("singleValues")
    void acceptsAndRejectsExactlyWhatKafkaClientsDoes(String key, String value) {
        // given
        Map<String, Object> props = base();
        props.put(key, value);

        // when
        Throwable kafkaRejection = kafkaError(props);
        Throwable ferryRejection = null;
        ProducerConfig ferry = null;
        try {
            ferry = ProducerConfig.fromProperties(props);
        } catch (ConfigException e) {
            ferryRejection = e;
        }

        // then
        assertThat(ferryRejection == null)
                .as("accepted by Ferry vs kafka-clients (%s)", kafkaRejection)
                .isEqualTo(kafkaRejection == null);
        if (ferryRejection != null) {
            assertThat(ferryRejection.getMessage()).contains(key);
            if (!value.isEmpty()) {
                assertThat(ferryRejection.getMessage()).contains(value.trim());
            }
        } else {
            assertSameEffectiveValues(ferry, kafka(props));
        }
    }

    static Stream<Arguments> idempotenceMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String idempotence : new String[] {null, "true", "false"}) {
            for (String acks : new String[] {"all", "1", "0"}) {
                for (String retries : new String[] {null, "0", "3"}) {
                    for (String inFlight : new String[] {null, "5", "6"}) {
                        for (String txId : new String[] {null, "tx"}) {
                            cases.add(Arguments.of(idempotence, acks, retries, inFlight, txId));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "enable.idempotence={0} acks={1} retries={2} max.in.flight={3} transactional.id={4}")
    @MethodSource("idempotenceMatrix")
    void idempotenceRulesMatchKafkaClients(
            String idempotence, String acks, String retries, String inFlight, String txId) {
        // given
        Map<String, Object> props = base();
        putIfNotNull(props, "enable.idempotence", idempotence);
        props.put("acks", acks);
        putIfNotNull(props, "retries", retries);
        putIfNotNull(props, "max.in.flight.requests.per.connection", inFlight);
        putIfNotNull(props, "transactional.id", txId);

        // when
        Throwable kafkaRejection = kafkaError(props);

        // then
        if (kafkaRejection != null) {
            assertThatThrownBy(() -> ProducerConfig.fromProperties(props)).isInstanceOf(ConfigException.class);
        } else {
            ProducerConfig ferry = ProducerConfig.fromProperties(props);
            assertThat(ferry.enableIdempotence()).isEqualTo(kafka(props).getBoolean("enable.idempotence"));
        }
    }

    @ParameterizedTest(name = "linger.ms={0} request.timeout.ms={1} delivery.timeout.ms={2}")
    @CsvSource(
            nullValues = "unset",
            value = {
                "unset, unset, unset", "100000, 30000, unset", "5, 30000, 30005", "5, 30000, 30004",
                "0, 0, 0", "1000, 1000, 1999", "2147483647, 2147483647, unset", "unset, unset, 119999"
            })
    void deliveryTimeoutRuleMatchesKafkaProducer(String linger, String requestTimeout, String deliveryTimeout)
            throws ReflectiveOperationException {
        // given
        Map<String, Object> props = base();
        putIfNotNull(props, "linger.ms", linger);
        putIfNotNull(props, "request.timeout.ms", requestTimeout);
        putIfNotNull(props, "delivery.timeout.ms", deliveryTimeout);

        // when
        Integer kafkaTimeout = kafkaDeliveryTimeout(props);

        // then
        if (kafkaTimeout == null) {
            assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("delivery.timeout.ms")
                    .hasMessageContaining("linger.ms + request.timeout.ms");
        } else {
            assertThat(ProducerConfig.fromProperties(props).deliveryTimeoutMs()).isEqualTo(kafkaTimeout);
        }
    }

    private static Integer kafkaDeliveryTimeout(Map<String, Object> props) throws ReflectiveOperationException {
        Method rule = KafkaProducer.class.getDeclaredMethod(
                "configureDeliveryTimeout",
                org.apache.kafka.clients.producer.ProducerConfig.class,
                org.slf4j.Logger.class);
        rule.setAccessible(true);
        try {
            return (Integer) rule.invoke(null, kafka(props), LoggerFactory.getLogger(ProducerConfigTest.class));
        } catch (InvocationTargetException e) {
            return null;
        }
    }

    @ParameterizedTest(name = "reconnect.backoff.ms={0} reconnect.backoff.max.ms={1}")
    @CsvSource(
            nullValues = "unset",
            value = {"unset, unset", "10, unset", "5000, unset", "10, 500", "unset, 200"})
    void reconnectBackoffCapMatchesKafkaClients(String backoff, String max) {
        // given
        Map<String, Object> props = base();
        putIfNotNull(props, "reconnect.backoff.ms", backoff);
        putIfNotNull(props, "reconnect.backoff.max.ms", max);

        // when
        ProducerConfig config = ProducerConfig.fromProperties(props);

        // then
        assertThat(config.reconnectBackoffMaxMs()).isEqualTo(kafka(props).getLong("reconnect.backoff.max.ms"));
    }

    @Test
    void kafkaClientsPropertiesFileWorksUnchanged() throws IOException {
        // given a properties file written for kafka-clients, which kafka-clients accepts
        Properties file = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/kafka-clients-producer.properties")) {
            file.load(in);
        }
        Map<String, Object> asMap = new HashMap<>();
        file.stringPropertyNames().forEach(name -> asMap.put(name, file.getProperty(name)));
        org.apache.kafka.clients.producer.ProducerConfig kafka = kafka(asMap);

        // when
        ProducerConfig ferry = ProducerConfig.fromProperties(file);

        // then
        assertSameEffectiveValues(ferry, kafka);
        assertThat(ferry.bootstrapServers()).isEqualTo(kafka.getList("bootstrap.servers"));
        assertThat(ferry.clientId()).isEqualTo(kafka.getString("client.id"));
        assertThat(ferry.compressionType()).isEqualTo(CompressionType.LZ4);
        assertThat(ferry.deliveryTimeoutMs()).isEqualTo(90_000);
        assertThat(ferry.keySerializer())
                .isEqualTo(kafka.getClass("key.serializer").getName());
        assertThat(ferry.valueSerializer())
                .isEqualTo(kafka.getClass("value.serializer").getName());
        assertThat(ferry.pluginConfigs()).containsEntry("schema.registry.url", "http://registry.example.com:8081");
        assertThat(Plugins.serializer(KEY_SERIALIZER, ferry.keySerializer(), ferry.pluginConfigs()))
                .isInstanceOf(StringSerializer.class);
        assertThat(Plugins.serializer(VALUE_SERIALIZER, ferry.valueSerializer(), ferry.pluginConfigs()))
                .isInstanceOf(ByteArraySerializer.class);
    }

    @Test
    void unknownKeysAreReportedOnceAndPassedToPlugins() {
        // given
        Map<String, Object> props = base();
        props.put("schema.registry.url", "http://registry:8081");
        props.put("confluent.monitoring.interceptor.topic", "_monitoring");
        AtomicReference<Set<String>> reported = new AtomicReference<>();
        List<Set<String>> reports = new ArrayList<>();

        // when
        ProducerConfig config = ProducerConfig.fromProperties(props, unknown -> {
            reports.add(unknown);
            reported.set(unknown);
        });

        // then
        assertThat(reports).hasSize(1);
        assertThat(reported.get()).containsExactly("confluent.monitoring.interceptor.topic", "schema.registry.url");
        assertThat(config.pluginConfigs())
                .containsEntry("schema.registry.url", "http://registry:8081")
                .containsEntry("confluent.monitoring.interceptor.topic", "_monitoring");
    }

    @Test
    void onlyKeysNobodyReadsAreWarnedAboutAndNeverAsIgnored() {
        // given
        Map<String, Object> props = base();
        props.put("schema.registry.url", "http://user:UnknownPa55@registry:8081");
        props.put("group.id", "orders");
        props.put("confluent.monitoring.interceptor.topic", "_monitoring");
        props.put("linger.mss", "UnknownPa56");

        // when
        String log = logOfParsing(props);

        // then
        List<String> warnings =
                log.lines().filter(line -> line.contains("WARN")).toList();
        assertThat(warnings)
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains(
                        "Unknown producer configuration keys [linger.mss]: no Ferry "
                                + "component or Kafka client is known to read them; they are still passed to serializers and the partitioner")
                .doesNotContain("schema.registry.url", "group.id", "confluent.monitoring");
        assertThat(log).doesNotContainIgnoringCase("ignoring").doesNotContain("UnknownPa55", "UnknownPa56");
    }

    /**
     * A key another component consumes is no mistake: it is said at DEBUG, naming who reads it, and
     * never as ignored (kafka-clients says "Ignoring unknown producer configuration keys"), its value
     * never at all.
     */
    @Test
    void aKeyAnotherComponentReadsIsNamedWithItsOwnerAtDebug() {
        // given
        Map<String, Object> props = base();
        props.put("schema.registry.url", "http://user:OwnedPa55@registry:8081");
        props.put("group.id", "orders");

        // when
        String log = logOfParsing(props);

        // then
        assertThat(log.lines().filter(line -> line.contains(" DEBUG ")))
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "ProducerSettings",
                                "Passing [schema.registry.url] on to serializers and the partitioner: keys of a "
                                        + "Confluent serializer, interceptor or schema registry client"))
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "ProducerSettings",
                                "Passing [group.id] on to serializers and the partitioner: keys of a Kafka "
                                        + "consumer, admin or Streams client"));
        assertThat(log)
                .doesNotContain("WARN")
                .doesNotContainIgnoringCase("ignoring")
                .doesNotContain("OwnedPa55");
    }

    /** What the producer logs while it reads {@code props}. */
    private static String logOfParsing(Map<String, Object> props) {
        try (LogCapture capture = new LogCapture()) {
            ProducerConfig.fromProperties(props);
            return capture.text();
        }
    }

    @Test
    void kafkaClientsDefaultClientIdFollowsTransactionalId() {
        // given
        Map<String, Object> props = base();
        props.put("transactional.id", "orders-tx");

        // when / then
        assertThat(ProducerConfig.fromProperties(props).clientId())
                .isEqualTo(kafka(props).getString("client.id"));
    }

    @Test
    void typedValuesAreAcceptedLikeKafkaClients() {
        // given
        Map<String, Object> props = base();
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        props.put("batch.size", 1000);
        props.put("linger.ms", 7L);
        props.put("enable.idempotence", Boolean.FALSE);
        props.put("bootstrap.servers", List.of("a:1", "b:2"));

        // when
        ProducerConfig config = ProducerConfig.fromProperties(props);

        // then
        assertThat(config.keySerializer()).isEqualTo("org.apache.kafka.common.serialization.StringSerializer");
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.lingerMs()).isEqualTo(7);
        assertThat(config.enableIdempotence()).isFalse();
        assertThat(config.bootstrapServers()).containsExactly("a:1", "b:2");
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "security.protocol|TLS|must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL",
                "sasl.mechanism|' '|must name a SASL mechanism",
                "socket.connection.setup.timeout.ms|-1|must be at least 0",
                "bootstrap.servers|localhost|each entry must be host:port",
                "bootstrap.servers|localhost:99999|port must be between 0 and 65535",
                "bootstrap.servers|localhost:http|numeric port",
                "transaction.timeout.ms|0|must be at least 1"
            })
    void ferrySpecificRulesNameKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        // given
        Map<String, Object> props = base();
        props.put(key, value);

        // when / then
        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(value)
                .hasMessageContaining(allowed);
    }

    /** An interceptor the configuration may name. */
    public static final class NamedInterceptor implements ProducerInterceptor<Object, Object> {
        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }
    }

    /** Cannot be created by name: its only constructor takes an argument. */
    public static final class InterceptorWithArguments implements ProducerInterceptor<Object, Object> {
        public InterceptorWithArguments(String argument) {}

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }
    }

    /** Another interceptor, to tell the call order apart. */
    public static final class OtherInterceptor implements ProducerInterceptor<Object, Object> {
        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }
    }

    @Test
    void interceptorClassesAreAListOfNamesOrClassesInCallOrder() {
        // given the two forms kafka-clients accepts
        Map<String, Object> names = base();
        names.put("interceptor.classes", OtherInterceptor.class.getName() + ", " + NamedInterceptor.class.getName());
        Map<String, Object> classes = base();
        classes.put("interceptor.classes", List.of(OtherInterceptor.class, NamedInterceptor.class.getName()));

        // when / then
        assertThat(ProducerConfig.fromProperties(names).interceptorClasses())
                .containsExactly(OtherInterceptor.class.getName(), NamedInterceptor.class.getName());
        assertThat(ProducerConfig.fromProperties(classes).pluginConfigs().get("interceptor.classes"))
                .isEqualTo(List.of(OtherInterceptor.class.getName(), NamedInterceptor.class.getName()));
        assertThat(ProducerConfig.fromProperties(base()).interceptorClasses()).isEmpty();
    }

    /** kafka-clients 4.4 drops a repeated entry with a warning; Ferry created the interceptor twice, each record seen twice. */
    @Test
    void anEntryListedTwiceCountsOnceWithAWarning() {
        Map<String, Object> props = base();
        props.put("bootstrap.servers", "a:9092, b:9092, a:9092");
        props.put(
                "interceptor.classes",
                List.of(NamedInterceptor.class, OtherInterceptor.class, NamedInterceptor.class.getName()));

        ProducerConfig config;
        String log;
        try (LogCapture capture = new LogCapture()) {
            config = ProducerConfig.fromProperties(props);
            log = capture.text();
        }

        assertThat(config.bootstrapServers()).containsExactly("a:9092", "b:9092");
        assertThat(config.interceptorClasses())
                .containsExactly(NamedInterceptor.class.getName(), OtherInterceptor.class.getName());
        assertThat(log.lines().filter(line -> line.contains("WARN") && line.contains("duplicate entries")))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("'bootstrap.servers'"))
                .anySatisfy(line -> assertThat(line).contains("'interceptor.classes'"));
    }

    /**
     * A framework's map may carry null for a key it does not use: kafka-clients leaves a key without
     * default unset, and still refuses null where a number is needed. Ferry refused every null.
     */
    @Test
    void nullLeavesAKeyWithoutDefaultUnsetAndIsRefusedWhereADefaultExists() {
        Map<String, Object> props = base();
        props.put("transactional.id", null);
        props.put("client.id", null);
        props.put("partitioner.class", null);

        ProducerConfig config = ProducerConfig.fromProperties(props);

        assertThat(config.transactionalId()).isNull();
        assertThat(config.partitionerClass()).isNull();
        assertThat(config.clientId()).startsWith("producer-");
        Map<String, Object> nullLinger = base();
        nullLinger.put("linger.ms", null);
        assertThatThrownBy(() -> ProducerConfig.fromProperties(nullLinger))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("linger.ms")
                .hasMessageContaining("must not be null");
    }

    /** kafka-clients 4.4 refuses an empty entry; Ferry skipped it, so a list cut short by a stray comma passed unseen. */
    @ParameterizedTest
    @ValueSource(strings = {"a:9092,", "a:9092,,b:9092", ",a:9092", "a:9092, ,b:9092"})
    void anEmptyEntryIsRefused(String servers) {
        Map<String, Object> props = base();
        props.put("bootstrap.servers", servers);

        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers")
                .hasMessageContaining("must not have an empty entry");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com.example.MissingInterceptor|must be a class on the class path",
                "java.lang.String|must be a class implementing dev.ferry.producer.ProducerInterceptor",
                "dev.ferry.producer.ProducerConfigTest$InterceptorWithArguments|must be a class with a public no-argument constructor"
            })
    void anInterceptorClassThatCannotBeCreatedIsRejectedWhenTheConfigurationIsBuilt(String className, String allowed) {
        // given
        Map<String, Object> props = base();
        props.put("interceptor.classes", NamedInterceptor.class.getName() + "," + className);

        // when / then
        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + className + "' for configuration interceptor.classes: " + allowed);
    }

    @ParameterizedTest(name = "metric.reporters={0} auto.include.jmx.reporter={1}: {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "unset",
            value = {
                "unset|unset|true",
                "''|unset|false",
                "org.apache.kafka.common.metrics.JmxReporter|unset|true",
                "unset|false|false",
                "unset|true|true",
                "org.apache.kafka.common.metrics.JmxReporter|false|true",
                "''|true|true"
            })
    void jmxIsOnByDefaultAndOffAsInKafkaClients4AndKafkaClients3(
            String reporters, String autoInclude, boolean enabled) {
        // given
        Map<String, Object> props = base();
        putIfNotNull(props, "metric.reporters", reporters);
        putIfNotNull(props, "auto.include.jmx.reporter", autoInclude);

        // when / then
        assertThat(ProducerConfig.fromProperties(props).jmxReporterEnabled()).isEqualTo(enabled);
    }

    /** A reporter the configuration may name. */
    public static final class NamedReporter implements MetricsReporter {
        @Override
        public void init(List<Metric> metrics) {}

        @Override
        public void metricChange(Metric metric) {}
    }

    @Test
    void metricReportersAreReporterClassesBesideTheJmxReporterName() {
        Map<String, Object> props = base();
        props.put("metric.reporters", NamedReporter.class.getName());

        ProducerConfig config = ProducerConfig.fromProperties(props);

        assertThat(config.metricReporters()).containsExactly(NamedReporter.class.getName());
        assertThat(config.jmxReporterEnabled())
                .as("as kafka-clients 4: listing reporters without JmxReporter turns JMX off")
                .isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com.example.StatsdReporter|must be a class on the class path",
                "java.lang.String|must be a class implementing dev.ferry.producer.MetricsReporter"
            })
    void aMetricReporterThatCannotBeCreatedIsRejectedByName(String className, String allowed) {
        Map<String, Object> props = base();
        props.put("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter," + className);

        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '" + className + "' for configuration metric.reporters: " + allowed);
    }

    @Test
    void bootstrapServersAreRequired() {
        assertThatThrownBy(() -> ProducerConfig.builder().build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void setterValidatesAtOnceWithExactMessage() {
        assertThatThrownBy(() -> ProducerConfig.builder().batchSize(-1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value -1 for configuration batch.size: must be at least 0");
        assertThatThrownBy(() -> ProducerConfig.builder().compressionLz4Level(18))
                .hasMessage("Invalid value 18 for configuration compression.lz4.level: must be between 1 and 17");
    }

    @Test
    void explicitIdempotenceConflictNamesTheConflictingKey() {
        assertThatThrownBy(() -> ProducerConfig.builder()
                        .bootstrapServers("h:1")
                        .enableIdempotence(true)
                        .acks(Acks.LEADER)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acks")
                .hasMessageContaining("must be all");
        assertThatThrownBy(() -> ProducerConfig.builder()
                        .bootstrapServers("h:1")
                        .maxInFlightRequestsPerConnection(6)
                        .build())
                .hasMessageContaining("max.in.flight.requests.per.connection")
                .hasMessageContaining("6")
                .hasMessageContaining("at most 5");
    }

    @Test
    void toBuilderKeepsEverySettingAndExplicitChoices() {
        // given a config where idempotence was asked for explicitly
        ProducerConfig original = ProducerConfig.builder()
                .bootstrapServers("h:1")
                .clientId("c")
                .enableIdempotence(true)
                .lingerMs(50)
                .compressionType(CompressionType.ZSTD)
                .passThrough("schema.registry.url", "http://r")
                .build();

        // when
        ProducerConfig derived = original.toBuilder().batchSize(1024).build();

        // then
        Map<String, Object> expected = new HashMap<>(original.pluginConfigs());
        expected.put("batch.size", 1024);
        assertThat(derived.pluginConfigs()).isEqualTo(expected);
        assertThatThrownBy(() -> original.toBuilder().acks(Acks.NONE).build())
                .as("explicit enable.idempotence=true survives toBuilder")
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void passThroughRejectsProducerKeys() {
        assertThatThrownBy(() -> ProducerConfig.builder().passThrough("linger.ms", 5))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("linger.ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.truststore.password", "ssl.keystore.password", "ssl.key.password"})
    void passThroughOfAKnownSecretKeyHidesTheValue(String key) {
        assertThatThrownBy(() -> ProducerConfig.builder().passThrough(key, "s3cret-value"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value [hidden] for configuration " + key + ": is a producer setting: use its setter");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bootstrap.servers|u:BootPa55@127.0.0.1:9092|Invalid value [hidden]@127.0.0.1:9092 for configuration bootstrap.servers: each entry must be host:port, the host made of",
                "bootstrap.servers|PLAINTEXT://u:BootPa55@h:9092|Invalid value PLAINTEXT://[hidden]@h:9092 for configuration bootstrap.servers",
                "bootstrap.servers|a:1,http://u:BootPa55,x@h:9092|Invalid value a:1,http://[hidden]@h:9092 for configuration bootstrap.servers",
                "linger.ms|http://u:BootPa55@h:1|Invalid value 'http://[hidden]@h:1' for configuration linger.ms: must be a long integer",
                "sasl.mechanism|PLAIN required password=\"BootPa55\";|Invalid value [hidden] for configuration sasl.mechanism",
                "acks|\"BootPa55\"|Invalid value [hidden] for configuration acks",
                "compression.type|x\\nBootPa55|Invalid value [hidden] for configuration compression.type",
            })
    void aRejectedValueIsShownWithoutWhatMayBeASecret(String key, String value, String message) {
        Map<String, Object> props = base();
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");
        props.put(key, value.translateEscapes());

        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .message()
                .doesNotContain("BootPa55");
    }

    @Test
    void toStringShowsEveryValueWithoutWhatMayBeASecret() {
        Map<String, Object> props = base();
        props.put("client.id", "http://app:ShownPa55@h:1");
        props.put("sasl.mechanism", "\"ShownPa55\"");

        ProducerConfig config = ProducerConfig.fromProperties(props);

        assertThat(config.toString()).contains("client.id=http://[hidden]@h:1").doesNotContain("ShownPa55");
        assertThat(config.security().toString())
                .contains("sasl.mechanism=[hidden]")
                .doesNotContain("ShownPa55");
    }

    @Test
    void anObjectOfTheWrongTypeIsNamedByItsTypeNotItsFields() {
        record Credentials(String user, String password) {}
        Map<String, Object> props = base();
        props.put("linger.ms", new Credentials("u", "ObjPa55"));

        assertThatThrownBy(() -> ProducerConfig.fromProperties(props))
                .hasMessage("Invalid value (a Credentials) for configuration linger.ms: must be a long integer");
    }

    private static void putIfNotNull(Map<String, Object> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }
}
