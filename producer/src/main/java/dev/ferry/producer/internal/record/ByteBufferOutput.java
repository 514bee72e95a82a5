package dev.ferry.producer.internal.record;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A heap buffer that grows when written past its capacity, also usable as an {@link OutputStream}
 * for stream-only codecs. Growing replaces the buffer: callers read {@link #buffer()} at the end.
 * While growth is {@linkplain #allowGrowth forbidden}, writing past the capacity throws
 * {@link DoesNotFit} instead.
 */
final class ByteBufferOutput extends OutputStream {
    private ByteBuffer buffer;
    private boolean growable = true;

    ByteBufferOutput(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    void allowGrowth(boolean allow) {
        growable = allow;
    }

    /** Makes room for {@code bytes} more and returns the (possibly new) buffer to write into. */
    ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            if (!growable) {
                throw new DoesNotFit();
            }
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

    /**
     * The answer to writing past the capacity of an output that may not grow; not a failure, so
     * without a stack trace. A new one each time: a codec's stream that hits it again while closing
     * adds the second to the first.
     */
    static final class DoesNotFit extends RuntimeException {
        DoesNotFit() {
            super("the output may not grow", null, true, false);
        }
    }
}
