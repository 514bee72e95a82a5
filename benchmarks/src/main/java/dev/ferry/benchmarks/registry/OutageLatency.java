package dev.ferry.benchmarks.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.common.Headers;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The worst latency of one serializer or deserializer call while the schema registry is gone, the
 * way issue 21 measured it: a serializer with {@code use.latest.version=true},
 * {@code auto.register.schemas=false} and {@code latest.cache.ttl.sec=1}, an auto-registering
 * serializer and a deserializer, each configured from properties as a producer or consumer does
 * (so each with its own registry client and the default retries), are warmed against a local
 * registry speaking Confluent's REST API; then the registry is killed (connections refused) or
 * hangs (connections accepted, never answered), and the three keep working on the same schemas,
 * one round every {@code --interval-ms}, for {@code --seconds}. Every call is timed; the report is
 * the worst call, per kind and overall, with the count of calls and of failed ones.
 *
 * <p>A measurement, not a test: it exits 0 whatever the numbers. It uses only API that existed
 * before issue 21, so the same file measures the old code and the new.
 *
 * <pre>{@code flock /tmp/ferry-mvn.lock benchmarks/bin/outage-latency [--seconds 12] [--mode down|hang] [--interval-ms 1]}</pre>
 */
public final class OutageLatency {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final Schema PING = new Schema.Parser().parse("""
            {"type":"record","name":"Ping","namespace":"bench","fields":[{"name":"id","type":"string"}]}""");

    /** The worst and the count of one kind of call. */
    private static final class Timings {
        final String name;
        long calls;
        long failed;
        long worstNanos;
        long over100ms;

        Timings(String name) {
            this.name = name;
        }

        void record(long nanos, boolean ok) {
            calls++;
            failed += ok ? 0 : 1;
            worstNanos = Math.max(worstNanos, nanos);
            over100ms += nanos > TimeUnit.MILLISECONDS.toNanos(100) ? 1 : 0;
        }
    }

    private OutageLatency() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long seconds = Long.parseLong(options.getOrDefault("--seconds", "12"));
        String mode = options.getOrDefault("--mode", "down");
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.getOrDefault("--interval-ms", "1")));
        if (!mode.equals("down") && !mode.equals("hang")) {
            throw new IllegalArgumentException("--mode was '" + mode + "', allowed: down, hang");
        }

        HttpServer registry = registry();
        int port = registry.getAddress().getPort();
        Map<String, Object> latestConfig = Map.of(
                "schema.registry.url",
                "http://127.0.0.1:" + port,
                "use.latest.version",
                "true",
                "auto.register.schemas",
                "false",
                "latest.cache.ttl.sec",
                "1");
        Map<String, Object> plainConfig = Map.of("schema.registry.url", "http://127.0.0.1:" + port);
        AvroSerializer<GenericRecord> latest = new AvroSerializer<>();
        latest.configure(latestConfig, false);
        AvroSerializer<GenericRecord> registering = new AvroSerializer<>();
        registering.configure(plainConfig, false);
        AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>();
        deserializer.configure(plainConfig, false);
        Headers headers = new Headers();
        GenericRecord ping = new GenericData.Record(PING);
        ping.put("id", "p-1");
        for (int i = 0; i < 1000; i++) {
            deserializer.deserialize("pings", headers, latest.serialize("pings", headers, ping));
            deserializer.deserialize("pongs", headers, registering.serialize("pongs", headers, ping));
        }

        registry.stop(0);
        ServerSocket hung = mode.equals("hang") ? listenWithoutAnswering(port) : null;
        Timings latestTimings = new Timings("serialize, use.latest.version");
        Timings registeringTimings = new Timings("serialize, auto-register");
        Timings readTimings = new Timings("deserialize");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() - end < 0) {
            byte[] pingFrame = timed(latestTimings, () -> latest.serialize("pings", headers, ping));
            byte[] pongFrame = timed(registeringTimings, () -> registering.serialize("pongs", headers, ping));
            if (pingFrame != null) {
                timed(readTimings, () -> deserializer.deserialize("pings", headers, pingFrame));
            }
            if (pongFrame != null) {
                timed(readTimings, () -> deserializer.deserialize("pongs", headers, pongFrame));
            }
            LockSupport.parkNanos(intervalNanos);
        }
        report(System.out, mode, seconds, List.of(latestTimings, registeringTimings, readTimings));

        latest.close();
        registering.close();
        deserializer.close();
        if (hung != null) {
            hung.close();
        }
        // The old code may still be retrying on a client thread; the report is out.
        System.exit(0);
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T timed(Timings timings, Call<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.run();
            timings.record(System.nanoTime() - start, true);
            return result;
        } catch (RuntimeException e) {
            timings.record(System.nanoTime() - start, false);
            return null;
        }
    }

    private static void report(PrintStream out, String mode, long seconds, List<Timings> all) {
        out.printf(
                Locale.ROOT,
                "Registry outage latency: warmed up, then the registry %s for %d s%n",
                mode.equals("down") ? "killed (connections refused)" : "hung (connections accepted, never answered)",
                seconds);
        out.println(
                "  use.latest.version=true, auto.register.schemas=false, latest.cache.ttl.sec=1; retries and timeouts default");
        out.printf(Locale.ROOT, "%-32s %10s %8s %12s %12s%n", "call", "calls", "failed", "worst", "over 100 ms");
        long worst = 0;
        for (Timings t : all) {
            out.printf(
                    Locale.ROOT,
                    "%-32s %,10d %,8d %9.3f ms %,12d%n",
                    t.name,
                    t.calls,
                    t.failed,
                    t.worstNanos / 1e6,
                    t.over100ms);
            worst = Math.max(worst, t.worstNanos);
        }
        out.printf(Locale.ROOT, "worst call during the outage: %.3f ms%n", worst / 1e6);
    }

    /** A registry that knows subject pings-value (version 1, id 1) and registers anything as id 2. */
    private static HttpServer registry() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String schema = "\"" + PING.toString().replace("\"", "\\\"") + "\"";
        server.createContext(
                "/subjects/pings-value/versions/latest",
                exchange -> answer(
                        exchange, "{\"subject\":\"pings-value\",\"version\":1,\"id\":1,\"schema\":" + schema + "}"));
        server.createContext("/subjects/pongs-value/versions", exchange -> answer(exchange, "{\"id\":2}"));
        server.createContext("/schemas/ids/", exchange -> answer(exchange, "{\"schema\":" + schema + "}"));
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CT);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The registry's port, accepting connections into the backlog and never answering. */
    private static ServerSocket listenWithoutAnswering(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length
                    || !List.of("--seconds", "--mode", "--interval-ms").contains(args[i])) {
                throw new IllegalArgumentException(
                        "usage: OutageLatency [--seconds 12] [--mode down|hang] [--interval-ms 1]");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
