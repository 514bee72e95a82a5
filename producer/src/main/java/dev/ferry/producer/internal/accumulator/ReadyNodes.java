package dev.ferry.producer.internal.accumulator;

import java.util.ArrayList;
import java.util.List;

/**
 * What the sender should do next: the brokers that lead partitions with sendable batches, how long
 * until another batch could become sendable, and topics whose partitions have no known leader.
 *
 * <p>Owned by the I/O thread and refilled by every {@link RecordAccumulator#ready} round, so a
 * round allocates no new sets; lists rather than sets, since they hold a handful of brokers and
 * topics and are read by index.
 */
public final class ReadyNodes {
    private final List<Integer> nodes = new ArrayList<>();
    private final List<String> topicsWithoutLeader = new ArrayList<>();
    private long nextCheckDelayMs;

    /** The ready brokers, each once. */
    public List<Integer> nodes() {
        return nodes;
    }

    public long nextCheckDelayMs() {
        return nextCheckDelayMs;
    }

    /** Topics with a partition that has batches but no known leader, each once. */
    public List<String> topicsWithoutLeader() {
        return topicsWithoutLeader;
    }

    void clear() {
        nodes.clear();
        topicsWithoutLeader.clear();
        nextCheckDelayMs = Long.MAX_VALUE;
    }

    void addNode(int node) {
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
    }

    void addTopicWithoutLeader(String topic) {
        if (!topicsWithoutLeader.contains(topic)) {
            topicsWithoutLeader.add(topic);
        }
    }

    void nextCheckDelayMs(long delayMs) {
        this.nextCheckDelayMs = delayMs;
    }
}
