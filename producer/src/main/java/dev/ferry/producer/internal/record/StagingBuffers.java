package dev.ferry.producer.internal.record;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The heap buffers in which compressed batches collect their records until they are compressed,
 * reused from batch to batch. A staging buffer is as large as the batch before compression (for
 * LZ4 and snappy, whose full blocks are compressed as they fill, a block and a record), so
 * allocating one per batch cost more garbage than the records' own bytes. A buffer that had to
 * grow comes back grown, so the pool settles at the size the batches need; at most
 * {@code maxIdle} idle buffers are kept.
 *
 * <p>The buffers handed out and kept idle hold at most {@code limitBytes} between them, once a
 * batch has its first buffer: a batch is filled to {@code batch.size} at the estimated compression
 * ratio, so without a limit a topic that compresses 100× would hold a hundred times
 * {@code buffer.memory} of uncompressed records while its batches wait to be sent. Past the limit
 * a buffer does not {@link #grow}, idle ones are dropped first, and its batch is full. A new batch's
 * first buffer is given even past the limit (at its smallest), so that it can take its first record;
 * the buffer pool bounds how many batches there are.
 *
 * <p>Thread-safe: batches take buffers on the sending threads and give them back on the I/O thread.
 */
public final class StagingBuffers {
    /** No reuse and no limit: every batch allocates its own staging buffer. */
    public static final StagingBuffers NONE = new StagingBuffers(0, Long.MAX_VALUE);
    /** Idle buffers the deque has room for from the start. */
    private static final int PRESIZED_IDLE = 1 << 16;

    private final int maxIdle;
    private final long limitBytes;
    /** Guarded by this. */
    private final Deque<ByteBuffer> idle;
    /** The capacity of the buffers handed out and idle. Guarded by this. */
    private long heldBytes;

    public StagingBuffers(int maxIdle, long limitBytes) {
        this.maxIdle = maxIdle;
        this.limitBytes = limitBytes;
        // sized up front, as the buffer pool's free list and for the same reason (see BufferPool)
        this.idle = new ArrayDeque<>(Math.min(maxIdle, PRESIZED_IDLE));
    }

    /**
     * An empty buffer of at least {@code wantedCapacity} bytes while the limit allows, else of at
     * least {@code minCapacity}, past the limit too. An idle buffer smaller than wanted is replaced
     * while the limit allows, so that batches whose estimate lets them take more than their buffer
     * start with room for it instead of growing once they are full.
     */
    ByteBuffer acquire(int minCapacity, int wantedCapacity) {
        int capacity;
        synchronized (this) {
            ByteBuffer buffer = idle.pollFirst();
            if (buffer != null) {
                if (buffer.capacity() >= wantedCapacity) {
                    return buffer.clear();
                }
                heldBytes -= buffer.capacity();
            }
            dropIdleWhileOver(wantedCapacity);
            if (heldBytes + wantedCapacity <= limitBytes) {
                capacity = wantedCapacity;
            } else if (buffer != null && buffer.capacity() >= minCapacity) {
                heldBytes += buffer.capacity();
                return buffer.clear();
            } else {
                capacity = minCapacity;
            }
            heldBytes += capacity;
        }
        return ByteBuffer.allocate(capacity);
    }

    /**
     * A buffer of {@code capacity} bytes that holds what {@code buffer} holds (written up to its
     * position), or null if it would take the buffers past the limit.
     */
    ByteBuffer grow(ByteBuffer buffer, long capacity) {
        if (capacity > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("Record batch would exceed 2 GiB");
        }
        long more = capacity - buffer.capacity();
        synchronized (this) {
            dropIdleWhileOver(more);
            if (heldBytes + more > limitBytes) {
                return null;
            }
            heldBytes += more;
        }
        return ByteBuffer.allocate((int) capacity).put(buffer.flip());
    }

    /** Takes back a buffer from {@link #acquire} or {@link #grow} whose contents are no longer needed. */
    void release(ByteBuffer buffer) {
        synchronized (this) {
            if (idle.size() < maxIdle) {
                idle.addFirst(buffer);
            } else {
                heldBytes -= buffer.capacity();
            }
        }
    }

    /** The capacity of the buffers handed out and idle. */
    synchronized long heldBytes() {
        return heldBytes;
    }

    private void dropIdleWhileOver(long more) {
        while (heldBytes + more > limitBytes && !idle.isEmpty()) {
            heldBytes -= idle.pollLast().capacity();
        }
    }
}
