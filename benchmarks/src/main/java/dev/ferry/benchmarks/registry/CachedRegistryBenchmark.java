package dev.ferry.benchmarks.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cache hits of {@link CachedSchemaRegistryClient}: {@code schemaById}, {@code register} and
 * {@code lookup} once warmed, against a local HTTP server that only answers the first miss.
 * Goal: under 50 ns and no allocation per hit (run with {@code -prof gc}). The baseline row is the
 * floor of any map-based cache: one {@code ConcurrentHashMap.get} with a composite (subject, id)
 * key, the shape of Confluent's id cache (here the JIT's escape analysis removes the key's
 * allocation, which it cannot do behind a real cache's deeper call chain).
 *
 * <pre>{@code benchmarks/bin/run-jmh CachedRegistryBenchmark -f 1 -wi 3 -i 5 -prof gc}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CachedRegistryBenchmark {

    static final int ID = 100_003;
    static final String SUBJECT = "orders-value";
    static final String AVSC = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\",\"fields\":"
            + "[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"total\",\"type\":\"double\"}]}";

    private HttpServer server;
    private CachedSchemaRegistryClient client;
    private final Schema schema = Schema.avro(AVSC);
    private int id = ID;

    private record SubjectAndId(String subject, int id) {}

    private final ConcurrentHashMap<SubjectAndId, Schema> baselineMap = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String quoted = "\"" + AVSC.replace("\"", "\\\"") + "\"";
        server.createContext("/subjects/" + SUBJECT + "/versions", exchange -> answer(exchange, "{\"id\":" + ID + "}"));
        server.createContext(
                "/subjects/" + SUBJECT,
                exchange -> answer(
                        exchange,
                        "{\"subject\":\"" + SUBJECT + "\",\"id\":" + ID + ",\"version\":1,\"schema\":" + quoted + "}"));
        server.createContext("/schemas/ids/", exchange -> answer(exchange, "{\"schema\":" + quoted + "}"));
        server.start();
        client = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls("http://127.0.0.1:" + server.getAddress().getPort())
                .build());
        client.schemaById(ID);
        client.register(SUBJECT, schema);
        client.lookup(SUBJECT, schema);
        baselineMap.put(new SubjectAndId(SUBJECT, ID), schema);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        server.stop(0);
    }

    @Benchmark
    public Schema schemaByIdHit() {
        return client.schemaById(id);
    }

    @Benchmark
    public int registerHit() {
        return client.register(SUBJECT, schema);
    }

    @Benchmark
    public RegisteredSchema lookupHit() {
        return client.lookup(SUBJECT, schema);
    }

    @Benchmark
    public Schema baselineConcurrentHashMapHit() {
        return baselineMap.get(new SubjectAndId(SUBJECT, id));
    }
}
