package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.Password;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.ConfigKeysContract;
import dev.ferry.producer.ProducerConfigTest.NamedInterceptor;
import dev.ferry.producer.ProducerConfigTest.NamedReporter;
import dev.ferry.producer.internal.config.ProducerSettings;
import dev.ferry.producer.internal.config.SecuritySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every key of {@link ProducerSettings#KEYS} (the security keys included): parsed, copied by
 * {@code toBuilder}, masked, rejected.
 */
class ProducerConfigKeysTest extends ConfigKeysContract<ProducerConfig> {
    private static final String PLAIN_JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"jaas-pw\";";
    private static final String CERTIFICATE_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    private static final String KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";

    ProducerConfigKeysTest() {
        super(
                ProducerSettings.KEYS,
                "config:producer",
                ProducerConfig::fromProperties,
                config -> config.toBuilder().build(),
                ProducerConfig::pluginConfigs);
    }

    @Override
    protected Map<String, Object> required() {
        // a fixed client.id: an unset one is numbered per build, so two builds would differ in it
        return Map.of("bootstrap.servers", "localhost:9092", "client.id", "keys-test");
    }

    @Override
    protected List<String> shown(ProducerConfig config, String key) {
        List<String> texts = new ArrayList<>(
                List.of(config.toString(), config.pluginConfigs().toString()));
        if (SecuritySettings.KEYS.knows(key)) {
            texts.add(config.security().toString());
        }
        return texts;
    }

    @Override
    protected List<Sample> samples() {
        return List.of(
                rejected(
                        "bootstrap.servers",
                        "a:1, b:2",
                        List.of("a:1", "b:2"),
                        "a",
                        "a",
                        "each entry must be host:port"),
                rejected("client.id", "app-1", "app-1", 42, "42", "must be a string"),
                oneOf("acks", "1", "1", "2", "all, -1, 0, 1"),
                bool("enable.idempotence", false),
                atLeast("batch.size", "1024", 1024, "0"),
                rejected("linger.ms", "10", 10L, "x", "'x'", "must be a long integer"),
                atLeast("buffer.memory", "1048576", 1048576L, "0"),
                atLeast("max.block.ms", "100", 100L, "0"),
                oneOf("compression.type", " lz4 ", "lz4", "brotli", "none, gzip, snappy, lz4, zstd"),
                between("compression.gzip.level", "5", 5, "10", "1 and 9, or -1 for the codec's default"),
                between("compression.lz4.level", "12", 12, "18", "1 and 17"),
                between("compression.zstd.level", "-5", -5, "23", "-131072 and 22"),
                atLeast("max.request.size", "2048", 2048, "0"),
                atLeast("request.timeout.ms", "1000", 1000, "0"),
                atLeast("delivery.timeout.ms", "200000", 200000, "0"),
                atLeast("retries", "3", 3, "0"),
                atLeast("retry.backoff.ms", "200", 200L, "0"),
                atLeast("retry.backoff.max.ms", "2000", 2000L, "0"),
                atLeast("max.in.flight.requests.per.connection", "3", 3, "1"),
                atLeast("metadata.max.age.ms", "1000", 1000L, "0"),
                atLeast("metadata.max.idle.ms", "60000", 60000L, "5000"),
                oneOf(
                        "client.dns.lookup",
                        " USE_ALL_DNS_IPS ",
                        "use_all_dns_ips",
                        "default",
                        "use_all_dns_ips, resolve_canonical_bootstrap_servers_only"),
                oneOf("metadata.recovery.strategy", " NONE ", "none", "never", "none, rebootstrap"),
                atLeast("metadata.recovery.rebootstrap.trigger.ms", "1000", 1000L, "0"),
                className(
                        "partitioner.class",
                        PartitionerTest.RegionPartitioner.class,
                        PartitionerTest.RegionPartitioner.class,
                        42,
                        "42"),
                rejected(
                        "interceptor.classes",
                        NamedInterceptor.class.getName(),
                        List.of(NamedInterceptor.class.getName()),
                        "no.Such",
                        "'no.Such'",
                        "must be a class on the class path"),
                rejected(
                        "metric.reporters",
                        List.of(ProducerConfig.JMX_REPORTER, NamedReporter.class),
                        List.of(ProducerConfig.JMX_REPORTER, NamedReporter.class.getName()),
                        "java.lang.String",
                        "'java.lang.String'",
                        "must be a class implementing " + MetricsReporter.class.getName()),
                bool("auto.include.jmx.reporter", false),
                bool("partitioner.ignore.keys", true),
                bool("partitioner.adaptive.partitioning.enable", false),
                atLeast("partitioner.availability.timeout.ms", "100", 100L, "0"),
                rejected("connections.max.idle.ms", "-5", -5L, "x", "'x'", "must be a long integer"),
                atLeast("reconnect.backoff.ms", "10", 10L, "0"),
                atLeast("reconnect.backoff.max.ms", "500", 500L, "0"),
                atLeast("send.buffer.bytes", "-1", -1, "-1"),
                atLeast("receive.buffer.bytes", "1024", 1024, "-1"),
                className("key.serializer", " dev.ferry.producer.StringSerializer ", StringSerializer.class, "", "''"),
                className("value.serializer", StringSerializer.class, StringSerializer.class, List.of(), "(a ListN)"),
                rejected("transactional.id", "tx-1", "tx-1", "", "''", "must be a non-empty string"),
                atLeast("transaction.timeout.ms", "1000", 1000, "1"),
                atLeast("socket.connection.setup.timeout.ms", "100", 100L, "0"),
                atLeast("socket.connection.setup.timeout.max.ms", "100", 100L, "0"),
                oneOf("security.protocol", "ssl", "SSL", "TLS", "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
                rejected("sasl.mechanism", " PLAIN ", "PLAIN", " ", "' '", "must name a SASL mechanism"),
                rejected(
                        "sasl.jaas.config",
                        PLAIN_JAAS,
                        new Password(PLAIN_JAAS),
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\";",
                        "[hidden]",
                        "the login module entry needs a password option"),
                rejected("ssl.protocol", "TLSv1.2", "TLSv1.2", "", "''", "must not be empty"),
                rejected(
                        "ssl.enabled.protocols",
                        "TLSv1.3",
                        List.of("TLSv1.3"),
                        " ",
                        "' '",
                        "must list at least one protocol, e.g. TLSv1.3"),
                rejected(
                        "ssl.cipher.suites",
                        List.of("TLS_AES_128_GCM_SHA256"),
                        List.of("TLS_AES_128_GCM_SHA256"),
                        42,
                        "42",
                        "must be a comma-separated string or a list"),
                rejected(
                        "ssl.endpoint.identification.algorithm",
                        "",
                        "",
                        "sometimes",
                        "'sometimes'",
                        "must be https (check the broker's host name against its certificate) or empty (no check)"),
                nonBlank("ssl.truststore.location", "/etc/kafka/trust.p12"),
                password("ssl.truststore.password"),
                storeType("ssl.truststore.type"),
                pem("ssl.truststore.certificates", CERTIFICATE_PEM, 42, "[hidden] (Integer)"),
                nonBlank("ssl.keystore.location", "/etc/kafka/client.p12"),
                password("ssl.keystore.password"),
                storeType("ssl.keystore.type"),
                password("ssl.key.password"),
                pem(
                        "ssl.keystore.certificate.chain",
                        CERTIFICATE_PEM,
                        new StringBuilder(CERTIFICATE_PEM),
                        "[hidden] (StringBuilder)"),
                pem("ssl.keystore.key", KEY_PEM, new StringBuilder(KEY_PEM), "[hidden]"),
                nonBlank("ssl.keymanager.algorithm", "PKIX"),
                nonBlank("ssl.trustmanager.algorithm", "SunX509"));
    }

    /**
     * A key whose {@code invalid} value is rejected as breaking {@code rule}; {@code shown} is how the
     * message renders that value (quoted when it has spaces or could be mistaken, hidden when secret).
     */
    private static Sample rejected(
            String key, Object valid, Object expected, Object invalid, String shown, String rule) {
        return new Sample(
                key, valid, expected, invalid, "Invalid value " + shown + " for configuration " + key + ": " + rule);
    }

    /** An enumerated key: the rejected value is shown as given, followed by the accepted {@code choices}. */
    private static Sample oneOf(String key, String valid, String expected, String invalid, String choices) {
        return rejected(key, valid, expected, invalid, invalid, "must be one of " + choices);
    }

    /** A class key: the config holds the class's name whether a name or a Class was given. */
    private static Sample className(String key, Object valid, Class<?> expected, Object invalid, String shown) {
        return rejected(key, valid, expected.getName(), invalid, shown, "must be a class or a class name");
    }

    /** A PEM key: a secret, so its value comes back as a Password. */
    private static Sample pem(String key, String pem, Object invalid, String shown) {
        return rejected(key, pem, new Password(pem), invalid, shown, "must be a string");
    }

    private static Sample bool(String key, boolean value) {
        return rejected(key, String.valueOf(value).toUpperCase(), value, "maybe", "'maybe'", "must be true or false");
    }

    /** A number key: one below {@code min} is rejected. */
    private static Sample atLeast(String key, String valid, Object expected, String min) {
        String below = String.valueOf(Long.parseLong(min) - 1);
        return rejected(key, valid, expected, below, "'" + below + "'", "must be at least " + min);
    }

    private static Sample between(String key, String valid, Object expected, String invalid, String range) {
        return rejected(key, valid, expected, invalid, "'" + invalid + "'", "must be between " + range);
    }

    private static Sample nonBlank(String key, String valid) {
        return rejected(key, " " + valid, valid, " ", "' '", "must not be empty");
    }

    private static Sample password(String key) {
        return rejected(key, " pw-" + key + " ", new Password("pw-" + key), 42, "[hidden]", "must be a string");
    }

    private static Sample storeType(String key) {
        return rejected(key, "pkcs12", "PKCS12", "", "''", "must not be empty");
    }

    @Test
    void theProducerKnowsEveryKeyOfTheTable() {
        assertThat(ProducerConfig.knownKeys())
                .containsExactlyInAnyOrderElementsOf(
                        samples().stream().map(Sample::key).toList());
    }

    @Test
    void otherComponentsKnowTheseKeysAsTheProducers() {
        ConfigTable<Object> other = new ConfigTable<>("another component", List.of(), List.of());

        assertThat(KeyOwners.ownerOf("linger.ms", other)).contains("the producer");
        assertThat(KeyOwners.ownerOf("sasl.jaas.config", other)).contains("the producer");
        assertThat(KeyOwners.ownerOf("linger.ms", ProducerSettings.KEYS)).isEmpty();
    }
}
