package dev.ferry.testkit.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.ferry.common.Headers;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import dev.ferry.testkit.junit.internal.ConfluentRestApi;
import dev.ferry.testkit.junit.internal.RegistryFaults;
import dev.ferry.testkit.junit.internal.RegistryResponder;
import dev.ferry.testkit.junit.internal.RestCall;
import dev.ferry.testkit.junit.internal.SchemaFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Confluent Schema Registry for tests: a WireMock server on a free loopback port that speaks the
 * registry's REST API (register, lookup, schemas by id, subjects and versions, latest, compatibility
 * checks, config and mode, deletes) with the content type {@code application/vnd.schemaregistry.v1+json}
 * and Confluent's error bodies ({@code {"error_code":40401,"message":"..."}}). Behind it is real
 * behaviour, not canned answers: ids are assigned, versions counted per subject, and compatibility is
 * judged by Ferry's own schema formats (Avro, Protobuf, JSON Schema), default level {@code BACKWARD},
 * so an incompatible schema gets {@code 409} with error_code {@code 40901} as from a real registry.
 *
 * <p>As a JUnit 5 extension: a {@code static} field gives one registry per test class, an instance
 * field one per test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();
 *
 * @Test
 * void registersOnce() {
 *     try (OrdersTopic orders = OrdersTopic.bind(Map.of("bootstrap.servers", kafka.bootstrapServers(),
 *             "schema.registry.url", registry.url()))) {
 *         orders.send(order1).join();
 *         orders.send(order2).join();
 *     }
 *     assertThat(registry.versions("ferry-orders-avro-value")).hasSize(1);
 *     assertThat(registry.requestCount(RegistryEndpoint.REGISTER)).isEqualTo(1);   // cached after the first
 * }
 * }</pre>
 *
 * <p>Without JUnit: {@code try (var registry = new WireMockSchemaRegistry().start()) { ... }}.
 *
 * <p>In a class-wide registry the schemas stay from test to test; the request counts start at zero
 * for every test (the WireMock request journal is reset before each) and the faults are healed after
 * each.
 *
 * <p><b>Faults</b>, until {@link #heal()}: {@link #refuseConnections()} (nothing listens),
 * {@link #down()} (connections reset), {@link #slow(Duration)},
 * {@link #failNext(int, int)} (5xx for N requests), {@link #unauthorized()} (401),
 * {@link #rejectAsIncompatible(String)} (409 for a subject). {@link #wireMock()} is the WireMock
 * server itself: its request journal, and stubs of your own, which win over the registry's (its
 * catch-all stub has priority {@value #CATCH_ALL_PRIORITY}).
 *
 * <p>Thread-safe once started: the application under test may call it from any thread.
 */
public final class WireMockSchemaRegistry
        implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The priority of the stub that serves the registry API; WireMock's stubs default to 5 and win. */
    public static final int CATCH_ALL_PRIORITY = 100;

    private final RegistryFaults faults = new RegistryFaults();
    private WireMockServer server;
    private SchemaRegistryClient store;
    private String scope;
    private ConfluentRestApi api;
    private boolean perTest;
    private boolean refusing;

    /** A registry, not started yet: call {@link #start()} or register it as a JUnit extension. */
    public WireMockSchemaRegistry() {}

    /**
     * Starts WireMock on a free port of 127.0.0.1 with an empty registry behind it.
     *
     * @return this
     * @throws IllegalStateException when already started
     */
    public synchronized WireMockSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("the WireMock schema registry is already running at " + url());
        }
        scope = "ferry-wiremock-registry-" + UUID.randomUUID();
        store = SchemaRegistryClients.create(Map.of(SchemaRegistryConfig.URL, "mock://" + scope));
        api = new ConfluentRestApi(store);
        faults.clear();
        // A fixed port rather than WireMock's dynamic one: refuseConnections() stops the server and
        // heal() must bring it back where the application's clients point.
        WireMockServer started = new WireMockServer(options()
                .port(freeLoopbackPort())
                .bindAddress("127.0.0.1")
                .gzipDisabled(true)
                .notifier(new Slf4jNotifier(false))
                .extensions(new RegistryResponder(api, faults)));
        started.start();
        started.stubFor(any(anyUrl())
                .atPriority(CATCH_ALL_PRIORITY)
                .willReturn(aResponse().withTransformers(RegistryResponder.NAME)));
        server = started;
        refusing = false;
        return this;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port for the WireMock schema registry", e);
        }
    }

    /** Whether {@link #start()} was called and {@link #close()} not since. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops WireMock and forgets every schema. Does nothing when not running. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            if (!refusing) {
                server.stop();
            }
        } finally {
            refusing = false;
            server = null;
            store = null;
            api = null;
            SchemaRegistryClients.dropMockScope(scope);
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}: the value for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The port WireMock listens on (also while it refuses connections: it comes back on the same one). */
    public int port() {
        return running().getOptions().portNumber();
    }

    /** {@code schema.registry.url} pointing here, to merge into client, serializer or binding properties. */
    public Map<String, Object> clientProperties() {
        return Map.of(SchemaRegistryConfig.URL, url());
    }

    /** The WireMock server: its request journal ({@code getAllServeEvents()}), extra stubs, verification. */
    public WireMockServer wireMock() {
        return running();
    }

    /**
     * A client on the registry's store that bypasses HTTP: it is not counted by {@link #requestCount},
     * sees no faults, and is closed with this registry. For preloading and for checks the HTTP path
     * must not see.
     */
    public SchemaRegistryClient store() {
        running();
        return store;
    }

    // ---- preloading -------------------------------------------------------------------------

    /** Registers a schema under a subject, as the application's first registration would; returns it. */
    public RegisteredSchema register(String subject, Schema schema) {
        SchemaRegistryClient target = store();
        target.register(subject, schema);
        return target.lookup(subject, schema);
    }

    /**
     * Registers the schema of a generated class under {@code <topic>-value} (the default subject name
     * strategy): an Avro specific record (its {@code getClassSchema()}), or a Protobuf message (its
     * file, with its imports registered as references first, exactly as Ferry's serializer does).
     *
     * @return the registered value schema
     * @throws IllegalArgumentException when the class is neither
     */
    public RegisteredSchema registerValueSchema(String topic, Class<?> generated) {
        String subject = topic + "-value";
        if (org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(generated)) {
            return register(subject, Schema.avro(avroSchemaOf(generated).toString()));
        }
        if (com.google.protobuf.Message.class.isAssignableFrom(generated)) {
            registerProtobuf(topic, generated);
            return store().latest(subject);
        }
        throw new IllegalArgumentException("cannot register the schema of " + generated.getName() + " under " + subject
                + ": it is neither a generated Avro class (SpecificRecord) nor a generated Protobuf message");
    }

    private static org.apache.avro.Schema avroSchemaOf(Class<?> generated) {
        return (org.apache.avro.Schema) generatedStatic(generated, "getClassSchema", "the Avro compiler");
    }

    /** What a generated class's public static no-argument method returns; {@code generator} names who generates it. */
    private static Object generatedStatic(Class<?> generated, String method, String generator) {
        try {
            return generated.getMethod(method).invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(
                    generated.getName() + " has no public static " + method + "(): not a class generated by "
                            + generator,
                    e);
        }
    }

    private void registerProtobuf(String topic, Class<?> generated) {
        com.google.protobuf.Message instance =
                (com.google.protobuf.Message) generatedStatic(generated, "getDefaultInstance", "protoc");
        try (ProtobufSerializer<com.google.protobuf.Message> serializer =
                ProtobufSerializer.<com.google.protobuf.Message>builder(store()).build()) {
            serializer.serialize(topic, new Headers(), instance);
        }
    }

    /**
     * Registers a schema file of the application's sources under {@code <topic>-value}, as the
     * application's serializer would: an Avro {@code .avsc}, a JSON Schema {@code .json}, or a
     * {@code .proto} as the text the serializer registers for its generated class, whose imports are
     * registered first, each under its import path as subject and found in the nearest parent
     * directory of the file that holds it ({@code src/main/proto} for a file under it); the
     * imports Confluent's clients resolve themselves ({@code google/protobuf/*}, {@code google/type/*},
     * {@code confluent/meta.proto}, {@code confluent/type/*}) are skipped, as the serializer skips them.
     *
     * @return the registered value schema
     * @throws IllegalArgumentException when the file cannot be read, has another extension, or an import is missing
     */
    public RegisteredSchema registerValueSchema(String topic, Path schemaFile) {
        return new SchemaFiles(store()).register(topic + "-value", schemaFile);
    }

    /** As {@link #registerValueSchema(String, Path)}, under {@code <topic>-key}. */
    public RegisteredSchema registerKeySchema(String topic, Path schemaFile) {
        return new SchemaFiles(store()).register(topic + "-key", schemaFile);
    }

    // ---- assertions -------------------------------------------------------------------------

    /** The subjects with at least one live version, sorted. */
    public List<String> subjects() {
        return store().subjects();
    }

    /** The live versions registered under a subject, oldest first; empty when there are none. */
    public List<RegisteredSchema> versions(String subject) {
        SchemaRegistryClient target = store();
        List<Integer> numbers;
        try {
            numbers = target.versions(subject);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return List.of();
            }
            throw e;
        }
        List<RegisteredSchema> versions = new ArrayList<>();
        for (int number : numbers) {
            versions.add(target.schema(subject, number));
        }
        return List.copyOf(versions);
    }

    /** The compatibility level that applies to a subject: its own, or the global one. */
    public CompatibilityLevel compatibility(String subject) {
        return store().compatibility(subject, true).orElseThrow();
    }

    /** Sets the global compatibility level (default {@code BACKWARD}). */
    public void setGlobalCompatibility(CompatibilityLevel level) {
        store().setGlobalCompatibility(level);
    }

    /** Sets a subject's own compatibility level. */
    public void setCompatibility(String subject, CompatibilityLevel level) {
        store().setCompatibility(subject, level);
    }

    /**
     * How many requests reached an endpoint since the start or the last {@link #resetRequests()},
     * including those answered with a fault (a client retrying shows here).
     */
    public int requestCount(RegistryEndpoint endpoint) {
        return countRequests(endpoint, null);
    }

    /** How many requests reached an endpoint for one subject. */
    public int requestCount(RegistryEndpoint endpoint, String subject) {
        return countRequests(endpoint, Objects.requireNonNull(subject, "subject"));
    }

    /** How many requests reached the registry at all. */
    public int requestCount() {
        return running().getAllServeEvents().size();
    }

    private int countRequests(RegistryEndpoint endpoint, String subject) {
        int count = 0;
        for (ServeEvent event : running().getAllServeEvents()) {
            Request request = event.getRequest();
            RestCall call = RestCall.of(request.getMethod().getName(), request.getUrl(), null);
            if (call.endpoint() == endpoint && (subject == null || subject.equals(call.subject()))) {
                count++;
            }
        }
        return count;
    }

    /** Empties WireMock's request journal: the counts start again at zero. */
    public void resetRequests() {
        running().resetRequests();
    }

    // ---- faults -----------------------------------------------------------------------------

    /**
     * The registry stops listening: connections are refused, as for a registry process that is not
     * running, until {@link #heal()} starts it again on the same port with its schemas, stubs and
     * request journal intact.
     */
    public void refuseConnections() {
        WireMockServer current = running();
        synchronized (this) {
            if (!refusing) {
                current.stop();
                refusing = true;
            }
        }
    }

    /** Every request's connection is reset before an answer (the client sees an I/O error), until {@link #heal()}. */
    public void down() {
        running();
        faults.outage(RegistryFaults.Outage.CONNECTION_RESET);
    }

    /** Every answer (and every fault) comes after a fixed delay, until {@link #heal()}. */
    public void slow(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay was " + delay + ", must not be negative");
        }
        running();
        faults.delay(delay);
    }

    /** The next {@code count} requests are answered 500 with error_code 50001. */
    public void failNext(int count) {
        failNext(count, 500);
    }

    /**
     * The next {@code count} requests are answered with a 5xx status and Confluent's matching
     * error_code (500 → 50001, 502/503 → 50003, 504 → 50002); later ones are served normally.
     */
    public void failNext(int count, int httpStatus) {
        if (count < 0) {
            throw new IllegalArgumentException("count was " + count + ", must be 0 or more");
        }
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus was " + httpStatus + ", must be a 5xx status");
        }
        running();
        faults.failNext(count, httpStatus);
    }

    /** Every request is answered 401 with error_code 40101 (as for wrong credentials), until {@link #heal()}. */
    public void unauthorized() {
        running();
        faults.outage(RegistryFaults.Outage.UNAUTHORIZED);
    }

    /**
     * Registrations under the subject are refused with 409 and error_code 40901, and its compatibility
     * checks answer {@code is_compatible: false}, whatever the schema, until {@link #heal()}.
     */
    public void rejectAsIncompatible(String subject) {
        Objects.requireNonNull(subject, "subject");
        runningApi().forceIncompatible(subject);
    }

    /** Ends every fault: the registry answers normally again, with its schemas intact. */
    public void heal() {
        synchronized (this) {
            if (refusing) {
                server.start();
                refusing = false;
            }
        }
        faults.clear();
        ConfluentRestApi current = api;
        if (current != null) {
            current.clearForcedIncompatible();
        }
    }

    // ---- JUnit 5 ----------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (this) {
            if (server == null) {
                perTest = true;
                start();
                return;
            }
        }
        resetRequests();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        heal();
        synchronized (this) {
            if (perTest) {
                perTest = false;
                close();
            }
        }
    }

    private synchronized WireMockServer running() {
        if (server == null) {
            throw new IllegalStateException("the WireMock schema registry is not running: call start() "
                    + "or register it with @RegisterExtension");
        }
        return server;
    }

    private synchronized ConfluentRestApi runningApi() {
        running();
        return api;
    }

    @Override
    public String toString() {
        WireMockServer current = server;
        return "WireMockSchemaRegistry["
                + (current == null
                        ? "not running"
                        : "http://127.0.0.1:" + current.getOptions().portNumber()) + "]";
    }
}
