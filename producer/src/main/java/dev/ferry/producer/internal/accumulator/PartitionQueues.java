package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.partition.TopicPartitions;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The accumulator's queue of batches per partition, created on first use: found by partition from
 * the sending threads, and iterated in the order they were created by the I/O thread, whose rounds
 * go through all of them without allocating an iterator. Queues are never removed.
 *
 * <p>Thread-safe: the map and the array are safe to read from any thread; creation is guarded by
 * this. A queue's contents are guarded by the queue's own monitor, as the accumulator uses it.
 */
final class PartitionQueues {
    record Entry(TopicPartition partition, BatchQueue queue) {}

    private final ConcurrentMap<TopicPartition, Entry> byPartition = new ConcurrentHashMap<>();
    /** Every entry in the order of creation; only grows. Replaced under this. */
    private volatile Entry[] all = new Entry[0];
    /**
     * The entry {@link #forSticky} returned last. Neither volatile nor guarded: a thread that reads a
     * stale one or none looks the partition up in the map, and the entry's fields are final.
     */
    private Entry lastSticky;
    /** For looking queues up by topic and number without a new TopicPartition each time. */
    private final TopicPartitions topicPartitions = new TopicPartitions();

    /** The queue of {@code partition}, created if it has none yet. */
    BatchQueue forPartition(TopicPartition partition) {
        Entry found = byPartition.get(partition);
        return (found != null ? found : add(partition)).queue();
    }

    /**
     * The queue of the partition an unkeyed record sticks to. Such records go to one partition for a
     * batch or more, so the queue used last saves the map's look-up (a hash and a probe) for all of
     * them but the first; it is replaced once per switch, not per record, which keyed records (a
     * partition each) would do from every sending thread.
     */
    BatchQueue forSticky(TopicPartition partition) {
        Entry last = lastSticky;
        // the sticky partitioner makes a new TopicPartition at each switch: compared by value
        if (last == null || !last.partition().equals(partition)) {
            last = stickTo(partition);
        }
        return last.queue();
    }

    /**
     * A switch, in a method of its own so that the compiled send path calls it rather than inlining
     * it: with large batches the send path is compiled after only the first switches, each to a
     * partition without a queue yet, and compiled inline on that profile the look-up was assumed
     * never to find one, so the first switch back to a partition discarded the whole compiled send
     * path (0.4 s of C2 time in a run of a million records with 1 MB batches).
     */
    private Entry stickTo(TopicPartition partition) {
        Entry found = byPartition.get(partition);
        Entry entry = found != null ? found : add(partition);
        lastSticky = entry;
        return entry;
    }

    /** The queue of {@code partition}, or null if nothing was ever appended to it. */
    BatchQueue existing(TopicPartition partition) {
        Entry found = byPartition.get(partition);
        return found == null ? null : found.queue();
    }

    /** As {@link #existing(TopicPartition)}, by topic and partition number. */
    BatchQueue existing(String topic, int partition) {
        return existing(topicPartitions.of(topic, partition));
    }

    /** Every queue in the order of creation; the array must not be modified. */
    Entry[] all() {
        return all;
    }

    private synchronized Entry add(TopicPartition partition) {
        Entry existing = byPartition.get(partition);
        if (existing != null) {
            return existing;
        }
        Entry added = new Entry(partition, new BatchQueue());
        Entry[] grown = Arrays.copyOf(all, all.length + 1);
        grown[grown.length - 1] = added;
        // listed before it can be found, so no batch is ever appended to a queue the I/O thread does not see
        all = grown;
        byPartition.put(partition, added);
        return added;
    }
}
