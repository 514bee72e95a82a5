package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.Simulation.MAX_STEP_MS;

import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.RetriableKafkaErrorException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.sender.SimulatedUser.Sent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.Errors;

/**
 * What a {@link Simulation} run is held to once it ended: the model's logs against what the client
 * was told, the user's calls against their deadlines, and the core's bookkeeping against nothing
 * left over. Each broken invariant is reported to the run's violation sink.
 */
final class SimulationInvariants {
    /** The user's flush() and close(): when each was called and returned (-1: not). */
    record UserCalls(
            long flushCalledMs,
            long flushReturnedMs,
            long closeCalledMs,
            long closeReturnedMs,
            boolean closeWaitsForCall) {}

    private final CoreUnderTest core;
    private final ModelCluster model;
    private final Consumer<String> violation;

    SimulationInvariants(CoreUnderTest core, ModelCluster model, Consumer<String> violation) {
        this.core = core;
        this.model = model;
        this.violation = violation;
    }

    private void violation(String what) {
        violation.accept(what);
    }

    /**
     * Every future completed within delivery.timeout.ms of its send, and none failed with a retriable
     * broker error (NOT_ENOUGH_REPLICAS...) before that time was spent; a record whose refusal the
     * client heard failed with the broker's error, not another.
     */
    void completions(
            List<Sent> sent, Map<ScriptedNetwork.Exchange, List<Integer>> refusalsAnswered, int deliveryTimeoutMs) {
        Map<Integer, Long> refusalHeard = new HashMap<>();
        refusalsAnswered.forEach((exchange, ids) -> {
            if (exchange.deliveredMs >= 0) {
                ids.forEach(id -> refusalHeard.merge(id, exchange.deliveredMs, Math::min));
            }
        });
        for (Sent record : sent) {
            if (!record.future.isDone()) {
                violation("record " + record.id + " sent at t=" + record.sentMs + " never completed");
                continue;
            }
            if (record.completedMs - record.sentMs > deliveryTimeoutMs + MAX_STEP_MS) {
                violation("record " + record.id + " completed " + (record.completedMs - record.sentMs)
                        + " ms after its send, beyond delivery.timeout.ms " + deliveryTimeoutMs);
            }
            if (record.error instanceof RetriableKafkaErrorException
                    && record.completedMs - record.sentMs < deliveryTimeoutMs) {
                // NOT_ENOUGH_REPLICAS, NOT_LEADER_OR_FOLLOWER...: retried until delivery.timeout.ms is spent
                violation("record " + record.id + " failed " + (record.completedMs - record.sentMs)
                        + " ms after its send, within delivery.timeout.ms " + deliveryTimeoutMs
                        + ", with a retriable error: " + record.error);
            }
            Long heardMs = refusalHeard.get(record.id);
            // completed by the time the refusal arrived: it expired in flight, and that is what it failed with
            if (heardMs != null
                    && record.completedMs > heardMs
                    && (record.error == null
                            || !String.valueOf(record.error.getMessage()).contains(Errors.INVALID_RECORD.name()))) {
                violation("record " + record.id + ": the client heard INVALID_RECORD for its batch at t=" + heardMs
                        + " but it " + (record.error == null ? "was acknowledged" : "failed with " + record.error));
            }
        }
    }

    /**
     * With idempotence every acknowledged record is in its partition's log exactly once, at its
     * acknowledged offset, and each partition's log holds the records in send order.
     */
    void exactlyOnceInOrder(List<Sent> sent) {
        Map<Integer, Integer> copies = new HashMap<>();
        for (int p = 0; p < model.partitionCount(); p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            List<Integer> ids = new ArrayList<>();
            for (ModelCluster.Entry entry : model.log(partition)) {
                if (!entry.isRecord()) {
                    continue;
                }
                copies.merge(entry.recordId(), 1, Integer::sum);
                ids.add(entry.recordId());
            }
            for (int i = 1; i < ids.size(); i++) {
                if (ids.get(i) <= ids.get(i - 1)) {
                    violation(partition + " holds record " + ids.get(i) + " after record " + ids.get(i - 1)
                            + ": not in send order");
                }
            }
        }
        for (Sent record : acknowledged(sent)) {
            RecordMetadata metadata = record.future.join();
            // -1: acknowledged because a later batch of its epoch was, so in the log at an offset no answer named
            // (the exactly-once check below still holds it to one copy)
            if (metadata.offset() != -1) {
                atItsOffset(record, metadata.offset(), List.of());
            }
            if (copies.getOrDefault(record.id, 0) != 1) {
                violation("acknowledged record " + record.id + " is in the log " + copies.getOrDefault(record.id, 0)
                        + " times");
            }
        }
    }

    /** Records the pool refused (max.block.ms spent with the buffer full) are in no log. */
    void neverWritten(List<Integer> refused) {
        if (refused.isEmpty()) {
            return;
        }
        for (int p = 0; p < model.partitionCount(); p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            for (ModelCluster.Entry entry : model.log(partition)) {
                if (entry.isRecord() && refused.contains(entry.recordId())) {
                    violation(partition + " holds record " + entry.recordId()
                            + ", which the buffer pool refused (max.block.ms spent)");
                }
            }
        }
    }

