package dev.ferry.producer.internal.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A heap buffer that grows when written past its capacity, also usable as an {@link OutputStream}
 * for stream-only codecs. Growing replaces the buffer: callers read {@link #buffer()} at the end.
 */
final class ByteBufferOutput extends OutputStream {
    private ByteBuffer buffer;

    ByteBufferOutput(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Makes room for {@code bytes} more and returns the (possibly new) buffer to write into. */
    ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            long wanted = Math.max((long) buffer.capacity() * 2, (long) buffer.position() + bytes);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("Record batch would exceed 2 GiB");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) wanted);
            bigger.put(buffer.flip());
            buffer = bigger;
        }
        return buffer;
    }

    @Override
    public void write(int b) {
        ensure(1).put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length).put(bytes, offset, length);
    }
}
