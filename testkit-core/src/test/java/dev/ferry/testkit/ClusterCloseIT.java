package dev.ferry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClusterCloseIT {

    @Test
    void closeReleasesPortsAndStopsBrokerThreads() throws Exception {
        Set<Long> threadsBefore = liveThreadIds();
        KafkaCluster kafka = KafkaCluster.start();
        kafka.createTopic("short-lived", 1, 1);
        List<Integer> ports = Arrays.stream(kafka.bootstrapServers().split(","))
                .map(address -> Integer.parseInt(address.substring(address.indexOf(':') + 1)))
                .toList();

        kafka.close();

        for (int port : ports) {
            assertThat(canBind(port)).as("port %d is free again", port).isTrue();
        }
        List<String> leaked = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !threadsBefore.contains(thread.getId()) && thread.isAlive() && !thread.isDaemon())
                .map(Thread::getName)
                .toList();
        assertThat(leaked).as("non-daemon threads left by the broker").isEmpty();
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
