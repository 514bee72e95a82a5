package dev.ferry.testkit;

import dev.ferry.testkit.internal.ApicurioDistribution;
import dev.ferry.testkit.internal.Directories;
import dev.ferry.testkit.internal.FreePorts;
import dev.ferry.testkit.internal.JavaRuntimes;
import dev.ferry.testkit.internal.ProcessMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 3.3.3 server, in memory, on a free loopback port, speaking Confluent's
 * Schema Registry REST API under {@link #url()}.
 *
 * <pre>{@code
 * try (ApicurioRegistry registry = ApicurioRegistry.start()) {
 *     String url = registry.url();   // http://127.0.0.1:P/apis/ccompat/v7
 * }
 * }</pre>
 *
 * <p>Apicurio 3.3 needs Java 21 or newer. When none is found, {@link #start()} aborts the calling
 * test (a JUnit assumption, reported as skipped) with that reason; {@link #unavailableReason()}
 * tells ahead of time. Start one per test class: it takes about five seconds and 300 MB.
 */
public final class ApicurioRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path workDir;

    private ApicurioRegistry(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /** Why the registry cannot start on this machine, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (JavaRuntimes.find(21).isEmpty()) {
            return Optional.of(
                    "Apicurio Registry " + ApicurioDistribution.VERSION + " needs Java 21+, and none was found "
                            + "(set FERRY_JAVA21_HOME, or install one under /usr/lib/jvm)");
        }
        if (ApicurioDistribution.archive().isEmpty()) {
            return Optional.of(
                    "the Apicurio Registry archive io.apicurio:apicurio-registry-app:" + ApicurioDistribution.VERSION
                            + ":tar.gz:all is not in the local Maven repository; build through ./mvnw so Maven fetches it");
        }
        return Optional.empty();
    }

    /** Starts a registry, or aborts the calling test with the reason it cannot. */
    public static ApicurioRegistry start() {
        Optional<String> reason = unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElseThrow());
        Path java = JavaRuntimes.find(21).orElseThrow();
        Path home = ApicurioDistribution.unpacked(ApicurioDistribution.archive().orElseThrow());
        int port = FreePorts.next();
        Path workDir = Directories.createTemp("ferry-apicurio-");
        List<String> command = List.of(
                java.toString(),
                "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + FreePorts.next(),
                "-Dquarkus.management.host=127.0.0.1",
                "-jar",
                home.resolve("quarkus-run.jar").toString());
        long started = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("registry.log").toFile())
                    .start();
            ApicurioRegistry registry = new ApicurioRegistry(process, port, workDir);
            registry.awaitReady();
            LOG.info(
                    "Apicurio Registry ready at {} in {} ms; resident memory {} MiB",
                    registry.url(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    ProcessMemory.residentMegabytes(process.pid()));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry with " + java, e);
        }
    }

    /** The Confluent-compatible base URL, the value for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                            + " before it was ready; see " + workDir.resolve("registry.log"));
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    LOG.trace("registry not listening yet: {}", e.toString());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
        }
        close();
        throw new IllegalStateException("Apicurio Registry was not ready within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Directories.deleteRecursively(workDir);
    }
}
