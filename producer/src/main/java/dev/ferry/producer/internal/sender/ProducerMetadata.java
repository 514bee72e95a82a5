package dev.ferry.producer.internal.sender;

import dev.ferry.producer.AuthenticationException;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.TimeoutException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the producer knows of the cluster, shared by {@code send()} callers (who wait for a topic's
 * partitions) and the I/O thread (which refreshes it on errors and every {@code metadata.max.age.ms}).
 *
 * <p>Thread-safe; guarded by this object's monitor.
 */
public final class ProducerMetadata {
    private final long maxAgeMs;
    /** The core's monotonic milliseconds: a send() waiting for a topic is timed by the same clock as the I/O thread. */
    private final LongSupplier clock;
    /** Written under this; volatile so that {@link #clusterWithTopic} reads it without the monitor. */
    private volatile Cluster cluster = Cluster.empty();
    /** Guarded by this. */
    private Map<String, UUID> topicIds = Map.of();
    /**
     * Guarded by this: topics the producer has sent to, which every refresh asks for, in the order
     * of their first send, so that a run asks the same way in any JVM.
     */
    private final Set<String> topics = new LinkedHashSet<>();
    /** Guarded by this: the last refresh's fatal error per topic (invalid name, not authorized). */
    private final Map<String, KafkaErrorException> topicErrors = new HashMap<>();
    /** Guarded by this: the last refresh's retriable error per topic, e.g. "UNKNOWN_TOPIC_OR_PARTITION (code 3)". */
    private final Map<String, String> topicWaits = new HashMap<>();

    private String lastConnectionFailure;
    /** Guarded by this: the last refused authentication, until a broker accepts one; waiters fail with it. */
    private AuthenticationException authenticationError;
    /** Guarded by this. */
    private boolean updateRequested = true;
    /** Guarded by this. */
    private long lastRefreshMs;
    /** Guarded by this; -1 before the first. */
    private long lastSuccessfulRefreshMs = -1;

    public ProducerMetadata(long maxAgeMs, LongSupplier clock) {
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
    }

    public synchronized Cluster cluster() {
        return cluster;
    }

    public synchronized UUID topicId(String topic) {
        return topicIds.get(topic);
    }

    public synchronized Set<String> topics() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(topics));
    }

    /**
     * The cluster if it knows the topic's partitions, else null; never blocks. Every {@code send()}
     * asks this first: a known topic needs no monitor, no wait and no registration, because refreshes
     * ask only for {@link #topics}, which only grows, so a topic with partitions is already in it.
     */
    public Cluster clusterWithTopic(String topic) {
        Cluster current = cluster;
        return current.partitionsForTopic(topic).isEmpty() ? null : current;
    }

    /**
     * Returns the cluster once it knows the topic's partitions, asking the I/O thread for a refresh
     * and waiting up to {@code maxWaitMs}. A broker refusing authentication ends the wait at once.
     */
    public synchronized Cluster awaitTopic(String topic, long maxWaitMs, Runnable wakeSender) {
        if (topics.add(topic)) {
            updateRequested = true;
            wakeSender.run();
        }
        long deadline = clock.getAsLong() + maxWaitMs;
        while (cluster.partitionsForTopic(topic).isEmpty()) {
            KafkaErrorException error = topicErrors.get(topic);
            if (error != null) {
                throw error;
            }
            if (authenticationError != null) {
                throw authenticationError;
            }
            long remainingMs = deadline - clock.getAsLong();
            if (remainingMs <= 0) {
                throw new TimeoutException(notPresent(topic, maxWaitMs));
            }
            updateRequested = true;
            wakeSender.run();
            try {
                TimeUnit.MILLISECONDS.timedWait(this, remainingMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.ferry.producer.InterruptException(
                        "interrupted while waiting for metadata of topic " + topic, e);
            }
        }
        return cluster;
    }

    /** A connection failed; kept until the next metadata answer, so a metadata timeout can say why. */
    public synchronized void recordConnectionFailure(String reason) {
        lastConnectionFailure = reason;
    }

    private String notPresent(String topic, long maxWaitMs) {
        String message = "Topic " + topic + " not present in metadata after " + maxWaitMs + " ms.";
        String wait = topicWaits.get(topic);
        if (wait == null) {
            return lastConnectionFailure == null
                    ? message
                    : message + " No broker answered; the last connection attempt failed: " + lastConnectionFailure
                            + ".";
        }
        String hint = wait.startsWith("UNKNOWN_TOPIC_OR_PARTITION")
                ? "; the topic does not exist (brokers create missing topics only with auto.create.topics.enable=true)"
                : "";
        return message + " The brokers answer " + wait + " for it" + hint + ".";
    }

    public synchronized void requestUpdate() {
        updateRequested = true;
    }

    /** Milliseconds until the next refresh is due; 0 when one is due now. */
    public synchronized long timeToNextUpdate(long nowMs) {
        return updateRequested ? 0 : Math.max(0, lastRefreshMs + maxAgeMs - nowMs);
    }

    /**
     * @param errors          fatal errors per topic, thrown to the senders waiting for it
     * @param retriableErrors retriable errors per topic, named in the timeout of those senders
     */
    public synchronized void update(
            Cluster newCluster,
            Map<String, UUID> newTopicIds,
            Map<String, KafkaErrorException> errors,
            Map<String, String> retriableErrors,
            long nowMs) {
        this.cluster = newCluster;
        this.lastConnectionFailure = null;
        this.topicIds = Map.copyOf(newTopicIds);
        topicErrors.clear();
        topicErrors.putAll(errors);
        topicWaits.clear();
        topicWaits.putAll(retriableErrors);
        // a topic still missing (being created, or auto-created by this request) is asked for again soon
        updateRequested = !errors.keySet().containsAll(missing(newCluster));
        lastRefreshMs = nowMs;
        lastSuccessfulRefreshMs = nowMs;
        notifyAll();
    }

    private Set<String> missing(Cluster newCluster) {
        Set<String> missing = new HashSet<>(topics);
        missing.removeAll(newCluster.topics());
        return missing;
    }

    /** Milliseconds since the last successful refresh, or -1 before the first: kafka-clients' metadata-age, in ms. */
    public synchronized long ageMs(long nowMs) {
        return lastSuccessfulRefreshMs < 0 ? -1 : nowMs - lastSuccessfulRefreshMs;
    }

    /** A broker refused authentication: those waiting for metadata fail with it instead of waiting for max.block.ms. */
    public synchronized void authenticationFailed(AuthenticationException error) {
        authenticationError = error;
        notifyAll();
    }

    /** A broker accepted the producer's authentication. */
    public synchronized void authenticated() {
        authenticationError = null;
    }

    /** A refresh failed (no broker answered): waiters keep waiting, the next attempt follows the backoff. */
    public synchronized void failedUpdate(long nowMs) {
        lastRefreshMs = nowMs;
    }
}
