package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.ScriptedNetwork.Leadership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;

/**
 * The brokers' metadata in {@link Simulation.World#STALE_METADATA}: each broker answers Metadata
 * from its own view of the partitions' leaders, and learns of a leader change (or of a partition the
 * topic gained) only after a delay drawn from the seed, as a KRaft broker learns it when it has
 * replayed the metadata log that far. So a Metadata answer may name a partition's old leader with
 * its older leader epoch, or not name a new partition yet, while the controller (the
 * {@link ScriptedNetwork}'s leadership) and the partition's leaders in the {@link ModelCluster}
 * already moved on: a Produce sent by it to the old leader is answered NOT_LEADER_OR_FOLLOWER. The
 * new leader knows at once, as it takes writes from then on. The delays have a stream of their own,
 * as do the Metadata requests' fates ({@link #random}). Held against Kafka 4.4 by
 * {@link ModelLeadershipConformanceIT}: a broker cut off from the controller answers so.
 */
final class LaggingMetadata {
    /** A broker learns of a change up to this long after it happened. */
    private static final int MAX_LAG_MS = 1_500;

    /** A broker learning of a change at a time. */
    private record Learning(int node, TopicPartition partition, Leadership leadership, long atMs) {}

    private final ScriptedNetwork network;
    private final SimulationTrace trace;
    /** The delays, and the Metadata requests' fates in {@link SimulatedBrokers}, apart from the seed's other streams. */
    private final SplittableRandom random;
    /** What the controller decided, as last seen. */
    private final Map<TopicPartition, Leadership> decided;

    private final List<Map<TopicPartition, Leadership>> views = new ArrayList<>();
    private final List<Learning> learning = new ArrayList<>();
    /** The Metadata answers given and not yet heard by the producer (or lost with their connection). */
    private final Map<ScriptedNetwork.Exchange, Map<TopicPartition, Leadership>> answered = new LinkedHashMap<>();
    /** Per partition, the newest leadership the producer heard of, and when. */
    private final Map<TopicPartition, Leadership> heard = new LinkedHashMap<>();

    private final Map<TopicPartition, Long> heardMs = new LinkedHashMap<>();

    /** The brokers start with the controller's view: the topic is older than the run. */
    LaggingMetadata(long seed, ScriptedNetwork network, SimulationTrace trace) {
        this.network = network;
        this.trace = trace;
        this.random = new SplittableRandom(seed * 0x94D049BB133111EBL + 0x2127599BF4325C37L);
        this.decided = network.leadership();
        for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
            views.add(new LinkedHashMap<>(decided));
        }
    }

    SplittableRandom random() {
        return random;
    }

    /**
     * Notes the controller's new decisions and when each broker learns them, then lets the brokers
     * learn what is due, and notes the answers the producer heard since the last round.
     */
    void learn(long now) {
        network.leadership().forEach((partition, leadership) -> {
            if (leadership.equals(decided.get(partition))) {
                return;
            }
            decided.put(partition, leadership);
            for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
                long atMs = node == leadership.leader() ? now : now + random.nextInt(MAX_LAG_MS);
                learning.add(new Learning(node, partition, leadership, atMs));
            }
        });
        for (Learning due : List.copyOf(learning)) {
            if (due.atMs() > now) {
                continue;
            }
            learning.remove(due);
            // a broker replays the log in order: a later change it already learned is not undone
            views.get(due.node())
                    .merge(
                            due.partition(),
                            due.leadership(),
                            (known, learned) -> learned.epoch() > known.epoch() ? learned : known);
        }
        answered.entrySet().removeIf(answer -> {
            long deliveredMs = answer.getKey().deliveredMs;
            if (deliveredMs < 0) {
                return !network.isWaiting(answer.getKey());
            }
            answer.getValue().forEach((partition, leadership) -> {
                Leadership newest = heard.get(partition);
                if (newest == null || leadership.epoch() > newest.epoch()) {
                    heard.put(partition, leadership);
                    heardMs.put(partition, deliveredMs);
                }
            });
            return true;
        });
    }

    /**
     * Notes a Produce the producer sent, after it had heard a newer epoch of the partition, to a
     * broker that does not lead it in that epoch: it went back to an older answer's leader, which
     * kafka-clients does not (its {@code Metadata} keeps a partition's newest leader epoch and
     * ignores an answer with an older one).
     */
    void sent(ScriptedNetwork.Exchange produce, Iterable<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            Leadership newest = heard.get(partition);
            if (newest != null && newest.leader() != produce.node && produce.sentMs > heardMs.get(partition)) {
                trace.event("  the producer goes back to an older leader: Produce #"
                        + produce.header.correlationId() + " for " + partition + " to broker " + produce.node
                        + ", after hearing at t=" + heardMs.get(partition) + " of leader " + newest.leader()
                        + " in epoch " + newest.epoch());
            }
        }
    }

    /** The answering broker's answer from its view; each partition it names behind the controller is noted as stale. */
    MetadataResponseData answer(ScriptedNetwork.Exchange exchange) {
        // a bootstrap server (negative id, as the producer numbers them) is one of the brokers too
        int node = Math.floorMod(exchange.node, ScriptedNetwork.BROKERS);
        MetadataRequestData request = exchange.data();
        Map<TopicPartition, Leadership> view = views.get(node);
        decided.forEach((partition, leadership) -> {
            Leadership known = view.get(partition);
            if (known == null) {
                trace.event("  stale metadata from broker " + node + ": " + partition + " not named yet");
            } else if (known.epoch() < leadership.epoch()) {
                trace.event("  stale metadata from broker " + node + ": " + partition + " led by " + known.leader()
                        + " in epoch " + known.epoch() + ", by " + leadership.leader() + " in epoch "
                        + leadership.epoch() + " now");
            }
        });
        answered.put(exchange, new LinkedHashMap<>(view));
        return network.metadata(request, view);
    }
}
