package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy in front of one broker that injects the faults a producer must survive: a Produce
 * request that reaches the broker but whose response is lost with the connection (the "ACK lost"
 * case idempotence exists for), a Produce request lost on its way while later ones arrive, a black hole that stops forwarding without closing, responses held
 * while requests go through, added latency, and Metadata answered from an earlier snapshot (a
 * broker whose metadata lags a leader change).
 * It reads Kafka's size-prefixed frames, so it knows which response answers a Produce or a Metadata request.
 *
 * <pre>{@code
 * KafkaCluster kafka = KafkaCluster.builder().proxied().start();
 * kafka.proxy(1).loseProduceResponses(1);   // the next Produce response is dropped and the connection cut
 * }</pre>
 *
 * <p>Clients must reach the broker only through the proxy, so the broker must advertise it: build
 * the cluster with {@link KafkaCluster.Builder#proxied()}, which starts one proxy per broker, and
 * get it with {@link KafkaCluster#proxy(int)}. Thread-safe; each connection uses two threads.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final short PRODUCE = 0;
    private static final short METADATA = 3;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger produceResponsesToLose = new AtomicInteger();
    private final AtomicInteger lostProduceResponses = new AtomicInteger();
    private final AtomicInteger produceRequestsToLose = new AtomicInteger();
    private final AtomicInteger lostProduceRequests = new AtomicInteger();
    private final AtomicInteger forwardedProduceRequests = new AtomicInteger();
    private final AtomicInteger metadataAnsweredFromSnapshot = new AtomicInteger();
    /** The last Metadata response forwarded, and the version of the request it answered. */
    private volatile MetadataResponse latestMetadata;

    private volatile MetadataResponse metadataSnapshot;
    private volatile boolean metadataFromSnapshot;
    private final AtomicLong latencyMs = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ConnectionFrameListener listener = (connection, request, frame) -> {};
    private volatile boolean blackHole;
    private volatile boolean responsesHeld;
    /** Connections numbered below this stay held until {@link #staleUntilNanos} after a black hole with a stale delay. */
    private volatile int staleBelow;

    private volatile long staleUntilNanos;
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy on {@code port} (0 for any) in front of {@code host:port}. */
    static FaultProxy start(int port, String targetAddress) {
        int colon = targetAddress.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(
                targetAddress.substring(0, colon), Integer.parseInt(targetAddress.substring(colon + 1)));
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            FaultProxy proxy = new FaultProxy(server, target);
            Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a proxy on port " + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The next {@code count} responses to Produce requests are dropped, each cutting its connection. */
    public void loseProduceResponses(int count) {
        produceResponsesToLose.set(count);
    }

    /** How many Produce responses were dropped so far. */
    public int lostProduceResponses() {
        return lostProduceResponses.get();
    }

    /**
     * The next {@code count} Produce requests never reach the broker, and their connections stay
     * open: the records are not in the log, while the requests the client sends after them on the
     * same connection are. The broker's answer to such a later request then comes before any to the
     * lost one, which a client takes as a broken connection.
     */
    public void loseProduceRequests(int count) {
        produceRequestsToLose.set(count);
    }

    /** How many Produce requests were dropped so far. */
    public int lostProduceRequests() {
        return lostProduceRequests.get();
    }

    /** How many Produce requests the proxy forwarded to its broker so far. */
    public int forwardedProduceRequests() {
        return forwardedProduceRequests.get();
    }

    /**
     * Keeps the last Metadata response the proxy forwarded, for {@link #answerMetadataFromSnapshot}.
     *
     * @throws IllegalStateException if no Metadata response has passed through the proxy yet
     */
    public void snapshotMetadata() {
        MetadataResponse latest = latestMetadata;
        if (latest == null) {
            throw new IllegalStateException("no Metadata response has passed through the proxy on port " + port());
        }
        metadataSnapshot = latest;
    }

    /**
     * While on, each Metadata request still reaches the broker, but the client gets the snapshot
     * taken by {@link #snapshotMetadata()} in place of the broker's answer (under the request's
     * correlation id), as from a broker whose metadata has not caught up since: after a leader
     * change it names the old leader in the old leader epoch. Only requests of the snapshot's
     * version are answered so, and the answer names the snapshot's topics whatever the request
     * asks: a client asking again as it asked before gets what it heard then.
     *
     * @throws IllegalStateException if no snapshot was taken
     */
    public void answerMetadataFromSnapshot(boolean on) {
        if (on && metadataSnapshot == null) {
            throw new IllegalStateException(
                    "no Metadata snapshot on the proxy on port " + port() + ": call snapshotMetadata() first");
        }
        this.metadataFromSnapshot = on;
    }

    /** How many Metadata requests were answered from the snapshot so far. */
    public int metadataAnsweredFromSnapshot() {
        return metadataAnsweredFromSnapshot.get();
    }

    /** While on, nothing is forwarded in either direction and no connection is closed. */
    public void blackHole(boolean on) {
        this.blackHole = on;
    }

    /**
     * While on, requests still reach the broker but nothing it answers is forwarded, and no
     * connection is closed: the broker writes what the client sends while the client hears
     * nothing, so its requests time out with their records in the log. What was held is forwarded
     * when it ends, on the connections still open.
     */
    public void holdResponses(boolean on) {
        this.responsesHeld = on;
    }

    /**
     * Ends a black hole for new connections at once, and for the connections that existed during
     * it only after {@code staleDelay}: what a client wrote on a connection it has given up on
     * reaches the broker after what it sent since on a new one, as packets held up in a network
     * path may. Requests that arrive after the client gave up are the case this makes certain.
     */
    public void endBlackHoleDeliveringStaleLater(Duration staleDelay) {
        staleUntilNanos = System.nanoTime() + staleDelay.toNanos();
        staleBelow = connections.get();
        blackHole = false;
    }

    /**
     * Sees each frame that passes: a request as the proxy reads it from the client (when the client
     * sent it, before any latency, black hole or drop), a response as the proxy writes it to the
     * client (a dropped one is not seen). For tests that check when a client sent a request, or what
     * the broker answered: Kafka's size-prefixed frame, with its header.
     */
    @FunctionalInterface
    public interface FrameListener {
        /** Called on the connection's proxy thread; must not block. */
        void onFrame(boolean request, byte[] frame);
    }

    /**
     * Sees each frame as a {@link FrameListener} does, and on which of the proxy's connections it
     * passed (numbered from 0 as the proxy accepts them): for tests that follow one connection, as a
     * broker mutes one connection for a throttle time (KIP-219) and kafka-clients holds back one.
     */
    @FunctionalInterface
    public interface ConnectionFrameListener {
        /** Called on the connection's proxy thread; must not block. */
        void onFrame(int connection, boolean request, byte[] frame);
    }

    /** Replaces the listener that sees each frame passing this proxy. */
    public void listen(FrameListener frameListener) {
        this.listener = (connection, request, frame) -> frameListener.onFrame(request, frame);
    }

    /** Replaces the listener that sees each frame passing this proxy, with its connection. */
    public void listen(ConnectionFrameListener frameListener) {
        this.listener = frameListener;
    }

    /** Delay added to every frame in both directions. */
    public void latency(Duration latency) {
        latencyMs.set(latency.toMillis());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("proxy accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                Socket broker = new Socket();
                broker.connect(target, 5_000);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                Exchanges exchanges = new Exchanges(ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
                int connection = connections.getAndIncrement();
                pump(client, broker, exchanges, true, connection);
                pump(broker, client, exchanges, false, connection);
            } catch (IOException e) {
                LOG.debug("proxy cannot reach the broker at {}: {}", target, e.toString());
                closeQuietly(client);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a proxied socket failed: {}", e.toString());
        }
    }

    private void pump(Socket from, Socket to, Exchanges exchanges, boolean requests, int connection) {
        Thread thread = new Thread(
                () -> forwardFrames(from, to, exchanges, requests, connection),
                "fault-proxy-" + (requests ? "requests-" : "responses-") + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void forwardFrames(Socket from, Socket to, Exchanges exchanges, boolean requests, int connection) {
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                byte[] frame = readFrame(in);
                if (frame == null) {
                    return;
                }
                if (requests) {
                    listener.onFrame(connection, true, frame);
                }
                awaitForwarding(connection, requests);
                if (requests) {
                    short apiKey = readShort(frame, 4);
                    if (apiKey == PRODUCE) {
                        if (produceRequestsToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            lostProduceRequests.incrementAndGet();
                            LOG.info("proxy dropped a Produce request and kept the connection");
                            continue;
                        }
                        forwardedProduceRequests.incrementAndGet();
                        exchanges.produce().add(readInt(frame, 8));
                    } else if (apiKey == METADATA) {
                        exchanges.metadata().put(readInt(frame, 8), readShort(frame, 6));
                    }
                } else {
                    int correlationId = readInt(frame, 4);
                    if (exchanges.produce().remove(correlationId)
                            && produceResponsesToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        lostProduceResponses.incrementAndGet();
                        LOG.info("proxy dropped a Produce response and cut the connection");
                        return;
                    }
                    Short metadataVersion = exchanges.metadata().remove(correlationId);
                    if (metadataVersion != null) {
                        frame = maybeFromSnapshot(new MetadataResponse(metadataVersion, frame), correlationId);
                    }
                }
                if (!requests) {
                    listener.onFrame(connection, false, frame);
                }
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("proxy connection ended: {}", e.toString());
        }
    }

    /**
     * The broker's Metadata response, kept as the latest; or the snapshot under the request's
     * correlation id while Metadata is answered from it. Replacing the answer rather than answering
     * in the broker's place keeps the answers on a connection in the order of its requests.
     */
    private byte[] maybeFromSnapshot(MetadataResponse fromBroker, int correlationId) {
        latestMetadata = fromBroker;
        MetadataResponse snapshot = metadataSnapshot;
        if (!metadataFromSnapshot || snapshot == null || snapshot.version() != fromBroker.version()) {
            return fromBroker.frame();
        }
        byte[] answer = snapshot.frame().clone();
        writeInt(answer, 4, correlationId);
        metadataAnsweredFromSnapshot.incrementAndGet();
        LOG.info("proxy answered a Metadata request from its snapshot");
        return answer;
    }

    private void awaitForwarding(int connection, boolean request) throws IOException {
        try {
            long delay = latencyMs.get();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            while ((blackHole
                            || (!request && responsesHeld)
                            || (connection < staleBelow && System.nanoTime() < staleUntilNanos))
                    && !closed) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] size = in.readNBytes(4);
        if (size.length < 4) {
            return null;
        }
        int length = readInt(size, 0);
        byte[] frame = new byte[4 + length];
        System.arraycopy(size, 0, frame, 0, 4);
        if (in.readNBytes(frame, 4, length) < length) {
            return null;
        }
        return frame;
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24)
                | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8)
                | (bytes[offset + 3] & 0xff);
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static short readShort(byte[] bytes, int offset) {
        return (short) (((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff));
    }

    /** One connection's requests awaiting an answer the proxy looks at: Produce, and Metadata with its version. */
    private record Exchanges(Set<Integer> produce, Map<Integer, Short> metadata) {}

    private record MetadataResponse(short version, byte[] frame) {}

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the proxy's server socket failed: {}", e.toString());
        }
        sockets.forEach(FaultProxy::closeQuietly);
    }
}
