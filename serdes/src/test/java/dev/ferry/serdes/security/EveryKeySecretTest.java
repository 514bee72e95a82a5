package dev.ferry.serdes.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.Headers;
import dev.ferry.common.Password;
import dev.ferry.common.internal.config.ConfigKey;
import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.KeyOwners;
import dev.ferry.common.testing.LogCapture;
import dev.ferry.producer.FerryProducer;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.producer.internal.config.ProducerSettings;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.internal.config.RegistrySettings;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.internal.config.SerdeSettings;
import dev.ferry.testkit.TestCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key the producer, the registry client and the serdes read, fed a recognisable secret in
 * every malformed shape we could think of, and in valid shapes that fail later at run time (an
 * unreachable registry, a wrong key password): nothing Ferry prints holds it. Captured per case:
 * the logs (slf4j-simple, Ferry at DEBUG), the whole exception chain (messages, causes, suppressed,
 * stack trace text), and the {@code toString()} of every config and client built.
 *
 * <p>Keys come from the key tables the configs are declared in ({@code ProducerSettings},
 * {@code RegistrySettings}, {@code SerdeSettings}: names, aliases, one key per prefix family), so a new
 * key is covered without touching this test; and a row whose name says it holds a secret must be
 * flagged secret in its table, which is where {@code Redaction} learns it. A value in a secret-named key must never show, whatever its shape. A
 * value whose shape marks a secret (URL user info, a {@code password=} option, quotes, a private
 * key, control characters, great length, an object's fields) must never show in any key. Plain text
 * in a plain key may be echoed (kafka-clients does the same), so those cases check only the secrets
 * of the base configuration around them.
 */
class EveryKeySecretTest {
    /** In every secret a shape puts into a key. */
    private static final String MARK = "S3cr3t";
    /** In every secret of the base configurations, which no case may print either. */
    private static final String BASE_MARK = "Ba5eKey";

    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** A shape that sets max.retries to a number must not make the case wait for real backoff. */
    private static final Map<String, Object> QUICK_RETRIES =
            Map.of("max.retries", "0", "retries.wait.ms", "0", "retries.max.wait.ms", "10");

    @TempDir
    static Path dir;

    static TestCertificate certificate;
    static int closedPort;
    static final Map<String, Integer> CASES = new LinkedHashMap<>();

    record Shape(String name, Function<Integer, Object> value, boolean marksSecret) {
        Object valueFor(int port) {
            return value.apply(port);
        }
    }

    record Base(String name, Map<String, Object> properties) {}

    /** What a case printed, and whether it got past the config to run time. */
    record Outcome(String text, boolean built) {}

    private record Credentials(String user, String password) {}

    @BeforeAll
    static void setUp() throws IOException {
        certificate = TestCertificate.selfSigned(dir, "every-key");
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void report() {
        int total = CASES.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("EveryKeySecretTest: " + total + " (key x shape) cases checked for the secret itself "
                + CASES + ", each with the base configurations' secrets checked too");
    }

    static List<Shape> shapes() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIG" + MARK + "AAAA" + MARK + "\n-----END PRIVATE KEY-----";
        return List.of(
                new Shape("bare", port -> MARK + "-pa55!", false),
                new Shape("non-ASCII", port -> "pässwörd-" + MARK + "-€", false),
                new Shape("user:password", port -> "app:" + MARK + "-pa55!", false),
                new Shape(
                        "JAAS, password pasted without its name",
                        port -> PLAIN_MODULE + " required " + MARK + "-pa55;",
                        false),
                new Shape("StringBuilder", port -> new StringBuilder(MARK + "-pa55!"), false),
                new Shape("quoted", port -> "\"" + MARK + "-pa55!\"", true),
                new Shape("unbalanced quote", port -> "\"" + MARK + "-pa55!", true),
                new Shape(
                        "JAAS line",
                        port -> PLAIN_MODULE + " required username=\"app\" password=\"" + MARK + "-pa55!\";",
                        true),
                new Shape(
                        "JAAS, unbalanced quote",
                        port -> PLAIN_MODULE + " required username=\"app\" password=\"" + MARK + "!;",
                        true),
                new Shape(
                        "JAAS, unquoted, no ';'", port -> PLAIN_MODULE + " required password=" + MARK + "-pa55", true),
                new Shape("JAAS, quoted module", port -> "\"" + MARK + "-pa55!\" required;", true),
                new Shape("URL with user info", port -> "http://app:" + MARK + "-pa55!@127.0.0.1:" + port, true),
                new Shape("URL, space in the path", port -> "http://app:" + MARK + "@127.0.0.1:" + port + "/a b", true),
                new Shape("URL, bad %", port -> "http://app:" + MARK + "%zz@127.0.0.1:" + port, true),
                new Shape("URL, ',' in the password", port -> "http://app:" + MARK + ",x@127.0.0.1:" + port, true),
                new Shape("URL, '/' in the password", port -> "http://app:" + MARK + "/x@127.0.0.1:" + port, true),
                new Shape("URL, '#' in the password", port -> "http://app:" + MARK + "#x@127.0.0.1:" + port, true),
                new Shape("URL, '@' in the password", port -> "http://app:" + MARK + "@x@127.0.0.1:" + port, true),
                new Shape("URL without scheme", port -> "app:" + MARK + "@127.0.0.1:" + port, true),
                new Shape("URL, non-ASCII", port -> "http://äpp:" + MARK + "€@127.0.0.1:" + port, true),
                new Shape("URL, unbalanced IPv6 bracket", port -> "http://app:" + MARK + "@[::1", true),
                new Shape(
                        "URL list",
                        port -> "http://127.0.0.1:" + port + ",https://app:" + MARK + "@127.0.0.1:" + port + "/a b",
                        true),
                new Shape("path with user info", port -> "/tmp/app:" + MARK + "@h/store.p12", true),
                new Shape("NUL in a path", port -> "/tmp/app:" + MARK + "@h\0/store.p12", true),
                new Shape("newline", port -> "x\n" + MARK + "-pa55", true),
                new Shape("bidi override", port -> "x\u202e" + MARK, true),
                new Shape("PEM private key", port -> pem, true),
                new Shape("PEM private key, one line", port -> pem.replace('\n', ' '), true),
                new Shape("huge", port -> "x".repeat(100_000) + MARK + "x".repeat(100_000), true),
                new Shape("huge URL", port -> "http://app:" + "x".repeat(100_000) + MARK + "@127.0.0.1:" + port, true),
                new Shape("object with the secret in a field", port -> new Credentials("app", MARK + "-pa55!"), true),
                new Shape(
                        "StringBuilder with a URL",
                        port -> new StringBuilder("http://app:" + MARK + "@127.0.0.1:" + port),
                        true),
                new Shape(
                        "list with a URL",
                        port -> List.of("127.0.0.1:" + port, "http://app:" + MARK + "@127.0.0.1:" + port),
                        true),
                new Shape("Password", port -> new Password(MARK + "-pa55!"), true),
                new Shape("empty", port -> "", true),
                new Shape("blank", port -> "   ", true),
                new Shape("a number where text goes", port -> 42, true));
    }

    /** A key whose value is a credential by its name, as the README promises to hide. */
    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.matches(".*(password|secret|token|user\\.info|jaas|private).*")
                || lower.endsWith(".key")
                || lower.startsWith("request.header.");
    }

    /** Every key of the tables, by name and alias; a prefix family gets one key. */
    static Set<String> tableKeys(ConfigTable<?>... tables) {
        Set<String> keys = new TreeSet<>();
        for (ConfigTable<?> table : tables) {
            for (ConfigKey<?, ?> key : table.keys()) {
                keys.add(key.name());
                keys.addAll(key.aliases());
            }
            table.prefixes().forEach(prefix -> keys.add(prefix.prefix() + "X-Api-Key"));
        }
        return keys;
    }

    /** Secrecy by construction: a row whose name says it holds a secret is flagged secret in its table. */
    @Test
    void everyTableRowThatHoldsASecretIsFlaggedSecret() {
        List<String> unflagged = new ArrayList<>();
        int secrets = 0;
        for (ConfigTable<?> table : List.of(ProducerSettings.KEYS, RegistrySettings.KEYS, SerdeSettings.KEYS)) {
            for (ConfigKey<?, ?> key : table.keys()) {
                for (String name : names(key)) {
                    if (isSecretKey(name)) {
                        secrets++;
                        if (!key.secret()) {
                            unflagged.add(table.component() + ": " + name);
                        }
                    }
                }
            }
            for (var prefix : table.prefixes()) {
                if (isSecretKey(prefix.prefix() + "X-Api-Key") && !prefix.secret()) {
                    unflagged.add(table.component() + ": " + prefix.prefix() + "*");
                }
            }
        }
        assertThat(secrets).as("secret rows found").isGreaterThanOrEqualTo(12);
        assertThat(unflagged)
                .as("rows holding a secret without the secret flag")
                .isEmpty();
        assertThat(KeyOwners.tables())
                .as("the tables Redaction asks")
                .contains(ProducerSettings.KEYS, RegistrySettings.KEYS, SerdeSettings.KEYS);
    }

    private static List<String> names(ConfigKey<?, ?> key) {
        List<String> names = new ArrayList<>(key.aliases());
        names.add(0, key.name());
        return names;
    }

    private static Map<String, Object> registryBase(int port) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("schema.registry.url", "http://127.0.0.1:" + port);
        base.putAll(QUICK_RETRIES);
        base.put("basic.auth.credentials.source", "USER_INFO");
        base.put("basic.auth.user.info", "app:" + BASE_MARK + "-user-info");
        base.put("request.header.X-Tenant-Key", BASE_MARK + "-header");
        return base;
    }

    private static Map<String, Object> registryTlsBase(int port) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("schema.registry.url", "https://127.0.0.1:" + port);
        base.putAll(QUICK_RETRIES);
        base.put("bearer.auth.token", BASE_MARK + "-token");
        base.put(
                "schema.registry.ssl.truststore.location",
                certificate.certificateFile().toString());
        base.put("schema.registry.ssl.truststore.type", "PEM");
        base.put("schema.registry.ssl.keystore.location", certificate.keyStore().toString());
        base.put("schema.registry.ssl.keystore.type", "PKCS12");
        base.put("schema.registry.ssl.keystore.password", certificate.password());
        return base;
    }

    private static Map<String, Object> producerBase(int port) {
        Map<String, Object> base = new LinkedHashMap<>(registryBase(port));
        base.put("schema.registry.url", "http://app:" + BASE_MARK + "-url@127.0.0.1:" + port);
        base.put("bootstrap.servers", "127.0.0.1:" + port);
        base.put("sasl.jaas.config", PLAIN_MODULE + " required username=\"app\" password=\"" + BASE_MARK + "-jaas\";");
        return base;
    }

    private static Map<String, Object> producerSaslSslBase(int port) {
        Map<String, Object> base = producerBase(port);
        base.put("security.protocol", "SASL_SSL");
        base.put("sasl.mechanism", "SCRAM-SHA-512");
        base.put("ssl.truststore.location", certificate.certificateFile().toString());
        base.put("ssl.truststore.type", "PEM");
        base.put("ssl.keystore.location", certificate.keyStore().toString());
        base.put("ssl.keystore.type", "PKCS12");
        base.put("ssl.keystore.password", certificate.password());
        return base;
    }

    /** The producer's own keys and those it passes on to serializers: the same file usually holds both. */
    @Test
    void producerConfig() {
        Set<String> keys = tableKeys(ProducerSettings.KEYS, RegistrySettings.KEYS, SerdeSettings.KEYS);
        assertThat(keys)
                .contains("bootstrap.servers", "sasl.jaas.config", "ssl.keystore.key", "ssl.truststore.password")
                .containsAll(ProducerConfig.knownKeys());

        check(
                "producer",
                keys,
                List.of(
                        new Base("PLAINTEXT", producerBase(closedPort)),
                        new Base("SASL_SSL", producerSaslSslBase(closedPort))),
                properties -> {
                    ProducerConfig config = ProducerConfig.fromProperties(properties);
                    return config + "\n" + config.security() + "\n" + config.pluginConfigs();
                });
    }

    @Test
    void registryClientConfig() {
        Set<String> keys = tableKeys(RegistrySettings.KEYS);
        assertThat(keys)
                .contains(
                        "schema.registry.url",
                        "basic.auth.user.info",
                        "bearer.auth.token",
                        "request.header.X-Api-Key",
                        "schema.registry.ssl.keystore.key");

        check(
                "registry client",
                keys,
                List.of(
                        new Base("http with basic auth", registryBase(closedPort)),
                        new Base("https with a bearer token and a client certificate", registryTlsBase(closedPort))),
                properties -> {
                    SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(properties);
                    StringBuilder text =
                            new StringBuilder(config.toString()).append('\n').append(config.ssl());
                    try (SchemaRegistryClient client = SchemaRegistryClients.create(config)) {
                        text.append('\n').append(client);
                        text.append('\n').append(failureText(() -> client.subjects()));
                    }
                    return text.toString();
                });
    }

    /** The serdes' own keys and the registry client's, which a serializer's configuration carries. */
    @Test
    void serdesConfig() {
        Set<String> keys = tableKeys(SerdeSettings.KEYS, RegistrySettings.KEYS);
        assertThat(keys).contains("auto.register.schemas", "value.subject.name.strategy", "json.value.type");

        check("serdes", keys, List.of(new Base("registry with basic auth", registryBase(closedPort))), properties -> {
            SerdeConfig config = SerdeConfig.fromProperties(properties);
            StringBuilder text = new StringBuilder(config.toString());
            try (AvroSerializer<Object> serializer = new AvroSerializer<>()) {
                serializer.configure(properties, false);
                text.append('\n').append(serializer);
                text.append('\n').append(failureText(() -> serializer.serialize("orders", new Headers(), "order-1")));
            }
            return text.toString();
        });
    }

    /** A producer whose broker and registry are unreachable, every secret set: its logs, failure and metrics. */
    @Test
    void aProducerThatReachesNeitherBrokerNorRegistry() {
        Map<String, Object> properties = producerSaslSslBase(closedPort);
        properties.put("value.serializer", AvroSerializer.class.getName());
        properties.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put("max.block.ms", "300");
        properties.put("reconnect.backoff.ms", "10");

        Outcome outcome = run(properties, props -> {
            try (FerryProducer<String, Object> producer = new FerryProducer<>(props)) {
                String failure = failureText(() -> producer.send(new ProducerRecord<>("orders", "k", "order-1"))
                        .get());
                return failure + "\n" + producer.metrics() + "\n" + producer;
            }
        });

        assertThat(outcome.built()).as(outcome.text()).isTrue();
        assertThat(outcome.text()).contains("TimeoutException").doesNotContain(BASE_MARK, certificate.password());
    }

    private interface Step {
        String run(Map<String, Object> properties) throws Exception;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void check(String family, Set<String> keys, List<Base> bases, Step step) {
        List<Shape> shapes = shapes();
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        int built = 0;
        int rejected = 0;
        for (Base base : bases) {
            Outcome alone = run(base.properties(), step);
            assertThat(alone.built())
                    .as("%s base '%s' builds on its own: %s", family, base.name(), alone.text())
                    .isTrue();
            for (String key : keys) {
                for (Shape shape : shapes) {
                    Map<String, Object> properties = new LinkedHashMap<>(base.properties());
                    properties.put(key, shape.valueFor(closedPort));
                    Outcome outcome = run(properties, step);
                    boolean secretMustNotShow = isSecretKey(key) || shape.marksSecret();
                    List<String> forbidden = new ArrayList<>(List.of(BASE_MARK, certificate.password()));
                    if (secretMustNotShow) {
                        forbidden.add(MARK);
                        checked++;
                    }
                    for (String secret : forbidden) {
                        int at = outcome.text().indexOf(secret);
                        if (at >= 0) {
                            leaks.add(family + " [" + base.name() + "] " + key + " = <" + shape.name() + ">: ..."
                                    + excerpt(outcome.text(), at) + "...");
                        }
                    }
                    if (outcome.built()) {
                        built++;
                    } else {
                        rejected++;
                    }
                }
            }
        }
        CASES.put(family, checked);
        System.out.println(family + ": " + keys.size() + " keys x " + shapes.size() + " shapes x " + bases.size()
                + " bases; " + checked + " cases checked for the secret itself; " + built + " built and ran, "
                + rejected + " rejected");
        assertThat(built).as("cases that got past the config to run time").isPositive();
        assertThat(rejected).as("cases the config rejected").isPositive();
        assertThat(leaks).as("secrets printed").isEmpty();
    }

    private static Outcome run(Map<String, Object> properties, Step step) {
        try (LogCapture logs = new LogCapture()) {
            String text;
            boolean built;
            try {
                text = step.run(properties);
                built = true;
            } catch (Exception | Error e) {
                text = chainText(e);
                built = false;
            }
            return new Outcome(text + "\n" + logs.text(), built);
        }
    }

    private static String failureText(Call call) {
        try {
            call.run();
        } catch (Exception e) {
            return chainText(e);
        }
        throw new AssertionError("expected a failure at run time: the registry at port " + closedPort + " is closed");
    }

    /** Message, toString and stack trace text of the failure, its causes and suppressed exceptions. */
    private static String chainText(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        StringBuilder text = new StringBuilder(trace.toString());
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable next = pending.remove(pending.size() - 1);
            if (next == null || !seen.add(next)) {
                continue;
            }
            text.append('\n')
                    .append(next.getMessage())
                    .append('\n')
                    .append(next.getLocalizedMessage())
                    .append('\n')
                    .append(next);
            pending.add(next.getCause());
            pending.addAll(List.of(next.getSuppressed()));
        }
        return text.toString();
    }

    private static String excerpt(String text, int at) {
        return text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 40))
                .replace('\n', ' ');
    }
}
