package dev.ferry.producer.internal.accumulator;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One partition's batches in order: a ring of slots whose length is a power of two, and a count.
 *
 * <p>Not {@code java.util.ArrayDeque}: its {@code size()} and {@code peekLast()} take a branch of their
 * own when the ring has wrapped around, and the send path and the I/O thread's round call them for
 * every record and round. With large batches a partition's ring first wrapped after sixteen batches,
 * long after C2 had compiled those paths on a profile in which no ring ever had, and the first
 * wrap discarded the compiled append (0.2 s of C2's time in a million records of 100 B in 1 MB batches).
 * Here the count is a field and positions are masked, so neither read branches; the slots outside
 * the queued batches are null, so the first or last of an empty queue reads as null.
 *
 * <p>Not thread-safe: guarded by its own monitor, as the accumulator uses it.
 */
final class BatchQueue implements Iterable<ProducerBatch> {
    /** A power of two; room for a backlog of this many batches before the ring grows. */
    private static final int INITIAL_SLOTS = 32;

    private ProducerBatch[] slots = new ProducerBatch[INITIAL_SLOTS];
    private int head;
    private int count;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The first batch, or null if there is none. */
    ProducerBatch peekFirst() {
        return slots[head];
    }

    /** The last batch, or null if there is none. */
    ProducerBatch peekLast() {
        return slots[(head + count - 1) & (slots.length - 1)];
    }

    void addLast(ProducerBatch batch) {
        growIfFull();
        slots[(head + count) & (slots.length - 1)] = batch;
        count++;
    }

    void addFirst(ProducerBatch batch) {
        growIfFull();
        head = (head - 1) & (slots.length - 1);
        slots[head] = batch;
        count++;
    }

    /** Takes the first batch off; null if there is none. */
    ProducerBatch pollFirst() {
        ProducerBatch first = slots[head];
        slots[head] = null;
        int taken = Math.min(count, 1);
        head = (head + taken) & (slots.length - 1);
        count -= taken;
        return first;
    }

    /** Takes {@code batch} off wherever it is; false if it is not queued. */
    boolean remove(ProducerBatch batch) {
        int mask = slots.length - 1;
        for (int i = 0; i < count; i++) {
            if (slots[(head + i) & mask] == batch) {
                for (int j = i; j < count - 1; j++) {
                    slots[(head + j) & mask] = slots[(head + j + 1) & mask];
                }
                slots[(head + count - 1) & mask] = null;
                count--;
                return true;
            }
        }
        return false;
    }

    /** Moves every batch, in order, to the end of {@code into}. */
    void drainTo(List<ProducerBatch> into) {
        while (count > 0) {
            into.add(pollFirst());
        }
    }

    /** In queue order; the queue must not change while it is iterated. */
    @Override
    public Iterator<ProducerBatch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public ProducerBatch next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return slots[(head + next++) & (slots.length - 1)];
            }
        };
    }

    private void growIfFull() {
        if (count == slots.length) {
            ProducerBatch[] grown = new ProducerBatch[slots.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = slots[(head + i) & (slots.length - 1)];
            }
            slots = grown;
            head = 0;
        }
    }
}
