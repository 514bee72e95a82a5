package dev.ferry.producer.internal.accumulator;

import dev.ferry.producer.Callback;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.InterruptException;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.partition.StickyPartitioner;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.record.SequenceNumbers;
import dev.ferry.producer.internal.record.StagingBuffers;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Per-partition queues of batches between {@code send()} (any thread) and the sender (the I/O
 * thread). Batch memory comes from the {@link BufferPool}, so {@code buffer.memory} bounds what
 * waits here, and {@code send()} blocks for up to {@code max.block.ms} when it is used up.
 *
 * <p>Thread-safe: each partition's queue is guarded by its own monitor (the {@link BatchQueue} itself), so
 * senders to different partitions never contend.
 */
public final class RecordAccumulator {
    /** The fewest idle staging buffers and slot sets kept, whatever {@code buffer.memory / batch.size} is. */
    private static final int MIN_IDLE = 16;

    private static final int MIN_EXPECTED_RECORDS = 16;
    /** Past this the slots grow by doubling: a batch of tiny records should not reserve too much up front. */
    private static final int MAX_EXPECTED_RECORDS = 4096;
    /** Length, attributes and the timestamp, offset, key and value varints of a small record. */
    private static final int RECORD_OVERHEAD_BYTES = 8;

    private final Settings settings;
    private final BufferPool pool;
    private final LongSupplier clockMs;
    private final StagingBuffers staging;
    private final RecordSlots.Pool slots;
    private final PartitionQueues queues = new PartitionQueues();

    private final IncompleteBatches incomplete = new IncompleteBatches();
    private final CompressionEstimates compressionEstimates = new CompressionEstimates();
    private final Map<Integer, Integer> drainStart = new HashMap<>();
    private final SendNowCauses sendNow = new SendNowCauses();

    /**
     * @param batchSize         {@code batch.size}
     * @param compression       codec and level of every batch
     * @param lingerMs          {@code linger.ms}
     * @param deliveryTimeoutMs {@code delivery.timeout.ms}
     */
    public record Settings(int batchSize, Compression compression, long lingerMs, long deliveryTimeoutMs) {}

    /**
     * @param clockMs the monotonic clock, in ms, that dates new batches for {@code linger.ms} and
     *                {@code delivery.timeout.ms}; read only when a record starts a batch, not per record
     */
    public RecordAccumulator(Settings settings, BufferPool pool, LongSupplier clockMs) {
        this.settings = settings;
        this.pool = pool;
        this.clockMs = clockMs;
        // As many idle as the pool has batch buffers: the buffer pool keeps every freed buffer, and
        // a set dropped while the batches alive go up and down is garbage for every batch past it.
        // Records waiting uncompressed in staging buffers take at most buffer.memory more (and a first
        // buffer per batch), whatever the compression ratio.
        int idle = (int) Math.max(MIN_IDLE, Math.min(Integer.MAX_VALUE, pool.totalMemory() / pool.poolableSize()));
        this.staging = settings.compression().type() == BatchCodec.NONE
                ? StagingBuffers.NONE
                : new StagingBuffers(idle, pool.totalMemory());
        this.slots = new RecordSlots.Pool(idle);
        settings.compression().load();
    }

    /**
     * Appends one serialized record to {@code partition}, blocking for up to {@code maxBlockMs} for
     * batch memory; the returned future also says how the append went.
     */
    public RecordFuture append(
            TopicPartition partition,
            long timestamp,
            byte[] key,
            byte[] value,
            RecordHeader[] headers,
            Callback callback,
            long maxBlockMs) {
        return append(partition, null, null, timestamp, key, value, headers, callback, maxBlockMs);
    }

    /**
     * Appends one serialized record to the partition {@code sticky} holds now, and tells it the bytes
     * appended so it can move on, as kafka-clients' accumulator does with its built-in partitioner:
     * the choice is checked, the record appended and the bytes counted under the partition's lock,
     * so concurrent senders never append to a partition another one has already switched away from.
     */
    public RecordFuture appendSticky(
            StickyPartitioner sticky,
            Cluster cluster,
            long timestamp,
            byte[] key,
            byte[] value,
            RecordHeader[] headers,
            Callback callback,
            long maxBlockMs) {
        return append(null, sticky, cluster, timestamp, key, value, headers, callback, maxBlockMs);
    }

