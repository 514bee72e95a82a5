package dev.ferry.producer.internal.record;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The heap buffers in which compressed batches collect their records until they are compressed,
 * reused from batch to batch. A staging buffer is as large as the batch before compression, so
 * allocating one per batch cost more garbage than the records' own bytes. A buffer that had to
 * grow comes back grown, so the pool settles at the size the batches need; at most
 * {@code maxIdle} idle buffers are kept.
 *
 * <p>Thread-safe: batches take buffers on the sending threads and give them back on the I/O thread.
 */
public final class StagingBuffers {
    /** No reuse: every batch allocates its own staging buffer. */
    public static final StagingBuffers NONE = new StagingBuffers(0);

    private final int maxIdle;
    /** Guarded by this. */
    private final Deque<ByteBuffer> idle = new ArrayDeque<>();

    public StagingBuffers(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An empty buffer of at least {@code minCapacity} bytes. */
    ByteBuffer acquire(int minCapacity) {
        if (maxIdle > 0) {
            synchronized (this) {
                ByteBuffer buffer = idle.pollFirst();
                // a smaller one is dropped: the grown buffers coming back replace it
                if (buffer != null && buffer.capacity() >= minCapacity) {
                    return buffer.clear();
                }
            }
        }
        return ByteBuffer.allocate(minCapacity);
    }

    /** Takes back a buffer whose contents are no longer needed. */
    void release(ByteBuffer buffer) {
        if (maxIdle > 0) {
            synchronized (this) {
                if (idle.size() < maxIdle) {
                    idle.addFirst(buffer);
                }
            }
        }
    }
}
