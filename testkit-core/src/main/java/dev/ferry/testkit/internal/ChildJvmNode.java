package dev.ferry.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A KRaft node in a child JVM, so a test can kill it with SIGKILL and restart it on the same ports
 * and log directories. The child watches its stdin and exits when the test JVM goes away.
 */
public final class ChildJvmNode implements RunningNode {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Small and quick to start: a test broker's JIT and heap needs are modest. */
    public static final List<String> TEST_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final NodeSpec spec;
    private final Process process;

    private ChildJvmNode(NodeSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    public static ChildJvmNode start(NodeSpec spec, List<String> jvmOptions) {
        Path log = spec.logDir().resolveSibling("node-" + spec.nodeId() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ChildBrokerMain.class.getName(),
                spec.propertiesFile().toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ChildJvmNode node = new ChildJvmNode(spec, process);
            node.awaitListening(log);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for node " + spec.nodeId(), e);
        }
    }

    private void awaitListening(Path log) {
        int port = spec.role().servesClients() ? spec.brokerPort() : spec.controllerPort();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + spec.nodeId() + " exited with code " + process.exitValue()
                        + " before listening on port " + port + "; see " + log);
            }
            if (accepts(port)) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("node " + spec.nodeId() + " did not listen on port " + port + " within "
                + START_TIMEOUT + "; see " + log);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child broker", e);
        }
    }

    public long residentMegabytes() {
        return ProcessMemory.residentMegabytes(process.pid());
    }

    @Override
    public void stop() {
        process.destroy();
        awaitExit("SIGTERM");
    }

    @Override
    public void kill() {
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    private void awaitExit(String signal) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(
                        "node " + spec.nodeId() + " ignored " + signal + " for " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping node " + spec.nodeId(), e);
        }
    }
}
