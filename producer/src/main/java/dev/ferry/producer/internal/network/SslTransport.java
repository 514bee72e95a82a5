package dev.ferry.producer.internal.network;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * SSL and SASL_SSL: an SSLEngine between the connection and its socket. Records are unwrapped into
 * a buffer the reader drains before touching the socket again, so a caller that reads until a read
 * comes up short never leaves decrypted bytes behind (the selector would not wake up for them).
 * Delegated tasks (certificate checks) run inline on the I/O thread, as in kafka-clients.
 */
final class SslTransport implements TransportLayer {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Encrypted bytes from the socket, write mode: reads fill it, unwrap drains it. */
    private ByteBuffer netIn;
    /** Encrypted bytes for the socket, read mode: wrap fills it, socket writes drain it. */
    private ByteBuffer netOut;
    /** Decrypted bytes not yet read, read mode. */
    private ByteBuffer appIn;

    private boolean handshakeStarted;
    private boolean handshakeDone;
    private boolean applicationDataReceived;
    private boolean endOfStream;

    SslTransport(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packetSize);
        this.netOut = ByteBuffer.allocate(packetSize).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize())
                .flip();
    }

    @Override
    public boolean handshake() throws IOException {
        if (handshakeDone) {
            return true;
        }
        if (!handshakeStarted) {
            engine.beginHandshake();
            handshakeStarted = true;
        }
        while (flush()) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runDelegatedTasks();
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap()) {
                        if (endOfStream) {
                            throw new EOFException("the broker closed the connection during the TLS handshake");
                        }
                        return false;
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    handshakeDone = true;
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public int handshakeInterestOps() {
        return netOut.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read = 0;
        while (true) {
            read += transfer(appIn, dst);
            if (!dst.hasRemaining()) {
                return read;
            }
            if (!unwrap()) {
                return read == 0 && endOfStream ? -1 : read;
            }
        }
    }

    @Override
    public void write(ByteBuffer[] srcs) throws IOException {
        while (flush() && hasRemaining(srcs)) {
            wrap(srcs);
        }
    }

    @Override
    public boolean hasPendingWrites() {
        return netOut.hasRemaining();
    }

    @Override
    public boolean isHandshakeFailure(Exception failure) {
        // TLS 1.3 lets the client finish its side before the broker checks the client certificate:
        // the broker's refusal then arrives as an alert on the first read, still an authentication failure
        return failure instanceof SSLException && !applicationDataReceived;
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            netOut.clear();
            engine.wrap(NOTHING, netOut);
            netOut.flip();
            channel.write(netOut);
        } catch (IOException | RuntimeException e) {
            // close_notify is a courtesy; the socket closes below either way
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket can fail again; the connection is gone either way
        }
    }

    /** Unwraps one record; false when no whole record can be had now (or the stream ended). */
    private boolean unwrap() throws IOException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (result.bytesProduced() > 0) {
                        applicationDataReceived = true;
                    }
                    return afterUnwrap(result);
                }
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        netIn = enlargeWriteMode(netIn, engine.getSession().getPacketBufferSize());
                    }
                    int n = channel.read(netIn);
                    if (n < 0) {
                        endOfStream = true;
                        return false;
                    }
                    if (n == 0) {
                        return false;
                    }
                }
                case BUFFER_OVERFLOW ->
                    appIn = enlargeReadMode(appIn, engine.getSession().getApplicationBufferSize() + appIn.remaining());
                case CLOSED -> {
                    endOfStream = true;
                    return false;
                }
            }
        }
    }

    /** Handles what a record asks for besides data (certificate checks, a post-handshake answer). */
    private boolean afterUnwrap(SSLEngineResult result) throws IOException {
        SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
            status = engine.getHandshakeStatus();
        }
        if (handshakeDone && status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            wrap(NOTHING);
            flush();
        }
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    }

    private void wrap(ByteBuffer[] srcs) throws IOException {
        netOut.compact();
        SSLEngineResult result;
        try {
            result = engine.wrap(srcs, netOut);
        } finally {
            netOut.flip();
        }
        switch (result.getStatus()) {
            case OK -> {
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                }
            }
            case BUFFER_OVERFLOW ->
                netOut = enlargeReadMode(netOut, engine.getSession().getPacketBufferSize() + netOut.remaining());
            case CLOSED -> throw new EOFException("the TLS session is closed");
            case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap cannot underflow");
        }
    }

    /** Writes pending encrypted bytes; true when none are left. */
    private boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static int transfer(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        if (n > 0) {
            ByteBuffer slice = from.slice(from.position(), n);
            to.put(slice);
            from.position(from.position() + n);
        }
        return n;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer enlargeWriteMode(ByteBuffer buffer, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    private static ByteBuffer enlargeReadMode(ByteBuffer buffer, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, buffer.capacity()));
        bigger.put(buffer);
        return bigger.flip();
    }
}
