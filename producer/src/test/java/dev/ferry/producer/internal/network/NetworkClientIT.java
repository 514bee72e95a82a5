package dev.ferry.producer.internal.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.testkit.KafkaCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class NetworkClientIT {
    private static final short API_VERSIONS = 18;

    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.start();

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void onConnected(int nodeId) {
            events.add("connected " + nodeId);
        }

        @Override
        public void onDisconnected(int nodeId, String reason) {
            events.add("disconnected " + nodeId + ": " + reason);
        }

        @Override
        public void onAuthenticationFailed(int nodeId, dev.ferry.producer.AuthenticationException failure) {
            events.add("authentication failed " + nodeId + ": " + failure.getMessage());
        }
    };

    private NetworkClient client(int requestTimeoutMs) {
        return client(requestTimeoutMs, NetworkMetrics.NONE);
    }

    private NetworkClient client(int requestTimeoutMs, NetworkMetrics metrics) {
        SocketSettings settings =
                new SocketSettings(-1, -1, 1 << 20, requestTimeoutMs, 50, 1000, 540_000, 10_000, 30_000);
        return new NetworkClient(settings, null, listener, System::nanoTime, metrics);
    }

    @Test
    void anIdleConnectionIsClosedAfterConnectionsMaxIdleMsAndNeverWithMinusOne() {
        java.util.concurrent.atomic.AtomicLong skippedMs = new java.util.concurrent.atomic.AtomicLong();
        for (long maxIdleMs : new long[] {-1, 60_000}) {
            events.clear();
            skippedMs.set(0);
            SocketSettings settings = new SocketSettings(-1, -1, 1 << 20, 30_000, 50, 1000, maxIdleMs, 10_000, 30_000);
            try (NetworkClient client = new NetworkClient(
                    settings,
                    null,
                    listener,
                    () -> System.nanoTime() + skippedMs.get() * 1_000_000,
                    NetworkMetrics.NONE)) {
                client.connect(1, address(kafka.bootstrapServers()));
                await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && client.isConnected(1));

                skippedMs.set(Duration.ofDays(1).toMillis());
                client.poll(10);

                if (maxIdleMs < 0) {
                    assertThat(client.isConnected(1))
                            .as("connections.max.idle.ms=-1 keeps an idle connection")
                            .isTrue();
                    assertThat(events).containsExactly("connected 1");
                } else {
                    assertThat(client.isConnected(1))
                            .as("idle for a day with connections.max.idle.ms=%d", maxIdleMs)
                            .isFalse();
                    assertThat(events)
                            .containsExactly(
                                    "connected 1", "disconnected 1: connection to node 1 lost: idle for over 60000 ms");
                }
            }
        }
    }

    /**
     * client.dns.lookup=use_all_dns_ips: a broker's host name resolving to an address where nothing
     * listens (127.0.0.2: the broker binds 127.0.0.1) and then to the broker's. Ferry tried only the
     * first address a name resolved to, for ever; kafka-clients tries the next on each attempt.
     */
    @Test
    void aHostWhoseFirstAddressRefusesIsReachedThroughItsNext() {
        int port = port(kafka.bootstrapServers());
        HostAddresses.Resolver resolver = host -> new InetAddress[] {
            InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}),
            InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
        };
        SocketSettings settings = new SocketSettings(-1, -1, 1 << 20, 30_000, 50, 1000, 540_000, 10_000, 30_000);
        try (NetworkClient client =
                new NetworkClient(settings, null, listener, System::nanoTime, NetworkMetrics.NONE, resolver)) {
            InetSocketAddress broker = InetSocketAddress.createUnresolved("broker.test", port);

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                client.connect(1, broker);
                return poll(client) && client.isConnected(1);
            });

            assertThat(events).hasSize(2);
            assertThat(events.get(0)).startsWith("disconnected 1: cannot connect to broker.test/127.0.0.2:" + port);
            assertThat(events.get(1)).isEqualTo("connected 1");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderByARealBroker() {
        try (NetworkClient client = client(30_000)) {
            client.connect(1, address(kafka.bootstrapServers()));
            await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && client.isConnected(1));
            Recorder recorder = new Recorder();

            for (int i = 0; i < 5; i++) {
                int correlationId = client.nextCorrelationId();
                client.send(1, apiVersionsV0(correlationId), correlationId, true, recorder);
            }
            assertThat(client.inFlightCount(1)).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && recorder.responses.size() == 5);

            assertThat(recorder.responses)
                    .extracting(response -> response.getInt(0))
                    .containsExactly(0, 1, 2, 3, 4);
            assertThat(recorder.responses)
                    .extracting(response -> response.getShort(4))
                    .as("error codes")
                    .containsOnly((short) 0);
            assertThat(client.inFlightCount(1)).isZero();
            assertThat(events).containsExactly("connected 1");
        }
    }

    @Test
    void trafficAndConnectionsAreCountedAsKafkaClientsSelectorCountsThem() {
        // given a client counting into the producer's metrics
        ProducerMetrics metrics = new ProducerMetrics(() -> System.nanoTime() / 1_000_000);
        List<ProducerMetrics.Scope> scopes = new CopyOnWriteArrayList<>();
        metrics.addScopeListener(scopes::add);
        Recorder recorder = new Recorder();
        long requestBytes;
        try (NetworkClient client = client(30_000, metrics)) {
            client.connect(1, address(kafka.bootstrapServers()));
            await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && client.isConnected(1));
            assertThat(metrics.snapshot())
                    .contains(entry("connection-count", 1.0), entry("connection-creation-total", 1.0));

            // when five requests are answered
            requestBytes = apiVersionsV0(0)[0].remaining();
            for (int i = 0; i < 5; i++) {
                int correlationId = client.nextCorrelationId();
                client.send(1, apiVersionsV0(correlationId), correlationId, true, recorder);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && recorder.responses.size() == 5);
        }

        // then requests and responses are counted with their whole frames, size prefix included
        long responseBytes = recorder.responses.stream()
                .mapToLong(response -> 4 + response.limit())
                .sum();
        Map<String, Double> producer = metrics.snapshot();
        Map<String, Double> node = scopes.stream()
                .filter(scope -> scope.tags().equals(Map.of("node-id", "node-1")))
                .findFirst()
                .orElseThrow()
                .values()
                .get();
        for (Map<String, Double> scope : List.of(producer, node)) {
            assertThat(scope)
                    .contains(
                            entry("request-total", 5.0),
                            entry("outgoing-byte-total", 5.0 * requestBytes),
                            entry("request-size-avg", (double) requestBytes),
                            entry("request-size-max", (double) requestBytes),
                            entry("response-total", 5.0),
                            entry("incoming-byte-total", (double) responseBytes));
            assertThat(scope.get("request-rate")).isPositive();
            assertThat(scope.get("response-rate")).isPositive();
        }
        assertThat(producer)
                .contains(
                        entry("connection-count", 0.0),
                        entry("connection-creation-total", 1.0),
                        entry("connection-close-total", 1.0));
        assertThat(producer.get("network-io-total"))
                .as("one write per request, at least one read per response")
                .isGreaterThanOrEqualTo(10.0);
        assertThat(producer.get("select-total")).isPositive();
        assertThat(producer.get("io-wait-time-ns-total")).isPositive();
        assertThat(producer.get("io-time-ns-total")).isPositive();
    }

    @Test
    void aSilentServerTimesOutTheRequestAndClosesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NetworkClient client = client(300)) {
            client.connect(7, new InetSocketAddress("127.0.0.1", silent.getLocalPort()));
            try (Socket accepted = silent.accept()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && client.isConnected(7));
                assertThat(accepted.isConnected()).isTrue();
                Recorder recorder = new Recorder();
                client.send(7, apiVersionsV0(client.nextCorrelationId()), 0, true, recorder);

                await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && !recorder.failures.isEmpty());

                assertThat(recorder.failures).singleElement().satisfies(failure -> {
                    assertThat(failure.kind()).isEqualTo(RequestFailure.Kind.TIMED_OUT);
                    assertThat(failure.describe())
                            .isEqualTo("no response from node 7 within 300 ms (request.timeout.ms)");
                });
                assertThat(client.isConnected(7)).isFalse();
                assertThat(client.connectDelayMs(7)).isPositive();
            }
        }
    }

    @Test
    void aRefusedConnectionIsReportedAndBackedOff() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (NetworkClient client = client(30_000)) {
            client.connect(9, new InetSocketAddress("127.0.0.1", closedPort));

            await().atMost(Duration.ofSeconds(10)).until(() -> poll(client) && !events.isEmpty());

            assertThat(events)
                    .singleElement()
                    .asString()
                    .startsWith("disconnected 9: cannot connect to ")
                    .contains(":" + closedPort)
                    .contains("Connection refused");
            assertThat(client.isConnected(9)).isFalse();
            assertThat(client.connectDelayMs(9)).isPositive();
        }
    }

    @Test
    void sendingToAnUnconnectedNodeFailsAtOnce() {
        try (NetworkClient client = client(30_000)) {
            Recorder recorder = new Recorder();

            client.send(3, apiVersionsV0(0), 0, true, recorder);

            assertThat(recorder.failures)
                    .singleElement()
                    .extracting(RequestFailure::describe)
                    .isEqualTo("connection to node 3 lost: not connected");
        }
    }

    private static boolean poll(NetworkClient client) {
        client.poll(20);
        return true;
    }

    private static int port(String hostPort) {
        return address(hostPort).getPort();
    }

    private static InetSocketAddress address(String hostPort) {
        String first = hostPort.split(",")[0];
        return new InetSocketAddress(
                first.substring(0, first.indexOf(':')), Integer.parseInt(first.substring(first.indexOf(':') + 1)));
    }

    /** ApiVersions v0 written by hand from the protocol guide: request header v1, empty body. */
    private static ByteBuffer[] apiVersionsV0(int correlationId) {
        byte[] clientId = "network-test".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + clientId.length);
        frame.putInt(frame.capacity() - 4)
                .putShort(API_VERSIONS)
                .putShort((short) 0)
                .putInt(correlationId)
                .putShort((short) clientId.length)
                .put(clientId)
                .flip();
        return new ByteBuffer[] {frame};
    }

    private static final class Recorder implements ResponseHandler {
        final List<ByteBuffer> responses = new CopyOnWriteArrayList<>();
        final List<RequestFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onResponse(ByteBuffer response) {
            responses.add(response);
        }

        @Override
        public void onFailure(RequestFailure failure) {
            failures.add(failure);
        }
    }
}
