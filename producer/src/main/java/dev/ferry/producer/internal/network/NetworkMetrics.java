package dev.ferry.producer.internal.network;

/**
 * Where {@link NetworkClient} counts its traffic, measured where kafka-clients' {@code Selector}
 * measures it: bytes as they cross the transport (before TLS, with each frame's int32 size prefix),
 * a request when its last byte is written, a response when its last byte is read, each with its
 * whole frame's size.
 *
 * <p>Called on the I/O thread only.
 */
public interface NetworkMetrics {

    /** Counts nothing: for networks whose traffic is not the producer's own. */
    NetworkMetrics NONE = new NetworkMetrics() {
        @Override
        public void connectionOpened() {}

        @Override
        public void connectionEstablished() {}

        @Override
        public void connectionClosed() {}

        @Override
        public void polled(long selectNanos, long ioNanos) {}

        @Override
        public Node node(int nodeId) {
            return Node.NONE;
        }
    };

    /** A socket started connecting: it counts in {@code connection-count} until closed. */
    void connectionOpened();

    /** The TCP connection of an opened socket is up (before any TLS handshake): {@code connection-creation}. */
    void connectionEstablished();

    /** An opened socket was closed, connected or not: {@code connection-close}. */
    void connectionClosed();

    /**
     * One poll: {@code selectNanos} blocked in the selector, {@code ioNanos} reading and writing the
     * ready sockets afterwards (response handlers excluded).
     */
    void polled(long selectNanos, long ioNanos);

    /** The counters of one broker connection's traffic; looked up once per connection. */
    Node node(int nodeId);

    /** Traffic of one node's connections. */
    interface Node {
        Node NONE = new Node() {
            @Override
            public void bytesSent(long bytes) {}

            @Override
            public void requestSent(long frameBytes) {}

            @Override
            public void bytesReceived(long bytes) {}

            @Override
            public void responseReceived(long frameBytes) {}
        };

        /** One write moved {@code bytes} (> 0) of request frames to the transport. */
        void bytesSent(long bytes);

        /** A request frame of {@code frameBytes} (size prefix included) was written whole. */
        void requestSent(long frameBytes);

        /** One read moved {@code bytes} (> 0) of response frames from the transport. */
        void bytesReceived(long bytes);

        /** A response frame of {@code frameBytes} (size prefix included) was read whole. */
        void responseReceived(long frameBytes);
    }
}
