package dev.ferry.serdes.internal;

import java.util.function.IntFunction;

/**
 * Values by schema id for the deserializing hot path: a read neither locks, boxes the id nor
 * allocates. Ids are few and added once each, so an insert copies the table (open addressing,
 * linear probing) and publishes the copy; readers always see a complete table. Thread-safe.
 *
 * @param <V> the value kept per id
 */
public final class IdCache<V> {

    private static final class Table {
        final int[] ids;
        final Object[] values;
        final int size;

        Table(int capacity, int size) {
            this.ids = new int[capacity];
            this.values = new Object[capacity];
            this.size = size;
        }
    }

    private volatile Table table = new Table(16, 0);

    /** The value for an id, or null. */
    @SuppressWarnings("unchecked")
    public V get(int id) {
        Table current = table;
        int mask = current.ids.length - 1;
        for (int slot = spread(id) & mask; ; slot = (slot + 1) & mask) {
            Object value = current.values[slot];
            if (value == null || current.ids[slot] == id) {
                return (V) value;
            }
        }
    }

    /**
     * The value for an id, computed on the first call for it. Concurrent first calls for one id may
     * each compute; the first value stored wins and is returned to all of them.
     */
    public V computeIfAbsent(int id, IntFunction<? extends V> compute) {
        V found = get(id);
        if (found != null) {
            return found;
        }
        V computed = compute.apply(id);
        if (computed == null) {
            throw new IllegalStateException("no value computed for schema id " + id);
        }
        return putIfAbsent(id, computed);
    }

    private synchronized V putIfAbsent(int id, V value) {
        V found = get(id);
        if (found != null) {
            return found;
        }
        Table current = table;
        int capacity = current.ids.length;
        // At most half full, so that a probe for an absent id ends quickly on an empty slot.
        Table next = new Table((current.size + 1) * 2 > capacity ? capacity * 2 : capacity, current.size + 1);
        for (int slot = 0; slot < capacity; slot++) {
            if (current.values[slot] != null) {
                insert(next, current.ids[slot], current.values[slot]);
            }
        }
        insert(next, id, value);
        table = next;
        return value;
    }

    private static void insert(Table table, int id, Object value) {
        int mask = table.ids.length - 1;
        int slot = spread(id) & mask;
        while (table.values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        table.ids[slot] = id;
        table.values[slot] = value;
    }

    private static int spread(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
