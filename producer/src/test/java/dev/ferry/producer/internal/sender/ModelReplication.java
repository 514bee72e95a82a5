package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.ModelCluster.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replication of a {@link ModelCluster}'s partitions: every broker holds a replica of every partition; a follower holds a prefix of its
 * leader's log and catches up when it fetches. acks=all (and the coordinator's markers) is answered
 * once every in-sync replica holds the write, so the model copies it to them at once; acks=1 is
 * answered by the leader alone. A leader change (a move, or a crash of the leader) elects a live
 * in-sync replica only and cuts the log to what that replica holds, noting each cut entry
 * ({@link #truncated}): under acks=1 that may be records the old leader acknowledged, under acks=all
 * nothing. A crashed broker leaves every ISR at once; when it restarts it drops what it held beyond
 * the leader's log, catches up and rejoins the ISR. A live follower may fall behind and leave the
 * ISR until it catches up ({@link #fallBehind}). With acks=all, a partition with fewer in-sync
 * replicas than the topic's min.insync.replicas refuses Produce with NOT_ENOUGH_REPLICAS.
 *
 * <p>Held against Kafka 4.4 for min.insync.replicas ({@link ModelReplicationConformanceIT}) and
 * for leader moves, leader crashes, a follower leaving and rejoining the ISR, the election of an
 * in-sync replica and the acks=1 cut ({@link ModelLeadershipConformanceIT}); what is not:
 * {@link ModelCluster}.
 */
final class ModelReplication {
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    /** Per partition and follower: how many entries of the leader's log it holds (a follower holds a prefix). */
    private final Map<TopicPartition, Map<Integer, Integer>> replicated = new HashMap<>();
    /** Per partition, the in-sync replicas, the leader among them. */
    private final Map<TopicPartition, Set<Integer>> isr = new HashMap<>();
    /** Per partition, live followers that fell behind and left the ISR; they fetch nothing until they catch up. */
    private final Map<TopicPartition, Set<Integer>> lagging = new HashMap<>();
    /** Brokers crashed and not yet restarted. */
    private final Set<Integer> down = new TreeSet<>();
    /** Entries a leader change cut from a log, in the order they were cut. */
    private final List<Truncated> truncated = new ArrayList<>();

    private final int brokers;
    /** The cluster's logs, by partition: the leader's, which the followers hold prefixes of. */
    private final Map<TopicPartition, List<Entry>> logs;
    /** An injected model bug: a leader change cuts a log without noting it (proves the acks=1 check can fail). */
    private boolean unnotedCuts;

    ModelReplication(int brokers, Map<TopicPartition, List<Entry>> logs) {
        this.brokers = brokers;
        this.logs = logs;
    }

    /**
     * A new partition (CreatePartitions), empty: led round-robin by a live broker, every live broker
     * in its ISR (a crashed one joins when it restarts).
     */
    void addPartition(TopicPartition tp) {
        Map<Integer, Integer> followers = new TreeMap<>();
        Set<Integer> inSync = new TreeSet<>();
        for (int node = 0; node < brokers; node++) {
            followers.put(node, 0);
            if (!down.contains(node)) {
                inSync.add(node);
            }
        }
        int leader = tp.partition() % brokers;
        while (down.contains(leader) && inSync.size() > 0) {
            leader = (leader + 1) % brokers;
        }
        leaders.put(tp, leader);
        replicated.put(tp, followers);
        isr.put(tp, inSync);
        lagging.put(tp, new TreeSet<>());
    }

    int leader(TopicPartition partition) {
        return leaders.get(partition);
    }

    /** An injected model bug: a leader change cuts a log without noting it. */
    void injectUnnotedCuts() {
        unnotedCuts = true;
    }

    /** An entry a leader change cut from a partition's log. */
    record Truncated(TopicPartition partition, Entry entry) {}

    List<Truncated> truncated() {
        return truncated;
    }

    boolean isDown(int node) {
        return down.contains(node);
    }

    Set<Integer> isr(TopicPartition partition) {
        return isr.get(partition);
    }

    /**
     * Leadership moves to {@code node}, as a clean election does: only to a live in-sync replica
     * (false otherwise, and nothing changes). The log is cut to what the new leader holds; the old
     * leader drops what it had beyond that and follows.
     */
    boolean moveLeader(TopicPartition partition, int node) {
        if (down.contains(node) || !isr.get(partition).contains(node)) {
            return false;
        }
        int old = leaders.put(partition, node);
        if (old != node) {
            truncate(partition, replicated.get(partition).get(node));
            replicated.get(partition).put(old, logs.get(partition).size());
        }
        return true;
    }

    /**
     * The broker stops: it leaves every ISR at once (its controller heartbeat ends), and each
     * partition it led gets the next live in-sync replica as leader, cut to what that replica
     * holds. Returns the partitions whose leader changed.
     */
    List<TopicPartition> crash(int node) {
        down.add(node);
        List<TopicPartition> moved = new ArrayList<>();
        for (TopicPartition partition :
                leaders.keySet().stream().sorted(PARTITION_ORDER).toList()) {
            Set<Integer> inSync = isr.get(partition);
            if (inSync.size() > 1) {
                inSync.remove(node);
            }
            if (leaders.get(partition) != node) {
                continue;
            }
            for (int i = 1; i < brokers; i++) {
                int candidate = (node + i) % brokers;
                if (!down.contains(candidate) && inSync.contains(candidate)) {
                    leaders.put(partition, candidate);
                    truncate(partition, replicated.get(partition).get(candidate));
                    replicated.get(partition).put(node, logs.get(partition).size());
                    moved.add(partition);
                    break;
                }
            }
        }
        return moved;
    }

    /**
     * The broker is back: it drops what it held beyond each leader's log, catches up and rejoins the
     * ISR. Returns the partitions it still leads (it was their only in-sync replica).
     */
    List<TopicPartition> restart(int node) {
        down.remove(node);
        List<TopicPartition> led = new ArrayList<>();
        for (TopicPartition partition : leaders.keySet()) {
            if (leaders.get(partition) == node) {
                led.add(partition);
            }
            replicated.get(partition).put(node, logs.get(partition).size());
            isr.get(partition).add(node);
            lagging.get(partition).remove(node);
        }
        return led;
    }

    /** A live follower fetches: it now holds the leader's whole log (one that fell behind fetches nothing until it catches up). */
    void fetch(TopicPartition partition, int node) {
        if (!down.contains(node)
                && leaders.get(partition) != node
                && !lagging.get(partition).contains(node)) {
            replicated.get(partition).put(node, logs.get(partition).size());
        }
    }

    /**
     * A live in-sync follower falls behind for longer than replica.lag.time.max.ms: the leader takes
     * it out of the ISR, and it fetches nothing until {@link #catchUp}. False (and nothing changes)
     * for the leader, a crashed broker or a follower already out.
     */
    boolean fallBehind(TopicPartition partition, int node) {
        if (down.contains(node)
                || leaders.get(partition) == node
                || !isr.get(partition).remove(node)) {
            return false;
        }
        lagging.get(partition).add(node);
        return true;
    }

    /** The follower that fell behind fetches again: it holds the leader's whole log and rejoins the ISR. */
    void catchUp(TopicPartition partition, int node) {
        if (lagging.get(partition).remove(node) && !down.contains(node)) {
            replicated.get(partition).put(node, logs.get(partition).size());
            isr.get(partition).add(node);
        }
    }

    /** acks=all, and the coordinator's markers: the write is answered once every in-sync replica holds it. */
    void replicateToIsr(TopicPartition partition) {
        for (int node : isr.get(partition)) {
            replicated.get(partition).put(node, logs.get(partition).size());
        }
    }

    private void truncate(TopicPartition partition, int size) {
        List<Entry> log = logs.get(partition);
        while (log.size() > size) {
            Entry cut = log.remove(log.size() - 1);
            if (cut.producerId() >= 0) {
                // the producer state would have to be rebuilt from the cut log; acks=all never cuts
                // (every in-sync replica holds every write), and only acks=all writes carry producer ids here
                throw new IllegalStateException("the model cannot cut " + cut + " of a producer from " + partition);
            }
            if (!unnotedCuts) {
                truncated.add(new Truncated(partition, cut));
            }
        }
        replicated.get(partition).replaceAll((node, held) -> Math.min(held, size));
    }
}
