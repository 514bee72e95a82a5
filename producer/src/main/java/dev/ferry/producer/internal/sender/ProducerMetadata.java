package dev.ferry.producer.internal.sender;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.AuthenticationException;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.TimeoutException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What the producer knows of the cluster, shared by {@code send()} callers (who wait for a topic's
 * partitions) and the I/O thread (which refreshes it on errors and every {@code metadata.max.age.ms}).
 *
 * <p>Refreshes are paced as kafka-clients' {@code Metadata} paces them: the first request for a topic
 * first sent to goes at once; any other waits at least {@code retry.backoff.ms} after the last one
 * ended, and longer, doubling up to {@code retry.backoff.max.ms}, while refreshes fail or their
 * answers change no partition's leader (a topic that does not exist, a partition without a leader).
 * An answer that does change one starts over at {@code retry.backoff.ms}.
 *
 * <p>A topic not sent to for {@code metadata.max.idle.ms} is no longer asked for, as kafka-clients
 * forgets it: a producer that once sent to many topics does not refresh them all for ever. The next
 * send to it waits for its metadata again.
 *
 * <p>Thread-safe; guarded by this object's monitor.
 */
public final class ProducerMetadata {
    /** How often the I/O thread looks for topics idle for {@code metadata.max.idle.ms}. */
    static final long SWEEP_INTERVAL_MS = 1_000;

    private final long maxAgeMs;
    private final long maxIdleMs;
    /** retry.backoff.ms doubling up to retry.backoff.max.ms, with jitter: the pace of refreshes that bring nothing new. */
    private final Backoff refreshBackoff;
    /** The core's monotonic milliseconds: a send() waiting for a topic is timed by the same clock as the I/O thread. */
    private final LongSupplier clock;
    /** Written under this; volatile so that {@link #clusterWithTopic} reads it without the monitor. */
    private volatile Cluster cluster = Cluster.empty();
    /** Guarded by this. */
    private Map<String, UUID> topicIds = Map.of();
    /**
     * Guarded by this: topics the producer has sent to within {@code metadata.max.idle.ms}, which
     * every refresh asks for, in the order of their first send, so that a run asks the same way in
     * any JVM.
     */
    private final Map<String, TopicUse> topics = new LinkedHashMap<>();
    /**
     * The same topics, for {@code send()} to mark its topic used without the monitor: one volatile
     * read per record, and a write only the first time in a sweep.
     */
    private final ConcurrentHashMap<String, TopicUse> uses = new ConcurrentHashMap<>();
    /** Guarded by this: topics added so far; a refresh's answer that asked fewer did not ask for the latest. */
    private long topicsAdded;
    /** Guarded by this: {@link #topicsAdded} when the last request was built. */
    private long topicsAddedWhenAsked;
    /** Guarded by this: when the I/O thread next looks for idle topics. */
    private long nextSweepMs = Long.MIN_VALUE;
    /**
     * Guarded by this: the last refresh's fatal error per topic (invalid name, not authorized), until
     * a send for the topic has thrown it.
     */
    private final Map<String, KafkaErrorException> topicErrors = new HashMap<>();
    /** Guarded by this: the last refresh's retriable error per topic, e.g. "UNKNOWN_TOPIC_OR_PARTITION (code 3)". */
    private final Map<String, String> topicWaits = new HashMap<>();

    private String lastConnectionFailure;
    /** Guarded by this: the last refused authentication, until a broker accepts one; waiters fail with it. */
    private AuthenticationException authenticationError;
    /** Guarded by this: why no refresh will come any more; null while the producer runs. */
    private String closedReason;
    /** Guarded by this. */
    private boolean updateRequested = true;
    /** Guarded by this; -1 before the first. */
    private long lastSuccessfulRefreshMs = -1;
    /** Guarded by this: refreshes failed (no answer) since the last answer. */
    private long failedRefreshes;
    /** Guarded by this: answers in a row that changed no partition's leader (kafka-clients' equivalentResponseCount). */
    private long unchangedAnswers;
    /**
     * Guarded by this: the earliest next refresh, {@code retry.backoff.ms} after the last one ended and
     * longer after failures. Drawn once per refresh, with its jitter, so every look at it agrees.
     */
    private long refreshBackoffEndsMs = Long.MIN_VALUE;
    /** Guarded by this: the earliest next refresh while answers change nothing. */
    private long unchangedBackoffEndsMs = Long.MIN_VALUE;