    private RecordFuture append(
            TopicPartition fixed,
            StickyPartitioner sticky,
            Cluster cluster,
            long timestamp,
            byte[] key,
            byte[] value,
            RecordHeader[] headers,
            Callback callback,
            long maxBlockMs) {
        ByteBuffer buffer = null;
        try {
            while (true) {
                StickyPartitioner.Sticky current = sticky == null ? null : sticky.current(cluster);
                TopicPartition partition = current == null ? fixed : current.topicPartition();
                BatchQueue queue = current == null ? queues.forPartition(partition) : queues.forSticky(partition);
                synchronized (queue) {
                    if (stickyChangedLocked(sticky, current, queue, cluster)) {
                        continue;
                    }
                    RecordFuture appended = tryAppendLocked(queue, timestamp, key, value, headers, callback);
                    ProducerBatch refused = null;
                    if (appended == null && buffer != null) {
                        // the last batch, if any, in a loop of at most one turn (see drain)
                        for (int last = Math.min(1, queue.size()); last > 0; last--) {
                            refused = queue.peekLast();
                        }
                        appended = appendNewBatchLocked(
                                partition, queue, buffer, timestamp, key, value, headers, callback);
                        buffer = null;
                    }
                    if (appended != null) {
                        // full batches are compressed here, while the records are in this core's cache,
                        // once the buffer belongs to the queue: so they wait compressed. The batch that
                        // refused this record, or else the one it went into if this record filled it: one
                        // test for both, on what the append already knows, since a record rarely fills a
                        // batch exactly, and a branch first taken late is compiled as a trap whose hit
                        // discards the compiled send path.
                        ProducerBatch ended = refused != null ? refused : queue.peekLast();
                        if (refused != null | appended.filledBatch()) {
                            ended.compressRecords();
                        }
                        return countAppendedLocked(sticky, current, queue, cluster, appended);
                    }
                }
                // Waiting for memory may block for max.block.ms, so it happens outside the lock; another
                // sender may have made room in the meantime, so the next pass tries the last batch again.
                buffer = allocate(
                        Math.max(settings.batchSize(), RecordBatchWriter.estimateSizeInBytes(key, value, headers)),
                        maxBlockMs);
            }
        } finally {
            if (buffer != null) {
                pool.deallocate(buffer);
            }
        }
    }

    /**
     * Whether the sticky partition must be chosen again before appending: another sender switched
     * it, or a switch held back until the partition's batches were full can happen now.
     */
    private static boolean stickyChangedLocked(
            StickyPartitioner sticky, StickyPartitioner.Sticky current, BatchQueue queue, Cluster cluster) {
        if (sticky == null) {
            return false;
        }
        if (sticky.isChanged(current)) {
            return true;
        }
        if (allBatchesFullLocked(queue)) {
            sticky.onAppend(current, 0, cluster, true);
            return sticky.isChanged(current);
        }
        return false;
    }

    private static RecordFuture countAppendedLocked(
            StickyPartitioner sticky,
            StickyPartitioner.Sticky current,
            BatchQueue queue,
            Cluster cluster,
            RecordFuture appended) {
        if (sticky != null) {
            // Switching while the last batch still has room would leave it to be sent part-empty.
            sticky.onAppend(current, appended.appendedBytes(), cluster, allBatchesFullLocked(queue));
        }
        return appended;
    }

    private static boolean allBatchesFullLocked(BatchQueue queue) {
        boolean full = true;
        // the last batch, if any, in a loop of at most one turn (see drain)
        for (int last = Math.min(1, queue.size()); last > 0; last--) {
            full = queue.peekLast().isFull();
        }
        return full;
    }

    private RecordFuture appendNewBatchLocked(
            TopicPartition partition,
            BatchQueue queue,
            ByteBuffer buffer,
            long timestamp,
            byte[] key,
            byte[] value,
            RecordHeader[] headers,
            Callback callback) {
        float ratio = compressionRatioEstimate(partition.topic());
        // The buffer's size is the limit, as in kafka-clients: batch.size, or more for a record that alone is larger.
        RecordBatchWriter writer =
                new RecordBatchWriter(buffer, settings.compression(), buffer.capacity(), ratio, staging);
        ProducerBatch batch = new ProducerBatch(
                partition,
                writer,
                buffer,
                clockMs.getAsLong(),
                settings.deliveryTimeoutMs(),
                slots.acquire(expectedRecords(buffer.capacity(), key, value, ratio)));
        RecordFuture future = batch.tryAppend(timestamp, key, value, headers, callback);
        queue.addLast(batch);
        incomplete.add(batch);
        future.appended(batch.isFull(), true, batch.sizeInBytes());
        return future;
    }

