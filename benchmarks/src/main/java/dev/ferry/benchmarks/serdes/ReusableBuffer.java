package dev.ferry.benchmarks.serdes;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized growable buffer: the floor's reused output, so the floor pays no locking. */
final class ReusableBuffer extends OutputStream {

    private byte[] bytes = new byte[512];
    private int count;

    void reset() {
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

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }

    private void ensure(int extra) {
        if (count + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + extra));
        }
    }
}
