package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.WireConnection;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The faults a conformance test puts on the testkit's child-JVM brokers — SIGKILL, SIGSTOP until
 * SIGCONT, a black hole on a broker's link to the controller — each remembered so that
 * {@link #restore} undoes it after the test, whatever happened, and the next test has three brokers.
 */
final class ChildJvmBrokers {
    private final KafkaCluster kafka;
    private final Duration timeout;
    /** Brokers stopped with SIGSTOP and not continued. */
    private final Set<Integer> paused = new HashSet<>();
    /** Brokers killed and not started again. */
    private final Set<Integer> killed = new HashSet<>();
    /** Brokers whose link to the controller is a black hole. */
    private final Set<Integer> cutOff = new HashSet<>();

    ChildJvmBrokers(KafkaCluster kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Continues the stopped brokers, starts the killed ones and opens the cut links. */
    void restore() throws Exception {
        for (int broker : List.copyOf(paused)) {
            resume(broker);
        }
        for (int broker : List.copyOf(killed)) {
            start(broker);
        }
        for (int broker : List.copyOf(cutOff)) {
            reconnect(broker);
        }
    }

    /** The brokers that run and hear the controller: none this test killed, stopped or cut off. */
    List<Integer> current() {
        return kafka.brokerIds().stream()
                .filter(broker -> !killed.contains(broker) && !paused.contains(broker) && !cutOff.contains(broker))
                .toList();
    }

    /** The broker's own Metadata answer, from its metadata cache (not an Admin client's, which may ask any broker). */
    static Metadata.Response metadataAnswer(KafkaCluster kafka, int broker, List<Metadata.RequestTopic> topics)
            throws IOException {
        String address = kafka.brokerAddress(broker);
        try (WireConnection wire =
                new WireConnection(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
            BrokerVersions versions =
                    BrokerVersions.from(wire.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4));
            return wire.send(
                    new Metadata.Request(topics, false, false), versions.highestCommonVersion(ApiKey.METADATA));
        }
    }

    /**
     * A black hole on the broker's link to the controller: it learns nothing more of the cluster.
     * Waits until the controller fenced it, so that the other brokers' answers no longer name it and
     * no client of theirs sends it a request it would have to forward to the controller (an Admin
     * request landing there would wait out its timeout).
     */
    void cutOff(int broker) {
        kafka.controllerLink(broker).blackHole(true);
        cutOff.add(broker);
        awaitNamedByOthers(broker, false);
    }

    /**
     * Opens the broker's link to the controller again, and waits until the others name it among the
     * live brokers again (unfenced; its own answers named it all along).
     */
    void reconnect(int broker) {
        kafka.controllerLink(broker).blackHole(false);
        cutOff.remove(broker);
        awaitNamedByOthers(broker, true);
    }

    private void awaitNamedByOthers(int broker, boolean named) {
        for (int other : kafka.brokerIds()) {
            if (other != broker) {
                Awaitility.await("broker " + other + (named ? " names" : " no longer names") + " broker " + broker
                                + " among the live brokers")
                        .atMost(timeout)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> metadataAnswer(kafka, other, List.of()).brokers().stream()
                                        .anyMatch(node -> node.nodeId() == broker)
                                == named);
            }
        }
    }

    void kill(int broker) {
        kafka.killBroker(broker);
        killed.add(broker);
    }

    void start(int broker) {
        kafka.startBroker(broker);
        killed.remove(broker);
    }

    /** SIGSTOP to the broker's JVM, and wait until every thread of it has stopped. */
    void pause(int broker) throws Exception {
        ProcessHandle process = brokerProcess(broker);
        signal("STOP", process);
        paused.add(broker);
        Awaitility.await("broker " + broker + " stopped")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> allThreadsStopped(process));
    }

    void resume(int broker) throws Exception {
        signal("CONT", brokerProcess(broker));
        paused.remove(broker);
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %s", signal, process.pid()).isZero();
    }

    private static boolean allThreadsStopped(ProcessHandle process) throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : threads.toList()) {
                String stat = Files.readString(thread.resolve("stat"));
                // the state follows the command name, which is in parentheses
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
            return true;
        }
    }

    /** The child JVM the testkit started for this broker: the last argument of its command line is its node-N.properties file. */
    private static ProcessHandle brokerProcess(int broker) {
        String file = "node-" + broker + ".properties";
        return ProcessHandle.current()
                .descendants()
                .filter(process -> lastArgument(process).endsWith("/" + file))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no child JVM runs broker " + broker));
    }

    /** From /proc: ProcessHandle.Info gave no arguments for the testkit's child JVMs when this test was written. */
    private static String lastArgument(ProcessHandle process) {
        try {
            String[] arguments = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
                    .split("\0");
            return arguments[arguments.length - 1];
        } catch (IOException e) {
            // a process that ended since it was listed
            return "";
        }
    }
}
