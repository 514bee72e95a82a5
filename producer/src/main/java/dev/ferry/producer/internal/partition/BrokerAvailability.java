package dev.ferry.producer.internal.partition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks, per broker, how long it has had data waiting that the sender could not drain to it (not
 * connected, or all in-flight slots taken). A broker stuck like that for longer than
 * {@code partitioner.availability.timeout.ms} is unavailable: its partitions are left out of
 * {@link PartitionLoadStats}, so unkeyed records go elsewhere until it drains again (KIP-794).
 *
 * <p>The I/O thread reports each readiness check with {@link #recordReadyCheck}; any thread may
 * ask {@link #isAvailable}. Time is passed in by the caller, so tests need no clock.
 *
 * <p>Thread safety: one writer (the I/O thread), any number of readers.
 */
public final class BrokerAvailability {
    private final long availabilityTimeoutMs;
    private final Map<Integer, Times> times = new ConcurrentHashMap<>();

    /** @param availabilityTimeoutMs {@code partitioner.availability.timeout.ms}; 0 disables the check */
    public BrokerAvailability(long availabilityTimeoutMs) {
        this.availabilityTimeoutMs = availabilityTimeoutMs;
    }

    /**
     * Records that {@code nodeId} had data ready at {@code nowMs}, and whether it could be drained.
     */
    public void recordReadyCheck(int nodeId, long nowMs, boolean canDrain) {
        if (availabilityTimeoutMs <= 0) {
            return;
        }
        Times t = times.computeIfAbsent(nodeId, id -> new Times(nowMs));
        // Drain time first: a reader between the two writes must never see a stale drain time
        // paired with a fresh ready time, which would mark the broker unavailable by mistake.
        if (canDrain) {
            t.drainTimeMs = nowMs;
        }
        t.readyTimeMs = nowMs;
    }

    /** Whether the broker could take data within the last {@code partitioner.availability.timeout.ms}. */
    public boolean isAvailable(int nodeId) {
        if (availabilityTimeoutMs <= 0) {
            return true;
        }
        Times t = times.get(nodeId);
        return t == null || t.readyTimeMs - t.drainTimeMs <= availabilityTimeoutMs;
    }

    /** Forgets a broker that left the cluster. */
    public void remove(int nodeId) {
        times.remove(nodeId);
    }

    private static final class Times {
        volatile long readyTimeMs;
        volatile long drainTimeMs;

        Times(long nowMs) {
            this.readyTimeMs = nowMs;
            this.drainTimeMs = nowMs;
        }
    }
}
