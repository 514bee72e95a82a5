package dev.ferry.producer.internal.network;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.SslAuthenticationException;
import dev.ferry.producer.internal.security.SslFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's connections to brokers over one NIO selector: at most one connection per broker,
 * reconnect backoff, connection set-up and request timeouts, idle connection reaping, TLS when
 * configured. Frames are opaque here; the caller encodes requests (with the correlation id from
 * {@link #nextCorrelationId()}) and decodes responses. Traffic, connections and the time spent
 * waiting in and working after each select go to a {@link NetworkMetrics}.
 *
 * <p>Confined to the I/O thread, except {@link #wakeup()}.
 */
public final class NetworkClient implements BrokerNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkClient.class);

    private final Selector selector;
    private final SocketSettings settings;
    private final ConnectionListener listener;
    private final LongSupplier nanoClock;
    private final LongSupplier clock;
    private final NetworkMetrics metrics;
    private final BrokerConnection.ResponseSink deliverTimed = this::deliver;
    private final Backoff reconnectBackoff;
    private final Backoff setupTimeout;
    private final TransportFactory transports;
    /** Null for plaintext connections, which have no handshake to fail. */
    private final SslFactory ssl;

    private final Map<Integer, BrokerConnection> connections = new HashMap<>();
    private final Map<Integer, ReconnectState> reconnects = new HashMap<>();
    private final Map<Integer, HostAddresses> hostAddresses = new HashMap<>();
    private final HostAddresses.Resolver resolver;
    private final Deque<InFlightRequest> writtenWithoutResponse = new ArrayDeque<>();
    private int nextCorrelationId;
    /** Time spent in response handlers during the current poll, which is not I/O time. */
    private long handlerNanos;

    /**
     * @param ssl       makes the TLS engines of SSL and SASL_SSL connections; null for plaintext ones
     * @param nanoClock monotonic nanoseconds; its milliseconds are the deadlines' clock
     */
    public NetworkClient(
            SocketSettings settings,
            SslFactory ssl,
            ConnectionListener listener,
            LongSupplier nanoClock,
            NetworkMetrics metrics) {
        this(settings, ssl, listener, nanoClock, metrics, InetAddress::getAllByName);
    }

    /** @param resolver what a broker's host name resolves to */
    NetworkClient(
            SocketSettings settings,
            SslFactory ssl,
            ConnectionListener listener,
            LongSupplier nanoClock,
            NetworkMetrics metrics,
            HostAddresses.Resolver resolver) {
        this.resolver = resolver;
        this.settings = settings;
        this.transports = TransportFactory.of(ssl);
        this.ssl = ssl;
        this.setupTimeout =
                Backoff.withJitter(settings.connectionSetupTimeoutMs(), settings.connectionSetupTimeoutMaxMs());
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.clock = () -> nanoClock.getAsLong() / 1_000_000;
        this.metrics = metrics;
        this.reconnectBackoff = Backoff.withJitter(settings.reconnectBackoffMs(), settings.reconnectBackoffMaxMs());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    @Override
    public void connect(int nodeId, InetSocketAddress address) {
        if (connections.containsKey(nodeId) || connectDelayMs(nodeId) > 0) {
            return;
        }
        long now = clock.getAsLong();
        try {
            ReconnectState state = reconnects.get(nodeId);
            long setupDeadline = now + setupTimeout.backoffMs(state == null ? 0 : state.failures);
            HostAddresses host = hostAddresses.get(nodeId);
            if (host == null || !host.isFor(address)) {
                host = new HostAddresses(address.getHostString(), address.getPort(), resolver);
                hostAddresses.put(nodeId, host);
            }
            BrokerConnection connection = BrokerConnection.open(
                    nodeId, host.next(), selector, settings, transports, setupDeadline, metrics, now);
            connections.put(nodeId, connection);
            if (connection.isConnected()) {
                connected(connection);
            }
        } catch (IOException | RuntimeException e) {
            String detail = "cannot connect to " + address + ": " + e;
            warnIfFirstFailure(nodeId, detail);
            recordFailure(nodeId, now);
            listener.onDisconnected(nodeId, detail);
        }
    }

    @Override
    public long connectDelayMs(int nodeId) {
        ReconnectState state = reconnects.get(nodeId);
        return state == null ? 0 : Math.max(0, state.nextAttemptMs - clock.getAsLong());
    }

    @Override
    public boolean isConnected(int nodeId) {
        BrokerConnection connection = connections.get(nodeId);
        return connection != null && connection.isConnected();
    }

    @Override
    public boolean isConnecting(int nodeId) {
        BrokerConnection connection = connections.get(nodeId);
        return connection != null && !connection.isConnected();
    }

    @Override
    public String address(int nodeId) {
        BrokerConnection connection = connections.get(nodeId);
        return connection == null ? "unknown address" : connection.address();
    }

    @Override
    public int inFlightCount(int nodeId) {
        BrokerConnection connection = connections.get(nodeId);
        return connection == null ? 0 : connection.inFlightCount();
    }

    @Override
    public void send(
            int nodeId, ByteBuffer[] frame, int correlationId, boolean expectResponse, ResponseHandler handler) {
        BrokerConnection connection = connections.get(nodeId);
        if (connection == null || !connection.isConnected()) {
            handler.onFailure(new RequestFailure(RequestFailure.Kind.DISCONNECTED, nodeId, "not connected"));
            return;
        }
        long deadline = clock.getAsLong() + settings.requestTimeoutMs();
        connection.enqueue(frame, new InFlightRequest(correlationId, expectResponse, deadline, handler));
    }

    @Override
    public void poll(long timeoutMs) {
        try {
            long selectStart = nanoClock.getAsLong();
            int ready = timeoutMs <= 0 ? selector.selectNow() : selector.select(timeoutMs);
            long selectEnd = nanoClock.getAsLong();
            handlerNanos = 0;
            if (ready > 0) {
                handleSelected(selectEnd / 1_000_000);
            }
            metrics.polled(selectEnd - selectStart, nanoClock.getAsLong() - selectEnd - handlerNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
        completeWrittenWithoutResponse();
        expireRequests();
        closeIdleConnections();
    }

    private void handleSelected(long now) {
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            BrokerConnection connection = (BrokerConnection) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            try {
                if (!connection.isConnected()) {
                    if (connection.finishConnect(now)) {
                        connected(connection);
                    }
                    continue;
                }
                if (key.isReadable()) {
                    connection.read(now, deliverTimed);
                }
                if (key.isValid() && key.isWritable()) {
                    connection.write(now, writtenWithoutResponse);
                }
            } catch (IOException | RuntimeException e) {
                String detail = e.getMessage() == null ? e.toString() : e.getMessage();
                if (connection.isHandshakeFailure(e)) {
                    handshakeFailed(connection, detail, e);
                } else {
                    close(connection, RequestFailure.Kind.DISCONNECTED, detail);
                }
            }
        }
    }

    private void handshakeFailed(BrokerConnection connection, String detail, Exception cause) {
        SslAuthenticationException failure = new SslAuthenticationException(
                "TLS handshake with node " + connection.nodeId() + " (" + connection.address() + ") failed: " + detail
                        + ssl.refusalHint(cause),
                cause);
        close(connection, RequestFailure.Kind.DISCONNECTED, "TLS handshake failed: " + detail);
        listener.onAuthenticationFailed(connection.nodeId(), failure);
    }

    private void deliver(InFlightRequest request, ByteBuffer response) {
        long start = nanoClock.getAsLong();
        try {
            request.handler().onResponse(response);
        } finally {
            handlerNanos += nanoClock.getAsLong() - start;
        }
    }

    private void connected(BrokerConnection connection) {
        reconnects.remove(connection.nodeId());
        LOG.debug("connected to node {}", connection.nodeId());
        listener.onConnected(connection.nodeId());
    }

    private void completeWrittenWithoutResponse() {
        while (!writtenWithoutResponse.isEmpty()) {
            writtenWithoutResponse.pollFirst().handler().onResponse(ByteBuffer.allocate(0));
        }
    }

    private void expireRequests() {
        long now = clock.getAsLong();
        if (noneDue(now, false)) {
            return;
        }
        for (BrokerConnection connection : new ArrayList<>(connections.values())) {
            if (setupExpired(connection, now)) {
                close(
                        connection,
                        RequestFailure.Kind.DISCONNECTED,
                        "connection to " + connection.address()
                                + " not set up within " + (connection.setupDeadlineMs() - connection.lastActivityMs())
                                + " ms (socket.connection.setup.timeout.ms)");
            } else if (requestExpired(connection, now)) {
                close(
                        connection,
                        RequestFailure.Kind.TIMED_OUT,
                        settings.requestTimeoutMs() + " ms (request.timeout.ms)");
            }
        }
    }

    private void closeIdleConnections() {
        if (settings.connectionsMaxIdleMs() < 0) {
            // -1: connections are never closed for being idle
            return;
        }
        long now = clock.getAsLong();
        if (noneDue(now, true)) {
            return;
        }
        for (BrokerConnection connection : new ArrayList<>(connections.values())) {
            if (idleTooLong(connection, now)) {
                LOG.debug(
                        "closing connection to node {} idle for over {} ms",
                        connection.nodeId(),
                        settings.connectionsMaxIdleMs());
                close(
                        connection,
                        RequestFailure.Kind.DISCONNECTED,
                        "idle for over " + settings.connectionsMaxIdleMs() + " ms");
            }
        }
    }

    /**
     * Whether no connection must be closed now, for being idle ({@code idle}) or for an expired set-up or request;
     * checked first because closing needs a copy of the connections, and the I/O thread asks every round.
     */
    private boolean noneDue(long now, boolean idle) {
        for (BrokerConnection connection : connections.values()) {
            if (idle
                    ? idleTooLong(connection, now)
                    : setupExpired(connection, now) || requestExpired(connection, now)) {
                return false;
            }
        }
        return true;
    }

    private static boolean setupExpired(BrokerConnection connection, long now) {
        return !connection.isConnected() && connection.setupDeadlineMs() <= now;
    }

    private static boolean requestExpired(BrokerConnection connection, long now) {
        return connection.oldestDeadlineMs() <= now;
    }

    private boolean idleTooLong(BrokerConnection connection, long now) {
        return connection.inFlightCount() == 0 && now - connection.lastActivityMs() > settings.connectionsMaxIdleMs();
    }

    @Override
    public void disconnect(int nodeId, String reason) {
        BrokerConnection connection = connections.get(nodeId);
        if (connection != null) {
            close(connection, RequestFailure.Kind.DISCONNECTED, reason);
        }
    }

    private void close(BrokerConnection connection, RequestFailure.Kind kind, String detail) {
        if (connections.remove(connection.nodeId()) == null) {
            return;
        }
        RequestFailure failure = new RequestFailure(kind, connection.nodeId(), detail);
        String description = failure.describe();
        if (!connection.isConnected()) {
            description = "cannot connect to " + connection.address() + ": " + detail;
            warnIfFirstFailure(connection.nodeId(), description);
        } else {
            HostAddresses host = hostAddresses.get(connection.nodeId());
            if (host != null) {
                host.forget();
            }
        }
        recordFailure(connection.nodeId(), clock.getAsLong());
        List<InFlightRequest> orphans = new ArrayList<>(connection.close());
        LOG.debug("{} ({} requests in flight)", description, orphans.size());
        for (InFlightRequest orphan : orphans) {
            orphan.handler().onFailure(failure);
        }
        listener.onDisconnected(connection.nodeId(), description);
    }

    /*
     * A wrong bootstrap.servers or a firewall otherwise shows only as a metadata timeout; one line per
     * node and run of failures says why, without repeating at every reconnect backoff.
     */
    private void warnIfFirstFailure(int nodeId, String detail) {
        if (!reconnects.containsKey(nodeId)) {
            LOG.warn(
                    "{}{}; retrying with reconnect.backoff.ms",
                    nodeId < 0 ? "bootstrap server: " : "node " + nodeId + ": ",
                    detail);
        }
    }

    private void recordFailure(int nodeId, long now) {
        ReconnectState state = reconnects.computeIfAbsent(nodeId, id -> new ReconnectState());
        state.nextAttemptMs = now + reconnectBackoff.backoffMs(state.failures);
        state.failures++;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        for (BrokerConnection connection : new ArrayList<>(connections.values())) {
            close(connection, RequestFailure.Kind.DISCONNECTED, "producer closed");
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed: {}", e.toString());
        }
    }

    private static final class ReconnectState {
        int failures;
        long nextAttemptMs;
    }
}
