package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.Callback;
import dev.ferry.producer.RecordMetadata;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * What a batch keeps per record until it completes: the future, the callback, the timestamp and the
 * serialized key and value sizes, indexed by offset delta, and the metadata while it completes.
 * Allocated per batch they were about a fifth of the producer's garbage per record, so finished
 * batches give them back to a {@link Pool} and new batches take them from there.
 *
 * <p>Not thread-safe: owned by one batch at a time (see {@link ProducerBatch} for its threads).
 */
final class RecordSlots {
    CompletableFuture<RecordMetadata>[] futures;
    Callback[] callbacks;
    long[] timestamps;
    /** Key size at {@code 2 * i}, value size at {@code 2 * i + 1}; -1 for null. */
    int[] serializedSizes;
    /**
     * Each record's metadata while its batch completes: built once for the callback and kept for
     * the future, which completes only after every callback of the batch ran. Empty otherwise.
     */
    RecordMetadata[] metadata;

    @SuppressWarnings({"unchecked", "rawtypes"})
    RecordSlots(int capacity) {
        futures = new CompletableFuture[capacity];
        callbacks = new Callback[capacity];
        timestamps = new long[capacity];
        serializedSizes = new int[capacity * 2];
        metadata = new RecordMetadata[capacity];
    }

    int capacity() {
        return futures.length;
    }

    void ensureCapacity(int records) {
        if (records <= futures.length) {
            return;
        }
        int capacity = Math.max(records, futures.length * 2);
        futures = Arrays.copyOf(futures, capacity);
        callbacks = Arrays.copyOf(callbacks, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        serializedSizes = Arrays.copyOf(serializedSizes, capacity * 2);
        metadata = new RecordMetadata[capacity];
    }

    /** Drops the first {@code records} futures, callbacks and metadata, so an idle slot set keeps no caller's objects alive. */
    void clear(int records) {
        Arrays.fill(futures, 0, records, null);
        Arrays.fill(callbacks, 0, records, null);
        Arrays.fill(metadata, 0, records, null);
    }

    /**
     * The idle slot sets, like {@link dev.ferry.producer.internal.record.StagingBuffers}: a set that
     * had to grow comes back grown, so the pool settles at the size the batches need; at most
     * {@code maxIdle} are kept.
     *
     * <p>Thread-safe: batches take slots on the sending threads and give them back on the I/O thread.
     */
    static final class Pool {
        /** Idle sets the deque has room for from the start (1 KiB batches in 32 MB of buffer.memory: 32,768). */
        private static final int PRESIZED_IDLE = 1 << 16;

        private final int maxIdle;
        /** Guarded by this. */
        private final Deque<RecordSlots> idle;

        Pool(int maxIdle) {
            this.maxIdle = maxIdle;
            // Sized up front: a deque that grows as a backlog's sets come back grows on the I/O thread's
            // compiled completion path, where C2 compiled the growth as a trap and discarded the
            // compiled response handling (0.3 s of C2 time in the latency profile).
            this.idle = new ArrayDeque<>(Math.min(maxIdle, PRESIZED_IDLE));
        }

        /** Slots for at least {@code expectedRecords}, reused when one is idle; they grow with the batch if needed. */
        RecordSlots acquire(int expectedRecords) {
            RecordSlots slots;
            synchronized (this) {
                slots = idle.pollFirst();
            }
            if (slots == null) {
                return new RecordSlots(expectedRecords);
            }
            slots.ensureCapacity(expectedRecords);
            return slots;
        }

        /** Takes back the slots of a finished batch that held {@code records} records. */
        void release(RecordSlots slots, int records) {
            slots.clear(records);
            synchronized (this) {
                if (idle.size() < maxIdle) {
                    idle.addFirst(slots);
                }
            }
        }
    }
}
