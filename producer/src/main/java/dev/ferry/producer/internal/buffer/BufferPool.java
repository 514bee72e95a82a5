package dev.ferry.producer.internal.buffer;

import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.TimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The memory for batches waiting to be sent, bounded by {@code buffer.memory}. Buffers of exactly
 * {@code batch.size} bytes are kept for reuse after their batch is sent, so the steady state
 * allocates nothing; other sizes are allocated on demand and left to the garbage collector, only
 * their bytes being counted.
 *
 * <p>When the memory is used up, {@link #allocate} blocks up to {@code max.block.ms} and then throws
 * a {@link TimeoutException} saying the buffer is full. Waiters are served strictly first come,
 * first served: a newcomer never takes memory ahead of a thread already waiting, and a large
 * request gathers memory as it frees up instead of being starved by small ones.
 *
 * <p>Thread safety: thread-safe; the pool's monitor guards all state, and waiters wait on it. A monitor,
 * not a {@code ReentrantLock} and its conditions: the lock's code is inlined into the compiled send and
 * completion paths, and the pool's first wait changes it under them — the JDK loads its condition-wait
 * node class, which C2's compiled code assumed absent, and the first waiter woken takes a branch of
 * {@code LockSupport.unpark} no profile had seen — so both discarded compiled code that had nothing else
 * to do with waiting. The nano-time source is injected for the wait-time metric.
 */
public final class BufferPool {
    /** Pooled buffers the free list has room for from the start (1 KiB batches in 32 MB: 32,768). */
    private static final int PRESIZED_FREE = 1 << 16;

    private final long totalMemory;
    private final int poolableSize;
    private final LongSupplier nanoClock;
    /** Hears every wait for memory, in nanoseconds, on the waiting thread. */
    private final LongConsumer waitObserver;

    private final Object lock = new Object();
    /** Guarded by lock. */
    private final Deque<ByteBuffer> free;
    /** Guarded by lock: the threads waiting to allocate, first come first served. */
    private final Deque<Thread> waiters = new ArrayDeque<>();
    /** Guarded by lock: memory neither in use nor held in {@link #free}. */
    private long nonPooledAvailableMemory;
    /** Guarded by lock. */
    private long waitTimeNanosTotal;
    /** Guarded by lock. */
    private boolean closed;

    /** A pool whose waits only {@link #waitTimeNanosTotal()} counts. */
    public BufferPool(long totalMemory, int poolableSize, LongSupplier nanoClock) {
        this(totalMemory, poolableSize, nanoClock, nanos -> {});
    }

    /**
     * @param totalMemory  {@code buffer.memory}
     * @param poolableSize {@code batch.size}: buffers of this size are reused
     * @param nanoClock    a monotonic nano-time source, normally {@code System::nanoTime}
     * @param waitObserver told of every wait for memory (nanoseconds), on the waiting thread while
     *                     it holds the pool's lock: it must be quick (the bufferpool-wait-ratio metric)
     */
    public BufferPool(long totalMemory, int poolableSize, LongSupplier nanoClock, LongConsumer waitObserver) {
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.nanoClock = nanoClock;
        this.waitObserver = waitObserver;
        this.nonPooledAvailableMemory = totalMemory;
        // Sized up front for every batch buffer (up to 64 Ki of them): growing while a backlog's buffers come
        // back, on the I/O thread's compiled completion path, is a branch C2 compiles as a trap.
        this.free = new ArrayDeque<>((int) Math.min(PRESIZED_FREE, totalMemory / Math.max(1, poolableSize)));
    }

    /**
     * A buffer of exactly {@code size} bytes, blocking up to {@code maxTimeToBlockMs} for memory.
     *
     * @throws TimeoutException         if the memory did not free up in time ("buffer full")
     * @throws ProducerClosedException  if the pool was closed before or while waiting
     * @throws IllegalArgumentException if {@code size} exceeds the whole pool (check the record size first)
     * @throws InterruptedException     if the waiting thread was interrupted; no memory is lost
     */
    public ByteBuffer allocate(int size, long maxTimeToBlockMs) throws InterruptedException {
        if (size > totalMemory) {
            throw new IllegalArgumentException(
                    "Cannot allocate " + size + " bytes: buffer.memory is only " + totalMemory + " bytes");
        }
        synchronized (lock) {
            checkNotClosedLocked();
            // not short-circuit: whether others wait is a branch a single sending thread sees one way only, and
            // C2 compiles such a branch as a trap in the send path it inlines this method into
            if (waiters.isEmpty() & size == poolableSize & !free.isEmpty()) {
                return free.pollFirst();
            }
            return takeLocked(size, maxTimeToBlockMs);
        }
    }

    /** Returns a buffer of its full capacity to the pool. */
    public void deallocate(ByteBuffer buffer) {
        deallocate(buffer, buffer.capacity());
    }

    /**
     * Returns {@code size} bytes to the pool; a {@code batch.size} buffer is kept for reuse.
     */
    public void deallocate(ByteBuffer buffer, int size) {
        synchronized (lock) {
            if (size == poolableSize && size == buffer.capacity()) {
                buffer.clear();
                free.addLast(buffer);
            } else {
                nonPooledAvailableMemory += size;
            }
            // Whether anyone waits is not tested: the I/O thread would see that branch one way only until the pool
            // first runs dry, and its compiled completion path would be discarded then. Without waiters
            // notifyAll returns at once.
            lock.notifyAll();
        }
    }

    /** Fails every waiting and future allocation with {@link ProducerClosedException}. */
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Bytes free now, pooled or not: the {@code buffer-available-bytes} metric. */
    public long availableMemory() {
        synchronized (lock) {
            return availableLocked();
        }
    }

    /** {@code buffer.memory}: the {@code buffer-total-bytes} metric. */
    public long totalMemory() {
        return totalMemory;
    }

    public int poolableSize() {
        return poolableSize;
    }

    /** Threads blocked waiting for memory: the {@code waiting-threads} metric. */
    public int queued() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /** Total time threads spent blocked for memory: the {@code bufferpool-wait-time-ns-total} metric. */
    public long waitTimeNanosTotal() {
        synchronized (lock) {
            return waitTimeNanosTotal;
        }
    }

    /**
     * A buffer of {@code size} bytes from unpooled memory and freed pooled buffers, waiting for them when the
     * memory is used up.
     *
     * <p>Whether to wait is decided here, not in {@link #allocate}, and this method stays one: {@code allocate}
     * is small and C2 inlines it into the compiled send path, while this method is larger than C2 inlines at
     * a hot call site (325 bytes of bytecode) and is compiled on its own. The first wait takes a branch no
     * profile has seen until the pool first runs dry; compiled as a trap, its hit discards this method's code,
     * not the send path's (0.6 s of C2's time in the latency profile, where the pool runs dry after about
     * 260,000 records).
     */
    private ByteBuffer takeLocked(int size, long maxTimeToBlockMs) throws InterruptedException {
        if (waiters.isEmpty() && availableLocked() >= size) {
            freeUpLocked(size);
            nonPooledAvailableMemory -= size;
            return ByteBuffer.allocate(size);
        }
        Thread self = Thread.currentThread();
        waiters.addLast(self);
        long accumulated = 0;
        try {
            long remainingNs = TimeUnit.MILLISECONDS.toNanos(maxTimeToBlockMs);
            ByteBuffer pooled = null;
            while (accumulated < size) {
                // Only the first waiter takes memory, so a large request is not starved by later small ones.
                if (waiters.peekFirst() != self || !memoryAvailableLocked()) {
                    if (remainingNs <= 0) {
                        throw bufferFull(size, maxTimeToBlockMs);
                    }
                    long startNs = nanoClock.getAsLong();
                    try {
                        // woken by memory coming back, by close(), or by the time running out: the loop tells which
                        lock.wait(remainingNs / 1_000_000, (int) (remainingNs % 1_000_000));
                    } finally {
                        long waitedNs = Math.max(0, nanoClock.getAsLong() - startNs);
                        waitTimeNanosTotal += waitedNs;
                        waitObserver.accept(waitedNs);
                        remainingNs -= waitedNs;
                    }
                    checkNotClosedLocked();
                    continue;
                }
                if (size == poolableSize && !free.isEmpty()) {
                    // A returned batch buffer beats unpooled memory gathered so far: when buffer.memory is
                    // not a multiple of batch.size, the remainder is gathered first, and completing it
                    // from this buffer would dissolve the buffer and allocate a new one of the same size
                    // for every batch (kafka-clients' pool does so: 1 MB of garbage per batch with
                    // batch.size=1000000 and the default buffer.memory).
                    pooled = free.pollFirst();
                    nonPooledAvailableMemory += accumulated;
                    accumulated = size;
                } else {
                    freeUpLocked(size - accumulated);
                    long got = Math.min(size - accumulated, nonPooledAvailableMemory);
                    nonPooledAvailableMemory -= got;
                    accumulated += got;
                }
            }
            accumulated = 0;
            return pooled != null ? pooled : ByteBuffer.allocate(size);
        } finally {
            // On failure, what was gathered goes back, so a timed-out or interrupted wait loses no memory.
            nonPooledAvailableMemory += accumulated;
            waiters.remove(self);
            // the next waiter, now first, may take what is left
            if (!waiters.isEmpty() && memoryAvailableLocked()) {
                lock.notifyAll();
            }
        }
    }

    /** Bytes free now: unpooled memory and the pooled buffers together. */
    private long availableLocked() {
        return nonPooledAvailableMemory + (long) free.size() * poolableSize;
    }

    private boolean memoryAvailableLocked() {
        return nonPooledAvailableMemory > 0 || !free.isEmpty();
    }

    private TimeoutException bufferFull(int size, long maxTimeToBlockMs) {
        return new TimeoutException("Failed to allocate " + size + " bytes within max.block.ms=" + maxTimeToBlockMs
                + " ms: buffer full (buffer.memory=" + totalMemory + " bytes, available=" + availableMemory()
                + " bytes, batch.size=" + poolableSize + " bytes). Records are produced faster than they are "
                + "sent: check the brokers, or raise buffer.memory or max.block.ms");
    }

    /** Moves pooled buffers back to unpooled memory until {@code size} bytes are unpooled or none are left. */
    private void freeUpLocked(long size) {
        while (!free.isEmpty() && nonPooledAvailableMemory < size) {
            nonPooledAvailableMemory += free.pollLast().capacity();
        }
    }

    private void checkNotClosedLocked() {
        if (closed) {
            throw new ProducerClosedException("producer closed while waiting for buffer memory");
        }
    }
}
