package dev.ferry.registry.internal.cache;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A direct-mapped table in front of a cache of immutable facts keyed by an {@code int} (schema ids):
 * a hit costs one array read and no allocation (no boxing). A slot holds the last entry stored for
 * its hash; a collision overwrites it, which only costs a trip to the cache behind. Thread-safe:
 * entries are immutable and published through the array.
 */
public final class IntKeyedFront<V> {

    private record Entry<V>(int key, V value) {}

    private final AtomicReferenceArray<Entry<V>> slots;
    private final int mask;

    /** @param capacity rounded up to a power of two */
    public IntKeyedFront(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    public V get(int key) {
        Entry<V> entry = slots.getAcquire(index(key));
        return entry != null && entry.key == key ? entry.value : null;
    }

    public void put(int key, V value) {
        slots.setRelease(index(key), new Entry<>(key, value));
    }

    public void remove(int key) {
        int index = index(key);
        Entry<V> entry = slots.get(index);
        if (entry != null && entry.key == key) {
            slots.compareAndSet(index, entry, null);
        }
    }

    public void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    private int index(int key) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