    /**
     * How many records like this one fill a batch of {@code batchBytes} at the topic's compression
     * ratio, so new slots are allocated once at the right size instead of doubling up to it.
     */
    private static int expectedRecords(int batchBytes, byte[] key, byte[] value, float compressionRatio) {
        int recordBytes = (key == null ? 0 : key.length) + (value == null ? 0 : value.length) + RECORD_OVERHEAD_BYTES;
        long fitting = (long) (batchBytes / Math.max(0.05f, compressionRatio)) / recordBytes + 1;
        return (int) Math.max(MIN_EXPECTED_RECORDS, Math.min(MAX_EXPECTED_RECORDS, fitting));
    }

    private ByteBuffer allocate(int size, long maxBlockMs) {
        try {
            return pool.allocate(size, maxBlockMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for " + size + " bytes of buffer.memory", e);
        }
    }

    private RecordFuture tryAppendLocked(
            BatchQueue queue, long timestamp, byte[] key, byte[] value, RecordHeader[] headers, Callback callback) {
        String refusal = sendNow.closedMessage();
        if (refusal != null) {
            throw new ProducerClosedException(refusal);
        }
        RecordFuture future = null;
        // the last batch, if any, in a loop of at most one turn (see drain)
        for (int turn = Math.min(1, queue.size()); turn > 0; turn--) {
            ProducerBatch last = queue.peekLast();
            int sizeBefore = last.sizeInBytes();
            future = last.tryAppend(timestamp, key, value, headers, callback);
            if (future != null) {
                // the batch had room before this record, so if it is full now, this record filled it
                future.appended(last.isFull(), false, last.sizeInBytes() - sizeBefore);
            }
        }
        return future;
    }

    /**
     * Finds the brokers that lead a partition with a sendable batch: full, lingered long enough, or
     * flushed. Called on the I/O thread only; {@code ready} is overwritten.
     */
    public void ready(Cluster cluster, long nowMs, ReadyNodes ready) {
        ready.clear();
        long nextDelay = Long.MAX_VALUE;
        long lingerMs = sendNow.lingerMs(settings.lingerMs(), pool.queued());
        for (PartitionQueues.Entry partitionQueue : queues.all()) {
            BatchQueue queue = partitionQueue.queue();
            ProducerBatch head;
            boolean full;
            synchronized (queue) {
                head = queue.peekFirst();
                full = queue.size() > 1 || (head != null && head.isFull());
            }
            if (head == null) {
                continue;
            }
            Node leader = leaderOf(cluster, partitionQueue.partition());
            if (leader == null) {
                ready.addTopicWithoutLeader(partitionQueue.partition().topic());
                continue;
            }
            if (head.inRetryBackoff(nowMs)) {
                nextDelay = Math.min(nextDelay, head.retryBackoffLeftMs(nowMs));
                continue;
            }
            long waited = nowMs - head.createdMs();
            if (full || head.attempts() > 0 || waited >= lingerMs) {
                ready.addNode(leader.id());
            } else {
                nextDelay = Math.min(nextDelay, lingerMs - waited);
            }
        }
        ready.nextCheckDelayMs(nextDelay);
    }

    /** {@link Cluster#leaderFor} without its two Optionals per partition and round. */
    private static Node leaderOf(Cluster cluster, TopicPartition partition) {
        List<PartitionInfo> partitions = cluster.partitionsForTopic(partition.topic());
        for (int i = 0; i < partitions.size(); i++) {
            PartitionInfo info = partitions.get(i);
            if (info.partition() == partition.partition()) {
                return info.leader();
            }
        }
        return null;
    }

    /**
     * Takes the oldest batch of each partition the broker leads, up to {@code maxRequestSize} bytes
     * (a batch not closed yet counts with its estimated size, as in kafka-clients); empty when none
     * may go. Called on the I/O thread only, once per broker and round.
     */
    public List<ProducerBatch> drain(Cluster cluster, int node, int maxRequestSize, long nowMs, DrainGate gate) {
        List<PartitionInfo> partitions = cluster.partitionsForNode(node);
        List<ProducerBatch> batches = new ArrayList<>();
        if (partitions.isEmpty()) {
            return batches;
        }
        int size = 0;
        int start = drainStart.getOrDefault(node, 0) % partitions.size();
        // rotate the starting partition so that one busy partition cannot starve the others of request space
        drainStart.put(node, start + 1);
        eachPartition:
        for (int i = 0; i < partitions.size(); i++) {
            PartitionInfo info = partitions.get((start + i) % partitions.size());
            BatchQueue queue = queues.existing(info.topic(), info.partition());
            if (queue == null) {
                continue;
            }
            synchronized (queue) {
                // The head, if any, in a loop of at most one turn rather than behind a test for an empty
                // queue: the loop's exit is the branch every turn takes. While a cold broker lets a backlog
                // build, no queue is ever empty here, C2 compiles an emptiness test as a trap, and the first
                // empty queue after the backlog clears discards the compiled round (0.6-0.75 s of C2 time
                // in a million records of 1000 B); the same goes for the append path's look at the last batch.
                for (int head = Math.min(1, queue.size()); head > 0; head--) {
                    ProducerBatch batch = queue.peekFirst();
                    if (batch.inRetryBackoff(nowMs) || !gate.mayDrain(batch)) {
                        continue eachPartition;
                    }
                    if (!batches.isEmpty() && size + batch.sizeInBytes() > maxRequestSize) {
                        break eachPartition;
                    }
                    queue.pollFirst();
                    batches.add(batch);
                    size += batch.sizeInBytes();
                }
            }
        }
        return batches;
    }

    /**
     * Moves the topic's compression estimate, which sizes its next batches, with the ratio of a batch
     * just closed ({@link CompressionEstimates}); without compression every ratio is 1, the default.
     * Called on the I/O thread for every batch.
     */
    public void recordCompressionRatio(ProducerBatch closed) {
        if (settings.compression().type() != BatchCodec.NONE) {
            compressionEstimates.record(closed.partition().topic(), closed.compressionRatio());
        }
    }

    /** The ratio at which the topic's next batch is filled: 1.0 until a batch of it was closed. */
    float compressionRatioEstimate(String topic) {
        return compressionEstimates.ratio(topic);
    }

    /**
     * Puts a batch back for another attempt, before the batches that follow it in sequence order;
     * one without a sequence (not idempotent) behind the batches whose delivery deadline is earlier
     * only, so that each queue stays in deadline order for {@link #expire}. Ahead of those of an equal
     * deadline: it left the queue before them, and behind them a record created in the same
     * millisecond would be written before it.
     */
    public void reenqueue(ProducerBatch batch, long retryAtMs) {
        batch.scheduleRetry(retryAtMs);
        BatchQueue queue = queues.forPartition(batch.partition());
        synchronized (queue) {
            insertInSequenceOrderLocked(queue, batch);
        }
    }

    private static void insertInSequenceOrderLocked(BatchQueue queue, ProducerBatch batch) {
        Deque<ProducerBatch> before = new ArrayDeque<>();
        while (!queue.isEmpty() && goesBefore(queue.peekFirst(), batch)) {
            before.addLast(queue.pollFirst());
        }
        queue.addFirst(batch);
        while (!before.isEmpty()) {
            queue.addFirst(before.pollLast());
        }
    }

    private static boolean goesBefore(ProducerBatch queued, ProducerBatch retried) {
        if (retried.hasSequence()) {
            return queued.hasSequence() && SequenceNumbers.precedes(queued.baseSequence(), retried.baseSequence());
        }
        return !queued.hasSequence() && queued.deliveryDeadlineMs() < retried.deliveryDeadlineMs();
    }

    /** Takes a batch off its partition's queue, where it waited to be sent again; false if it was not there. */
    public boolean remove(ProducerBatch batch) {
        BatchQueue queue = queues.forPartition(batch.partition());
        synchronized (queue) {
            return queue.remove(batch);
        }
    }

    /** Queued batches that already carry a sequence (waiting to be resent), in queue order per partition. */
    public List<ProducerBatch> queuedWithSequence() {
        List<ProducerBatch> sequenced = new ArrayList<>();
        for (PartitionQueues.Entry partitionQueue : queues.all()) {
            BatchQueue queue = partitionQueue.queue();
            synchronized (queue) {
                for (ProducerBatch batch : queue) {
                    if (batch.hasSequence()) {
                        sequenced.add(batch);
                    }
                }
            }
        }
        return sequenced;
    }

    /**
     * Removes and returns the queued batches whose delivery.timeout.ms has passed. Like kafka-clients,
     * it looks at each queue from the head and stops at the first batch still in time: the I/O thread
     * calls this every round, and scanning whole queues of waiting batches cost more than sending them.
     */
    public List<ProducerBatch> expire(long nowMs) {
        List<ProducerBatch> expired = List.of();
        for (PartitionQueues.Entry partitionQueue : queues.all()) {
            BatchQueue queue = partitionQueue.queue();
            synchronized (queue) {
                // the head, if any, in a loop of at most one turn (see drain)
                for (int head = Math.min(1, queue.size()); head > 0; head--) {
                    if (queue.peekFirst().deliveryDeadlineMs() <= nowMs) {
                        expired = takeExpiredLocked(queue, nowMs, expired);
                    }
                }
            }
        }
        return expired;
    }

    private static List<ProducerBatch> takeExpiredLocked(BatchQueue queue, long nowMs, List<ProducerBatch> expired) {
        List<ProducerBatch> taken = expired.isEmpty() ? new ArrayList<>() : expired;
        while (!queue.isEmpty() && queue.peekFirst().deliveryDeadlineMs() <= nowMs) {
            taken.add(queue.pollFirst());
        }
        return taken;
    }

    /** Returns a finished batch's memory to the pool, and its per-record slots for the next batch. */
    public void release(ProducerBatch batch) {
        incomplete.remove(batch);
        batch.discardStaging();
        RecordSlots taken = batch.takeSlots();
        if (taken != null) {
            slots.release(taken, batch.recordCount());
        }
        if (batch.pooledBuffer() != null) {
            pool.deallocate(batch.pooledBuffer());
        }
    }

    /**
     * Replaces a batch the broker rejected as too large by smaller ones, queued in its place for
     * the next drain; returns them in order. The original's memory goes back to the pool, and its
     * completion follows the parts'.
     */
    public List<ProducerBatch> splitAndReenqueue(ProducerBatch batch) {
        List<ProducerBatch> parts = batch.split(settings.compression());
        parts.forEach(incomplete::add);
        // a flush begun before the split waits on the original, which is never completed itself
        CompletableFuture.allOf(parts.stream().map(ProducerBatch::completion).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> batch.completion().complete(null));
        BatchQueue queue = queues.forPartition(batch.partition());
        synchronized (queue) {
            // the last part first: without sequences each part goes ahead of the queued batches of its
            // deadline, the later parts among them
            for (int i = parts.size() - 1; i >= 0; i--) {
                insertInSequenceOrderLocked(queue, parts.get(i));
            }
        }
        release(batch);
        return parts;
    }

    /** Removes the queued batches of the partitions a node leads, for an error that dooms what waits for it. */
    public List<ProducerBatch> drainLedBy(Cluster cluster, int node) {
        List<ProducerBatch> removed = new ArrayList<>();
        for (PartitionInfo partition : cluster.partitionsForNode(node)) {
            BatchQueue queue = queues.existing(partition.topicPartition());
            if (queue != null) {
                synchronized (queue) {
                    queue.drainTo(removed);
                }
            }
        }
        return removed;
    }

    /** Removes every queued batch, for a forced close or a fatal error. */
    public List<ProducerBatch> drainAll() {
        List<ProducerBatch> all = new ArrayList<>();
        for (PartitionQueues.Entry partitionQueue : queues.all()) {
            BatchQueue queue = partitionQueue.queue();
            synchronized (queue) {
                queue.drainTo(all);
            }
        }
        return all;
    }

    /**
     * How many batches wait for the partition: the queue depth adaptive partitioning weighs; -1 when
     * nothing was ever appended to it.
     */
    public int queuedBatches(String topic, int partition) {
        BatchQueue queue = queues.existing(topic, partition);
        if (queue == null) {
            return -1;
        }
        synchronized (queue) {
            return queue.size();
        }
    }

    public boolean hasUndrained() {
        for (PartitionQueues.Entry partitionQueue : queues.all()) {
            BatchQueue queue = partitionQueue.queue();
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /** Makes every queued batch sendable now and returns what completes when all of them have. */
    public CompletableFuture<Void> beginFlush() {
        sendNow.flushStarted();
        CompletableFuture<?>[] pending = incomplete.completions().toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pending).whenComplete((ignored, error) -> sendNow.flushEnded());
    }

    /** From now on appends fail and every queued batch is sendable at once. */
    public void close() {
        close("Cannot send after the producer is closed");
    }

    /** Refuses every later append with {@code message}; the first close's message stays. */
    public void close(String message) {
        sendNow.close(message);
    }
}
