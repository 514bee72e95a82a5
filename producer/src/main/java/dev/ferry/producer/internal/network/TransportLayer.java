package dev.ferry.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How bytes cross a broker connection's socket: as they are ({@link PlaintextTransport}) or
 * through TLS ({@link SslTransport}). Non-blocking like the socket: calls move what they can and
 * return. Confined to the I/O thread.
 */
interface TransportLayer {

    /** Moves the transport's own handshake on; true once application data may flow. */
    boolean handshake() throws IOException;

    /** The selector interest while {@link #handshake()} is not done. */
    int handshakeInterestOps();

    /**
     * Reads into {@code dst} what has arrived; -1 at the end of the stream. Fewer bytes than
     * {@code dst} has room for means nothing more had arrived (TLS: nothing more to decrypt without
     * the socket's next bytes), so the caller may wait for the socket to be readable again.
     */
    int read(ByteBuffer dst) throws IOException;

    /** Takes what it can of {@code srcs}; returns when they are taken or the socket is full. */
    void write(ByteBuffer[] srcs) throws IOException;

    /** Whether bytes taken by {@link #write} still wait for the socket, so OP_WRITE is needed. */
    boolean hasPendingWrites();

    /** Whether a failure on this transport means the peer refused the handshake (an authentication failure). */
    boolean isHandshakeFailure(Exception failure);

    void close();
}
