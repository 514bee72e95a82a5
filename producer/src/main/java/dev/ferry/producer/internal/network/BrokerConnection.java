package dev.ferry.producer.internal.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One non-blocking TCP connection to one broker: size-prefixed frames out with gathering writes,
 * size-prefixed frames in, and the FIFO of requests awaiting answers. Kafka answers requests on a
 * connection in the order they were sent, so the head of the FIFO owns the next response. Bytes
 * cross the socket through a {@link TransportLayer}: as they are, or through TLS, whose handshake
 * completes before the connection counts as connected.
 *
 * <p>Confined to the I/O thread.
 */
final class BrokerConnection {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final int nodeId;
    private final String address;
    private final SocketChannel channel;
    private final TransportLayer transport;
    private final SelectionKey key;
    private final long setupDeadlineMs;
    private final NetworkMetrics metrics;
    private final NetworkMetrics.Node traffic;
    private final Deque<PendingSend> outgoing = new ArrayDeque<>();
    private final Deque<InFlightRequest> awaitingResponse = new ArrayDeque<>();
    private final ResponseFrames frames;
    private boolean tcpConnected;
    /** TCP connected and the transport's handshake done: requests may flow. */
    private boolean connected;

    private long lastActivityMs;

    private BrokerConnection(
            int nodeId,
            InetSocketAddress address,
            SocketChannel channel,
            TransportLayer transport,
            SelectionKey key,
            int maxResponseBytes,
            long setupDeadlineMs,
            NetworkMetrics metrics,
            long nowMs) {
        this.nodeId = nodeId;
        this.address = shown(address);
        this.channel = channel;
        this.transport = transport;
        this.key = key;
        this.setupDeadlineMs = setupDeadlineMs;
        this.metrics = metrics;
        this.traffic = metrics.node(nodeId);
        this.frames = new ResponseFrames(maxResponseBytes);
        this.lastActivityMs = nowMs;
    }

