package dev.ferry.producer.internal.network;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Cuts the bytes a connection receives into Kafka's size-prefixed response frames. One read takes
 * whatever has arrived, up to {@link #BUFFERED_BYTES}: the responses that arrived together (a produce
 * response is about a hundred bytes) cost one read call, not one for the size and one for the
 * payload of each, and a read that left room says nothing more has arrived ({@link #caughtUp}), so
 * no read is spent finding the socket empty. A frame larger than that buffer is read into a buffer
 * of its own once its size is known. Each frame is handed out in a buffer of its own (position 0,
 * limit its size), which the receiver may keep.
 *
 * <p>Confined to the I/O thread.
 */
final class ResponseFrames {
    static final int BUFFERED_BYTES = 16 * 1024;

    private final int maxFrameBytes;
    /** In read mode: from position to limit, bytes read and not yet handed out. */
    private final ByteBuffer received = ByteBuffer.allocate(BUFFERED_BYTES).flip();
    /** A frame larger than {@link #received}, filled by reads of its own; null when none is. */
    private ByteBuffer large;
    /** Whether the last read filled all the room it had, so more may have arrived than it took. */
    private boolean lastReadFull;

    ResponseFrames(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next complete frame (without its size), or null until more bytes are read.
     *
     * @throws IOException when a frame's size is outside 4..{@code maxFrameBytes}
     */
    ByteBuffer next() throws IOException {
        if (large != null) {
            if (large.hasRemaining()) {
                return null;
            }
            ByteBuffer frame = large.flip();
            large = null;
            return frame;
        }
        if (received.remaining() < Integer.BYTES) {
            return null;
        }
        int size = received.getInt(received.position());
        if (size < 4 || size > maxFrameBytes) {
            throw new IOException("response frame of " + size + " bytes is outside 4.." + maxFrameBytes);
        }
        int available = received.remaining() - Integer.BYTES;
        if (available < size && Integer.BYTES + size <= received.capacity()) {
            return null;
        }
        received.position(received.position() + Integer.BYTES);
        ByteBuffer frame = ByteBuffer.allocate(size);
        int taken = Math.min(size, available);
        frame.put(frame.position(), received, received.position(), taken).position(taken);
        received.position(received.position() + taken);
        if (frame.hasRemaining()) {
            large = frame;
            return null;
        }
        return frame.flip();
    }

    /** One read from {@code transport} into the frame being filled; the bytes read, -1 at the end of the stream. */
    int readFrom(TransportLayer transport) throws IOException {
        ByteBuffer into = large != null ? large : received.compact();
        int room = into.remaining();
        try {
            int read = transport.read(into);
            lastReadFull = read == room;
            return read;
        } finally {
            if (into == received) {
                received.flip();
            }
        }
    }

    /**
     * Whether the last read took less than it had room for: the transport had nothing more then
     * (a socket's receive queue empty, TLS waiting for the rest of a record), so another read would
     * find nothing, and what arrives later makes the socket readable again.
     */
    boolean caughtUp() {
        return !lastReadFull;
    }

    /** Whether part of a frame has been read. */
    boolean inFrame() {
        return large != null || received.hasRemaining();
    }
}
