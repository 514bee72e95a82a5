package dev.ferry.producer.internal.network;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The producer core's one way to the brokers: connections and request frames, nothing typed.
 * {@link NetworkClient} is the real one (NIO sockets); a test or a simulator answers the frames
 * itself, with the core unchanged. Every method runs on the thread that drives the core (the I/O
 * thread), except {@link #wakeup()}; handlers and the {@link ConnectionListener} are called from
 * inside {@link #connect}, {@link #send}, {@link #disconnect} or {@link #poll} on that thread.
 *
 * <p>What an implementation promises the core: every request's handler hears exactly once (a
 * response, an empty buffer for a request that expects none, or a failure); a connection's requests
 * are answered in the order they were sent; closing a connection fails its unanswered requests
 * before the listener hears {@code onDisconnected}.
 */
public interface BrokerNetwork extends Closeable {

    /**
     * Opens the network the core uses; the listener hears of every connection that comes up or goes
     * down, from {@code connect}, {@code disconnect} and {@code poll} only: never during {@code open},
     * as the listener may still be under construction.
     */
    @FunctionalInterface
    interface Factory {
        BrokerNetwork open(ConnectionListener listener);
    }

    int nextCorrelationId();

    /**
     * Starts connecting to a broker unless connected, connecting, or backing off after a failure.
     * {@code address} is the host name and port as the metadata or bootstrap.servers name them
     * (unresolved): which of the host's addresses an attempt goes to is the network's choice.
     */
    void connect(int nodeId, InetSocketAddress address);

    /** Milliseconds until a new connection attempt to the node is allowed; 0 when allowed now. */
    long connectDelayMs(int nodeId);

    boolean isConnected(int nodeId);

    boolean isConnecting(int nodeId);

    /** {@code host:port} of the node's current connection, or "unknown address" without one. */
    String address(int nodeId);

    /** Requests sent to the node and not yet answered (or, without a response expected, not yet written). */
    int inFlightCount(int nodeId);

    /** Queues a request on a connected broker; its handler hears exactly once. */
    void send(int nodeId, ByteBuffer[] frame, int correlationId, boolean expectResponse, ResponseHandler handler);

    /** Does I/O for up to {@code timeoutMs} and runs the handlers of everything that completed. */
    void poll(long timeoutMs);

    /** Closes the connection to a node, failing what it had in flight. */
    void disconnect(int nodeId, String reason);

    /** Wakes a thread blocked in {@link #poll}; safe from any thread. */
    void wakeup();

    /** Closes every connection, failing what is in flight. */
    @Override
    void close();
}