    /**
     * @param maxIdleMs      how long a topic not sent to is still refreshed
     * @param refreshBackoff how refreshes back off: from {@code retry.backoff.ms} to {@code retry.backoff.max.ms}
     */
    public ProducerMetadata(long maxAgeMs, long maxIdleMs, Backoff refreshBackoff, LongSupplier clock) {
        this.maxAgeMs = maxAgeMs;
        this.maxIdleMs = maxIdleMs;
        this.refreshBackoff = refreshBackoff;
        this.clock = clock;
    }

    /**
     * The producer's metadata, refreshed at least every {@code metadata.max.age.ms} and backing off
     * from {@code retry.backoff.ms} to {@code retry.backoff.max.ms} with jitter drawn from {@code random}.
     */
    public static ProducerMetadata forConfig(ProducerConfig config, DoubleSupplier random, LongSupplier clock) {
        return new ProducerMetadata(
                config.metadataMaxAgeMs(),
                config.metadataMaxIdleMs(),
                new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), Backoff.JITTER, random),
                clock);
    }

    public synchronized Cluster cluster() {
        return cluster;
    }

    public synchronized UUID topicId(String topic) {
        return topicIds.get(topic);
    }

    /**
     * The cluster if it knows the topic's partitions and refreshes it, else null; never blocks. Every
     * {@code send()} asks this first: a known topic needs no monitor and no wait, only a mark that it
     * is still used.
     */
    public Cluster clusterWithTopic(String topic) {
        TopicUse use = uses.get(topic);
        if (use == null) {
            // never sent to, or idle and dropped: registered again under the monitor
            return null;
        }
        use.mark();
        Cluster current = cluster;
        return current.partitionsForTopic(topic).isEmpty() ? null : current;
    }

    /**
     * Returns the cluster once it knows the topic's partitions, asking the I/O thread for a refresh
     * and waiting up to {@code maxWaitMs}. A broker refusing authentication ends the wait at once, and
     * so does the producer's end. A topic's fatal error is thrown once, as kafka-clients throws it:
     * the next send asks again, so a topic created or an ACL granted since is seen.
     */
    public synchronized Cluster awaitTopic(String topic, long maxWaitMs, Runnable wakeSender) {
        return awaitPartitionLocked(topic, 0, maxWaitMs, wakeSender);
    }

    /**
     * Returns the cluster once it knows the topic's {@code partition}, waiting as {@link #awaitTopic}
     * does: a record sent to a partition the topic gained since the last refresh waits for the
     * refresh that names it, as kafka-clients' {@code waitOnMetadata} waits, instead of failing.
     */
    public synchronized Cluster awaitPartition(String topic, int partition, long maxWaitMs, Runnable wakeSender) {
        return awaitPartitionLocked(topic, partition, maxWaitMs, wakeSender);
    }

    private Cluster awaitPartitionLocked(String topic, int partition, long maxWaitMs, Runnable wakeSender) {
        if (useLocked(topic, clock.getAsLong())) {
            wakeSender.run();
        }
        // a wait longer than metadata.max.idle.ms keeps its topic asked for
        TopicUse use = topics.get(topic);
        use.waiters++;
        try {
            return awaitLocked(topic, partition, maxWaitMs, wakeSender);
        } finally {
            use.waiters--;
        }
    }

    private Cluster awaitLocked(String topic, int partition, long maxWaitMs, Runnable wakeSender) {
        long deadline = clock.getAsLong() + maxWaitMs;
        while (cluster.partitionsForTopic(topic).size() <= partition) {
            if (closedReason != null) {
                throw new ProducerClosedException(
                        closedReason + " (while waiting for the metadata of topic " + topic + ")");
            }
            KafkaErrorException error = topicErrors.remove(topic);
            if (error != null) {
                throw error;
            }
            if (authenticationError != null) {
                throw authenticationError;
            }
            updateRequested = true;
            wakeSender.run();
            long remainingMs = deadline - clock.getAsLong();
            if (remainingMs <= 0) {
                int count = cluster.partitionsForTopic(topic).size();
                throw new TimeoutException(
                        count == 0
                                ? notPresent(topic, maxWaitMs)
                                : "Partition " + partition + " of topic " + topic + " with partition count " + count
                                        + " is not present in metadata after " + maxWaitMs + " ms.");
            }
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

    /**
     * Marks the topic used, adding it to the topics refreshes ask for if it is not there.
     *
     * @return whether it was added, and so a refresh was asked for
     */
    private boolean useLocked(String topic, long nowMs) {
        TopicUse use = topics.get(topic);
        if (use != null) {
            use.mark();
            return false;
        }
        use = new TopicUse(nowMs);
        topics.put(topic, use);
        uses.put(topic, use);
        topicsAdded++;
        requestUpdateForNewTopicLocked();
        return true;
    }

    /**
     * Topics with records waiting for a partition leader: they are asked for again, at once, and kept
     * however long since their last send, as kafka-clients re-adds them; otherwise a topic dropped
     * as idle would hold its last records until {@code delivery.timeout.ms}.
     */
    public synchronized void requestUpdateForTopics(List<String> waiting, long nowMs) {
        for (int i = 0; i < waiting.size(); i++) {
            useLocked(waiting.get(i), nowMs);
        }
        updateRequested = true;
    }

    /**
     * A topic first sent to is asked for at once, whatever the backoff of refreshes that brought
     * nothing new: they were about other topics (kafka-clients' requestUpdateForNewTopics).
     */
    private void requestUpdateForNewTopicLocked() {
        updateRequested = true;
        unchangedAnswers = 0;
        refreshBackoffEndsMs = Long.MIN_VALUE;
        unchangedBackoffEndsMs = Long.MIN_VALUE;
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

    /**
     * Asks for a refresh, which follows the backoff: after an error that says the producer's view is
     * stale, a refresh that brings nothing new is not repeated at once.
     */
    public synchronized void requestUpdate() {
        updateRequested = true;
    }

    /** The topics a Metadata request asks for now, in the order of their first send. */
    synchronized List<String> topicsToAsk() {
        topicsAddedWhenAsked = topicsAdded;
        return List.copyOf(topics.keySet());
    }

    /**
     * Milliseconds until the next refresh is due and allowed; 0 when one may go now. As kafka-clients'
     * {@code Metadata.timeToNextUpdate}: due when asked for, or {@code metadata.max.age.ms} after the
     * last answer; allowed once the backoff after the last refresh has passed, where the backoff of
     * answers that changed nothing ends at the latest when the metadata is due by age.
     */
    public synchronized long timeToNextUpdate(long nowMs) {
        if (nowMs >= nextSweepMs) {
            dropIdleTopicsLocked(nowMs);
            nextSweepMs = nowMs + SWEEP_INTERVAL_MS;
        }
        long timeToExpire = timeToExpireLocked(nowMs);
        if (timeToExpire == 0) {
            // due by age: answers that changed nothing long ago hold nothing back (kafka-clients resets
            // its count of them alike), and the next one that changes nothing starts over
            unchangedAnswers = 0;
            unchangedBackoffEndsMs = Long.MIN_VALUE;
        }
        long timeToAllow = Math.max(
                until(refreshBackoffEndsMs, nowMs), Math.min(until(unchangedBackoffEndsMs, nowMs), timeToExpire));
        return Math.max(updateRequested ? 0 : timeToExpire, timeToAllow);
    }

    /**
     * A topic's use is read from its mark once a sweep, so a topic is dropped between
     * {@code metadata.max.idle.ms} and that plus {@link #SWEEP_INTERVAL_MS} after its last send.
     */
    private void dropIdleTopicsLocked(long nowMs) {
        Iterator<Map.Entry<String, TopicUse>> it = topics.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, TopicUse> entry = it.next();
            TopicUse use = entry.getValue();
            if (use.idleFor(nowMs) >= maxIdleMs && use.waiters == 0) {
                it.remove();
                uses.remove(entry.getKey());
            }
        }
    }

    private long timeToExpireLocked(long nowMs) {
        return lastSuccessfulRefreshMs < 0 ? 0 : Math.max(0, maxAgeMs - ageLocked(nowMs));
    }

    private long ageLocked(long nowMs) {
        return nowMs - lastSuccessfulRefreshMs;
    }

    private static long until(long endMs, long nowMs) {
        return endMs <= nowMs ? 0 : endMs - nowMs;
    }

    /**
     * A Metadata answer as the producer takes it.
     *
     * @param errors          fatal errors per topic, thrown to the senders waiting for it
     * @param retriableErrors retriable errors per topic, named in the timeout of those senders
     * @param changed         whether it named a partition's leader the producer had not heard of: a
     *                        partition new to it, a newer leader epoch, or a leader without an epoch
     */
    record Answer(
            Cluster cluster,
            Map<String, UUID> topicIds,
            Map<String, KafkaErrorException> errors,
            Map<String, String> retriableErrors,
            boolean changed) {}

    /** @param nowMs when the answer arrived */
    synchronized void update(Answer answer, long nowMs) {
        Cluster newCluster = answer.cluster();
        this.cluster = newCluster;
        this.lastConnectionFailure = null;
        this.topicIds = Map.copyOf(answer.topicIds());
        topicErrors.clear();
        topicErrors.putAll(answer.errors());
        topicWaits.clear();
        topicWaits.putAll(answer.retriableErrors());
        // a topic still missing (being created, or auto-created by this request) or a partition without
        // a leader is asked for again, after the backoff; one sent to after the request was made, at once
        updateRequested =
                !answer.errors().keySet().containsAll(missing(newCluster)) || hasPartitionWithoutLeader(newCluster);
        lastSuccessfulRefreshMs = nowMs;
        failedRefreshes = 0;
        unchangedAnswers = answer.changed() ? 0 : unchangedAnswers + 1;
        refreshBackoffEndsMs = nowMs + refreshBackoff.backoffMs(0);
        unchangedBackoffEndsMs =
                unchangedAnswers == 0 ? Long.MIN_VALUE : nowMs + refreshBackoff.backoffMs(unchangedAnswers - 1);
        if (topicsAddedWhenAsked < topicsAdded) {
            requestUpdateForNewTopicLocked();
        }
        notifyAll();
    }

    private Set<String> missing(Cluster newCluster) {
        Set<String> missing = new HashSet<>(topics.keySet());
        missing.removeAll(newCluster.topics());
        return missing;
    }

    private boolean hasPartitionWithoutLeader(Cluster newCluster) {
        for (String topic : topics.keySet()) {
            for (PartitionInfo partition : newCluster.partitionsForTopic(topic)) {
                if (partition.leader() == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Milliseconds since the last successful refresh, or -1 before the first: kafka-clients' metadata-age, in ms. */
    public synchronized long ageMs(long nowMs) {
        return lastSuccessfulRefreshMs < 0 ? -1 : ageLocked(nowMs);
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

    /**
     * A refresh failed (no broker answered): waiters keep waiting, and the next attempt waits
     * {@code retry.backoff.ms}, doubling with each failure in a row.
     *
     * @param nowMs when the failure was heard
     */
    public synchronized void failedUpdate(long nowMs) {
        failedRefreshes++;
        unchangedAnswers = 0;
        unchangedBackoffEndsMs = Long.MIN_VALUE;
        refreshBackoffEndsMs = nowMs + refreshBackoff.backoffMs(failedRefreshes - 1);
    }

    /**
     * No refresh will come any more: the producer is closing, or its I/O thread ended. Sends waiting
     * for a topic fail at once with {@code reason}, as do later ones for a topic not known by then;
     * the first reason given stays.
     */
    public synchronized void close(String reason) {
        if (closedReason == null) {
            closedReason = reason;
        }
        notifyAll();
    }

    /** When a topic was last sent to, as far as the I/O thread's sweeps have seen. */
    private static final class TopicUse {
        /** Set by senders, cleared by the sweep; written only when clear, so a busy topic costs a read. */
        private volatile boolean marked;
        /** Read and written by the sweep only (under the monitor). */
        private long lastSeenMs;
        /** Guarded by the metadata's monitor: sends waiting for the topic's metadata. */
        private int waiters;

        TopicUse(long nowMs) {
            this.lastSeenMs = nowMs;
        }

        void mark() {
            if (!marked) {
                marked = true;
            }
        }

        long idleFor(long nowMs) {
            if (marked) {
                marked = false;
                lastSeenMs = nowMs;
            }
            return nowMs - lastSeenMs;
        }
    }
}