    /**
     * Without idempotence (acks=1) a retry may write a record twice or out of order, and a leader
     * change may cut what only the old leader held. Still: the logs hold no record that was not
     * sent, and every acknowledged record is at its acknowledged offset unless a leader change cut
     * exactly that record from exactly that offset.
     */
    void acknowledgedUnlessCut(List<Sent> sent) {
        Set<Integer> ids = new HashSet<>();
        sent.forEach(record -> ids.add(record.id));
        for (int p = 0; p < model.partitionCount(); p++) {
            TopicPartition partition = new TopicPartition(CoreUnderTest.TOPIC, p);
            for (ModelCluster.Entry entry : model.log(partition)) {
                if (!ids.contains(entry.recordId())) {
                    violation(partition + "@" + entry.offset() + " holds record " + entry.recordId()
                            + ", which was never sent");
                }
            }
        }
        List<ModelReplication.Truncated> cut = model.replication().truncated();
        for (Sent record : acknowledged(sent)) {
            atItsOffset(record, record.future.join().offset(), cut);
        }
    }

    private static List<Sent> acknowledged(List<Sent> sent) {
        return sent.stream()
                .filter(record -> record.future.isDone() && !record.future.isCompletedExceptionally())
                .toList();
    }

    /** The record is in its partition's log at {@code offset}, or {@code cut} explains why not. */
    private void atItsOffset(Sent record, long offset, List<ModelReplication.Truncated> cut) {
        List<ModelCluster.Entry> log = model.log(record.partition);
        boolean there =
                offset >= 0 && offset < log.size() && log.get((int) offset).recordId() == record.id;
        if (there
                || cut.stream()
                        .anyMatch(t -> t.partition().equals(record.partition)
                                && t.entry().offset() == offset
                                && t.entry().recordId() == record.id)) {
            return;
        }
        violation("record " + record.id + " acknowledged at " + record.partition + "@" + offset
                + " but the log holds "
                + (offset >= 0 && offset < log.size()
                        ? "record " + log.get((int) offset).recordId()
                        : "nothing")
                + " there" + (cut.isEmpty() ? "" : ", and no leader change cut it from there"));
    }

    /** The buffer pool got all its memory back; nothing is left in flight. */
    void settled() {
        if (core.pool.availableMemory() != core.config.bufferMemory()) {
            violation("buffer pool holds " + core.pool.availableMemory() + " of " + core.config.bufferMemory()
                    + " bytes after the run");
        }
        if (core.sender.batchesInFlight() != 0 || core.accumulator.hasIncomplete()) {
            violation("batches left over: " + core.sender.batchesInFlight() + " in flight, incomplete="
                    + core.accumulator.hasIncomplete());
        }
    }

    /**
     * flush() returns within delivery.timeout.ms of its call: every batch it waits for was created
     * before it and completes by its delivery deadline. close() returns once nothing is queued or in
     * flight: a batch that expired in flight still waits for its request, up to request.timeout.ms.
     */
    void flushAndClose(UserCalls calls, int deliveryTimeoutMs, int requestTimeoutMs) {
        long flushCalledMs = calls.flushCalledMs();
        long flushReturnedMs = calls.flushReturnedMs();
        long closeCalledMs = calls.closeCalledMs();
        long closeReturnedMs = calls.closeReturnedMs();
        if (flushCalledMs >= 0 && flushReturnedMs < 0) {
            violation("flush called at t=" + flushCalledMs + " never returned");
        } else if (flushCalledMs >= 0 && flushReturnedMs - flushCalledMs > deliveryTimeoutMs + MAX_STEP_MS) {
            violation("flush took " + (flushReturnedMs - flushCalledMs) + " ms, beyond delivery.timeout.ms "
                    + deliveryTimeoutMs);
        }
        if (closeCalledMs < 0 || closeReturnedMs < 0) {
            violation("close " + (closeCalledMs < 0 ? "was never called" : "called at t=" + closeCalledMs)
                    + " never returned: undrained=" + core.accumulator.hasUndrained() + ", in flight "
                    + core.sender.batchesInFlight());
        } else if (!calls.closeWaitsForCall()
                && closeReturnedMs - closeCalledMs > deliveryTimeoutMs + requestTimeoutMs + 2L * MAX_STEP_MS) {
            violation("close took " + (closeReturnedMs - closeCalledMs) + " ms, beyond delivery.timeout.ms "
                    + deliveryTimeoutMs + " + request.timeout.ms " + requestTimeoutMs);
        }
    }

    /** Once another producer fenced this one, no transaction of this one commits. */
    void fencing(int endingsAtFence) {
        if (endingsAtFence < 0) {
            return;
        }
        List<ModelCoordinator.Ending> endings = model.coordinator().endings();
        for (ModelCoordinator.Ending ending : endings.subList(endingsAtFence, endings.size())) {
            if (ending.committed()) {
                violation("the fenced producer committed a transaction at epoch " + ending.epoch());
            }
        }
    }
}