    /**
     * Starts connecting. {@code transports} makes the transport for the socket, given the host name
     * as configured (what a TLS certificate must name) and the port. The connection counts in
     * {@code metrics} from here until {@link #close()}.
     */
    static BrokerConnection open(
            int nodeId,
            InetSocketAddress address,
            Selector selector,
            SocketSettings settings,
            TransportFactory transports,
            long setupDeadlineMs,
            NetworkMetrics metrics,
            long nowMs)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (settings.sendBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBufferBytes());
            }
            if (settings.receiveBufferBytes() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
            }
            TransportLayer transport = transports.create(channel, address.getHostString(), address.getPort());
            boolean immediate = channel.connect(address);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            BrokerConnection connection = new BrokerConnection(
                    nodeId,
                    address,
                    channel,
                    transport,
                    key,
                    settings.maxResponseBytes(),
                    setupDeadlineMs,
                    metrics,
                    nowMs);
            key.attach(connection);
            if (immediate) {
                connection.tcpConnected = true;
                connection.completeHandshake(nowMs);
            }
            metrics.connectionOpened();
            if (immediate) {
                metrics.connectionEstablished();
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    int nodeId() {
        return nodeId;
    }

    /** {@code host:port} as connected to, for messages. */
    /** The host as configured, and the address it resolved to when that is not the same text: which one failed. */
    private static String shown(InetSocketAddress address) {
        String host = address.getHostString();
        InetAddress ip = address.getAddress();
        return ip == null || ip.getHostAddress().equals(host)
                ? host + ":" + address.getPort()
                : host + "/" + ip.getHostAddress() + ":" + address.getPort();
    }

    String address() {
        return address;
    }

    /** Until when the TCP connect and the transport's handshake may take. */
    long setupDeadlineMs() {
        return setupDeadlineMs;
    }

    /** Whether a failure means the broker refused the transport's handshake (TLS), rather than a broken connection. */
    boolean isHandshakeFailure(Exception failure) {
        return transport.isHandshakeFailure(failure);
    }

    boolean isConnected() {
        return connected;
    }

    /** Requests queued or written and not yet answered; what max.in.flight.requests.per.connection bounds. */
    int inFlightCount() {
        return outgoing.size() + awaitingResponse.size();
    }

    long lastActivityMs() {
        return lastActivityMs;
    }

    /** Completes a pending connect and moves the transport's handshake on; true once requests may flow. */
    boolean finishConnect(long nowMs) throws IOException {
        if (!tcpConnected) {
            if (!channel.finishConnect()) {
                return false;
            }
            tcpConnected = true;
            metrics.connectionEstablished();
        }
        return completeHandshake(nowMs);
    }

    private boolean completeHandshake(long nowMs) throws IOException {
        if (!connected && transport.handshake()) {
            connected = true;
            lastActivityMs = nowMs;
        }
        updateInterest();
        return connected;
    }

    void enqueue(ByteBuffer[] frame, InFlightRequest request) {
        outgoing.addLast(new PendingSend(frame, request, remaining(frame)));
        updateInterest();
    }

    /**
     * Writes queued frames until the socket is full. A request expecting no response (acks=0) is
     * complete once written and goes to {@code completedWithoutResponse}.
     */
    void write(long nowMs, Deque<InFlightRequest> completedWithoutResponse) throws IOException {
        if (outgoing.isEmpty() && transport.hasPendingWrites()) {
            transport.write(NOTHING);
        }
        while (!outgoing.isEmpty()) {
            PendingSend pending = outgoing.peekFirst();
            transport.write(pending.frame);
            long remaining = remaining(pending.frame);
            if (remaining < pending.remaining) {
                traffic.bytesSent(pending.remaining - remaining);
                pending.remaining = remaining;
            }
            if (remaining > 0) {
                break;
            }
            traffic.requestSent(pending.size);
            outgoing.pollFirst();
            lastActivityMs = nowMs;
            if (pending.request.expectResponse()) {
                awaitingResponse.addLast(pending.request);
            } else {
                completedWithoutResponse.addLast(pending.request);
            }
        }
        updateInterest();
    }

    /**
     * Reads what has arrived; hands each complete response frame with its request to {@code sink}.
     * Each frame counts as one network operation, as kafka-clients' one completed receive, however
     * many reads brought it (or however many frames one read brought).
     */
    void read(long nowMs, ResponseSink sink) throws IOException {
        boolean readSome = false;
        while (true) {
            ByteBuffer response = frames.next();
            if (response != null) {
                lastActivityMs = nowMs;
                traffic.responseReceived(Integer.BYTES + (long) response.limit());
                sink.accept(matchRequest(response), response);
                continue;
            }
            if (readSome && frames.caughtUp()) {
                return;
            }
            int bytes = frames.readFrom(transport);
            if (bytes < 0) {
                throw new IOException(
                        frames.inFrame()
                                ? "connection closed by the broker in the middle of a response"
                                : "connection closed by the broker");
            }
            if (bytes == 0) {
                return;
            }
            countRead(bytes);
            readSome = true;
        }
    }

    private void countRead(int bytes) {
        if (bytes > 0) {
            traffic.bytesReceived(bytes);
        }
    }

    private static long remaining(ByteBuffer[] frame) {
        long remaining = 0;
        for (ByteBuffer buffer : frame) {
            remaining += buffer.remaining();
        }
        return remaining;
    }

    private InFlightRequest matchRequest(ByteBuffer response) throws IOException {
        int correlationId = response.getInt(0);
        InFlightRequest request = awaitingResponse.peekFirst();
        if (request == null || request.correlationId() != correlationId) {
            throw new IOException("response with correlation id " + correlationId
                    + " does not match the oldest request " + (request == null ? "(none)" : request.correlationId()));
        }
        return awaitingResponse.pollFirst();
    }

    /** The oldest unanswered request's deadline, or Long.MAX_VALUE when none waits. */
    long oldestDeadlineMs() {
        if (!awaitingResponse.isEmpty()) {
            return awaitingResponse.peekFirst().deadlineMs();
        }
        return outgoing.isEmpty()
                ? Long.MAX_VALUE
                : outgoing.peekFirst().request.deadlineMs();
    }

    /** Closes the socket and returns every request that will now never be answered. */
    Deque<InFlightRequest> close() {
        key.cancel();
        transport.close();
        connected = false;
        metrics.connectionClosed();
        Deque<InFlightRequest> orphans = new ArrayDeque<>(awaitingResponse);
        outgoing.forEach(pending -> orphans.addLast(pending.request));
        awaitingResponse.clear();
        outgoing.clear();
        return orphans;
    }

    private void updateInterest() {
        if (!key.isValid()) {
            return;
        }
        if (!tcpConnected) {
            key.interestOps(SelectionKey.OP_CONNECT);
        } else if (!connected) {
            key.interestOps(transport.handshakeInterestOps());
        } else {
            key.interestOps(
                    outgoing.isEmpty() && !transport.hasPendingWrites()
                            ? SelectionKey.OP_READ
                            : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** A request frame queued or partly written. */
    private static final class PendingSend {
        final ByteBuffer[] frame;
        final InFlightRequest request;
        /** The whole frame, size prefix included: what request-size-avg averages. */
        final long size;
        /** Bytes the transport has not taken yet. */
        long remaining;

        PendingSend(ByteBuffer[] frame, InFlightRequest request, long size) {
            this.frame = frame;
            this.request = request;
            this.size = size;
            this.remaining = size;
        }
    }

    /** Receives complete responses from {@link #read}. */
    interface ResponseSink {
        void accept(InFlightRequest request, ByteBuffer response);
    }
}
