package dev.ferry.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** PLAINTEXT and SASL_PLAINTEXT: the socket as it is, with gathering writes straight from the request buffers. */
final class PlaintextTransport implements TransportLayer {
    private final SocketChannel channel;

    PlaintextTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public int handshakeInterestOps() {
        return SelectionKey.OP_READ;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer[] srcs) throws IOException {
        channel.write(srcs);
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isHandshakeFailure(Exception failure) {
        return false;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket can fail again; the connection is gone either way
        }
    }
}
