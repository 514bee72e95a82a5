package dev.ferry.producer.internal.network;

import java.io.IOException;
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
 * connection in the order they were sent, so the head of the FIFO owns the next response.
 *
 * <p>Confined to the I/O thread.
 */
final class BrokerConnection {
    private final int nodeId;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final int maxResponseBytes;
    private final Deque<PendingSend> outgoing = new ArrayDeque<>();
    private final Deque<InFlightRequest> awaitingResponse = new ArrayDeque<>();
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer responseBuffer;
    private boolean connected;
    private long lastActivityMs;

    private BrokerConnection(int nodeId, SocketChannel channel, SelectionKey key, int maxResponseBytes, long nowMs) {
        this.nodeId = nodeId;
        this.channel = channel;
        this.key = key;
        this.maxResponseBytes = maxResponseBytes;
        this.lastActivityMs = nowMs;
    }

    static BrokerConnection open(int nodeId, InetSocketAddress address, Selector selector, SocketSettings settings, long nowMs)
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
            boolean immediate = channel.connect(address);
            SelectionKey key = channel.register(selector, immediate ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            BrokerConnection connection = new BrokerConnection(nodeId, channel, key, settings.maxResponseBytes(), nowMs);
            key.attach(connection);
            connection.connected = immediate;
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    int nodeId() {
        return nodeId;
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

    /** Completes a pending connect; true once the TCP connection is up. */
    boolean finishConnect(long nowMs) throws IOException {
        if (channel.finishConnect()) {
            connected = true;
            lastActivityMs = nowMs;
            updateInterest();
        }
        return connected;
    }

    void enqueue(ByteBuffer[] frame, InFlightRequest request) {
        outgoing.addLast(new PendingSend(frame, request));
        updateInterest();
    }

    /**
     * Writes queued frames until the socket is full. A request expecting no response (acks=0) is
     * complete once written and goes to {@code completedWithoutResponse}.
     */
    void write(long nowMs, Deque<InFlightRequest> completedWithoutResponse) throws IOException {
        while (!outgoing.isEmpty()) {
            PendingSend pending = outgoing.peekFirst();
            channel.write(pending.frame());
            if (pending.frame()[pending.frame().length - 1].hasRemaining()) {
                break;
            }
            outgoing.pollFirst();
            lastActivityMs = nowMs;
            if (pending.request().expectResponse()) {
                awaitingResponse.addLast(pending.request());
            } else {
                completedWithoutResponse.addLast(pending.request());
            }
        }
        updateInterest();
    }

    /** Reads what has arrived; hands each complete response frame with its request to {@code sink}. */
    void read(long nowMs, ResponseSink sink) throws IOException {
        while (true) {
            if (responseBuffer == null) {
                if (channel.read(sizeBuffer) < 0) {
                    throw new IOException("connection closed by the broker");
                }
                if (sizeBuffer.hasRemaining()) {
                    return;
                }
                int size = sizeBuffer.flip().getInt();
                sizeBuffer.clear();
                if (size < 4 || size > maxResponseBytes) {
                    throw new IOException("response frame of " + size + " bytes is outside 4.." + maxResponseBytes);
                }
                responseBuffer = ByteBuffer.allocate(size);
            }
            if (channel.read(responseBuffer) < 0) {
                throw new IOException("connection closed by the broker in the middle of a response");
            }
            if (responseBuffer.hasRemaining()) {
                return;
            }
            ByteBuffer response = responseBuffer.flip();
            responseBuffer = null;
            lastActivityMs = nowMs;
            sink.accept(matchRequest(response), response);
        }
    }

    private InFlightRequest matchRequest(ByteBuffer response) throws IOException {
        int correlationId = response.getInt(0);
        InFlightRequest request = awaitingResponse.peekFirst();
        if (request == null || request.correlationId() != correlationId) {
            throw new IOException("response with correlation id " + correlationId + " does not match the oldest request "
                    + (request == null ? "(none)" : request.correlationId()));
        }
        return awaitingResponse.pollFirst();
    }

    /** The oldest unanswered request's deadline, or Long.MAX_VALUE when none waits. */
    long oldestDeadlineMs() {
        if (!awaitingResponse.isEmpty()) {
            return awaitingResponse.peekFirst().deadlineMs();
        }
        return outgoing.isEmpty() ? Long.MAX_VALUE : outgoing.peekFirst().request().deadlineMs();
    }

    /** Closes the socket and returns every request that will now never be answered. */
    Deque<InFlightRequest> close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket can fail again; the connection is gone either way
        }
        connected = false;
        Deque<InFlightRequest> orphans = new ArrayDeque<>(awaitingResponse);
        outgoing.forEach(pending -> orphans.addLast(pending.request()));
        awaitingResponse.clear();
        outgoing.clear();
        return orphans;
    }

    private void updateInterest() {
        if (!key.isValid()) {
            return;
        }
        if (!connected) {
            key.interestOps(SelectionKey.OP_CONNECT);
        } else {
            key.interestOps(outgoing.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private record PendingSend(ByteBuffer[] frame, InFlightRequest request) {
    }

    /** Receives complete responses from {@link #read}. */
    interface ResponseSink {
        void accept(InFlightRequest request, ByteBuffer response);
    }
}
