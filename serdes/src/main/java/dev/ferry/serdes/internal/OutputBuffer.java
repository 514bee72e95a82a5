package dev.ferry.serdes.internal;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer reused per thread, so encoding allocates only the final output array. */
public final class OutputBuffer extends OutputStream {

    private static final int MAX_RETAINED = 1 << 20;

    private byte[] bytes = new byte[512];
    private int count;

    /** Empties the buffer, dropping an oversized array so one huge record does not pin memory. */
    public void reset() {
        if (bytes.length > MAX_RETAINED) {
            bytes = new byte[512];
        }
        count = 0;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    /** Resets, then writes what goes in front of the payload ({@link SchemaIdFraming#prefix()}). */
    public void startFrame(byte[] prefix) {
        reset();
        write(prefix, 0, prefix.length);
    }

    /** A copy of the bytes written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    private void ensure(int extra) {
        if (count + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + extra));
        }
    }
}
