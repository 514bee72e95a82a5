package dev.ferry.producer.internal.network;

/**
 * Socket and timing settings of the network client, from the producer's config.
 *
 * @param sendBufferBytes             SO_SNDBUF, or -1 for the OS default ({@code send.buffer.bytes})
 * @param receiveBufferBytes          SO_RCVBUF, or -1 for the OS default ({@code receive.buffer.bytes})
 * @param maxResponseBytes            largest response frame accepted; a larger size prefix means a broken stream
 * @param requestTimeoutMs            {@code request.timeout.ms}
 * @param reconnectBackoffMs          {@code reconnect.backoff.ms}
 * @param reconnectBackoffMaxMs       {@code reconnect.backoff.max.ms}
 * @param connectionsMaxIdleMs        {@code connections.max.idle.ms}
 * @param connectionSetupTimeoutMs    {@code socket.connection.setup.timeout.ms}: TCP connect plus TLS handshake
 * @param connectionSetupTimeoutMaxMs {@code socket.connection.setup.timeout.max.ms}
 */
public record SocketSettings(
        int sendBufferBytes,
        int receiveBufferBytes,
        int maxResponseBytes,
        int requestTimeoutMs,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        long connectionsMaxIdleMs,
        long connectionSetupTimeoutMs,
        long connectionSetupTimeoutMaxMs) {}
