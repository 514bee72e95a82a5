package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.Callback;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.record.SequenceNumbers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The accumulator on its own, with time moved by the test, behaviour by behaviour as kafka-clients'
 * {@code RecordAccumulatorTest} covers its accumulator: full batches, linger, batch memory, waiting
 * appends, drain size and order, held partitions, expiry, retries in order and after their backoff,
 * splitting, flush, abort and close. Records and sizes are read with kafka-clients' record classes;
 * the same records through both accumulators are compared in {@link AccumulatorKafkaClientsParityTest}.
 */
class RecordAccumulatorTest {
    private static final int DELIVERY_TIMEOUT_MS = 120_000;
    /** The accumulator tests' topic: partitions 0 and 1 led by broker 0, partition 2 by broker 1. */
    private static final String TOPIC = "orders";

    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition TP1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition TP2 = new TopicPartition(TOPIC, 2);
    private static final Cluster CLUSTER = cluster();
    private static final byte[] KEY = "key".getBytes(StandardCharsets.UTF_8);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long LINGER_FOREVER_MS = Long.MAX_VALUE / 4;
    private static final long MEMORY_SMALL = 64L * 1024;
    private static final long MAX_BLOCK_MS = 1_000;
    private static final long PRODUCER_ID = 4_711;

    /** The accumulator's clock: time moves only when a test moves it. */
    private long nowMs = 1_000_000;
    /** The buffer.memory of the accumulator a test made last. */
    private BufferPool pool;

    /** kafka-clients testFull: a batch takes records as far as kafka-clients' own size arithmetic allows, and is ready once the next record does not fit. */
    @Test
    void aBatchIsReadyOnceTheNextRecordDoesNotFitAndHoldsItsRecordsInOrder() {
        // given a batch.size the records do not fill exactly, and a linger that never ends
        int batchSize = 1025 + DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        RecordAccumulator accumulator = accumulator(batchSize, 10L * batchSize, LINGER_FOREVER_MS);
        int fitting = recordsFitting(batchSize);

        for (int i = 0; i < fitting; i++) {
            // when
            RecordFuture appended = append(accumulator, TP0, i);

            // then
            assertThat(appended.newBatchCreated())
                    .as("record %d started a batch", i)
                    .isEqualTo(i == 0);
            assertThat(appended.filledBatch()).as("full after record %d", i).isFalse();
            assertThat(readyNodes(accumulator).nodes())
                    .as("ready after %d of the %d records that fit", i + 1, fitting)
                    .isEmpty();
        }
        RecordFuture next = append(accumulator, TP0, fitting);
        assertThat(next.newBatchCreated()).as("the batch before it is sendable").isTrue();
        assertThat(next.filledBatch()).as("the new batch has room").isFalse();
        assertThat(readyNodes(accumulator).nodes()).containsExactly(0);
        List<ProducerBatch> drained = drain(accumulator, 0, Integer.MAX_VALUE);
        assertThat(drained).hasSize(1);
        assertThat(values(drained.get(0))).containsExactlyElementsOf(valuesUpTo(fitting));
        assertThat(readyNodes(accumulator).nodes()).as("the next batch lingers").isEmpty();
        settle(accumulator, drained);
        settle(accumulator, accumulator.drainAll());
    }

    /** A batch whose records reach batch.size exactly is full with its last record, without waiting for one more. */
    @Test
    void aBatchFilledExactlyToBatchSizeIsReadyWithItsLastRecord() {
        int records = 10;
        int batchSize = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + records * recordSize(0);
        RecordAccumulator accumulator = accumulator(batchSize, 10L * batchSize, LINGER_FOREVER_MS);
        for (int i = 0; i < records - 1; i++) {
            append(accumulator, TP0, i);
        }
        assertThat(readyNodes(accumulator).nodes()).isEmpty();

        RecordFuture last = append(accumulator, TP0, records - 1);

        assertThat(last.newBatchCreated()).isFalse();
        assertThat(last.filledBatch()).isTrue();
        assertThat(readyNodes(accumulator).nodes()).containsExactly(0);
        List<ProducerBatch> drained = drain(accumulator, 0, Integer.MAX_VALUE);
        assertThat(values(drained.get(0))).containsExactlyElementsOf(valuesUpTo(records));
        settle(accumulator, drained);
    }

    /**
     * kafka-clients testAppendLarge: a batch takes batch.size bytes of buffer.memory, or, for a record
     * larger than that, kafka-clients' upper bound of the record's batch, which it starts. The memory
     * comes back to the byte.
     */
    @Test
    void aBatchTakesBatchSizeBytesOrTheUpperBoundOfALargerRecord() {
        int batchSize = 512;
        RecordAccumulator accumulator = accumulator(batchSize, 10 * 1024, LINGER_FOREVER_MS);
        byte[] large = new byte[2 * batchSize];

        append(accumulator, TP0, 0);
        long afterSmall = pool.availableMemory();
        RecordFuture largeRecord = accumulator.append(TP2, nowMs, KEY, large, NO_HEADERS, null, MAX_BLOCK_MS);

        assertThat(pool.totalMemory() - afterSmall).as("a small record's batch").isEqualTo(batchSize);
        assertThat(afterSmall - pool.availableMemory())
                .as("the large record's batch")
                .isEqualTo(AbstractRecords.estimateSizeInBytesUpperBound(
                        RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, KEY, large, Record.EMPTY_HEADERS));
        assertThat(largeRecord.newBatchCreated()).isTrue();
        List<ProducerBatch> drained = drain(accumulator, 1, Integer.MAX_VALUE);
        assertThat(drained).hasSize(1);
        assertThat(values(drained.get(0))).hasSize(1);
        settle(accumulator, drained);
        settle(accumulator, accumulator.drainAll());
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /** kafka-clients testLinger and testNextReadyCheckDelay: not ready before linger.ms, ready at it; the next check is due when the first batch's linger ends. */
    @Test
    void aBatchIsNotReadyBeforeLingerMsAndReadyAtIt() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, 10);
        append(accumulator, TP0, 0);
        ReadyNodes appended = readyNodes(accumulator);
        assertThat(appended.nodes()).isEmpty();
        assertThat(appended.nextCheckDelayMs()).isEqualTo(10);

        nowMs += 5;
        append(accumulator, TP2, 1);
        ReadyNodes halfway = readyNodes(accumulator);
        assertThat(halfway.nodes()).isEmpty();
        assertThat(halfway.nextCheckDelayMs())
                .as("the first batch's linger ends first")
                .isEqualTo(5);

        nowMs += 4;
        ReadyNodes almost = readyNodes(accumulator);
        assertThat(almost.nodes()).as("1 ms before linger.ms").isEmpty();
        assertThat(almost.nextCheckDelayMs()).isEqualTo(1);

        nowMs += 1;
        assertThat(readyNodes(accumulator).nodes()).as("at linger.ms").containsExactly(0);
        List<ProducerBatch> drained = drain(accumulator, 0, Integer.MAX_VALUE);
        assertThat(values(drained.get(0))).containsExactly(value(0));

        nowMs += 5;
        assertThat(readyNodes(accumulator).nodes())
                .as("the second batch at its linger.ms")
                .containsExactly(1);
        settle(accumulator, drained);
        settle(accumulator, drain(accumulator, 1, Integer.MAX_VALUE));
    }

    /**
     * kafka-clients' ready() treats every batch as sendable while an append waits for buffer.memory:
     * only sending frees memory. The lingering batches are ready while the append waits, and linger
     * again once nobody waits.
     */
    @Test
    void whileAnAppendWaitsForMemoryEveryQueuedBatchIsReady() throws Exception {
        int batchSize = 1024;
        RecordAccumulator accumulator = accumulator(batchSize, 2L * batchSize, LINGER_FOREVER_MS);
        append(accumulator, TP0, 0);
        append(accumulator, TP2, 1);
        assertThat(readyNodes(accumulator).nodes()).isEmpty();
        long appendedAt = nowMs;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            // when a third batch waits for memory
            Future<RecordFuture> waiting = sender.submit(() -> accumulator.append(
                    TP1,
                    appendedAt,
                    KEY,
                    value(2).getBytes(StandardCharsets.UTF_8),
                    NO_HEADERS,
                    null,
                    Duration.ofMinutes(1).toMillis()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pool.queued() == 1);

            // then
            assertThat(readyNodes(accumulator).nodes()).containsExactlyInAnyOrder(0, 1);
            settle(accumulator, drain(accumulator, 1, Integer.MAX_VALUE));
            RecordFuture appended = waiting.get(10, TimeUnit.SECONDS);
            assertThat(appended.partition()).isEqualTo(TP1);
            assertThat(readyNodes(accumulator).nodes())
                    .as("nobody waits: the batches linger again")
                    .isEmpty();
        } finally {
            sender.shutdownNow();
        }
        settle(accumulator, accumulator.drainAll());
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /**
     * kafka-clients testPartialDrain and its drain-index rotation: one drain takes the oldest batch of
     * each partition the broker leads, up to max.request.size (the first batch always, however
     * large), and each drain of a broker starts one partition later, so a busy partition does not
     * starve the others of request space.
     */
    @Test
    void aDrainTakesUpToMaxRequestSizePerBrokerStartingOnePartitionLaterEachTime() {
        // given two batches in each of the broker's two partitions, one large record a batch
        int batchSize = 1024;
        RecordAccumulator accumulator = accumulator(batchSize, 16L * batchSize, LINGER_FOREVER_MS);
        byte[] large = new byte[700];
        for (TopicPartition partition : List.of(TP0, TP1)) {
            for (int i = 0; i < 2; i++) {
                accumulator.append(partition, nowMs, KEY, large, NO_HEADERS, null, MAX_BLOCK_MS);
            }
        }
        assertThat(accumulator.queuedBatches(TOPIC, 0)).isEqualTo(2);
        int oneBatch = DefaultRecordBatch.RECORD_BATCH_OVERHEAD
                + DefaultRecord.sizeInBytes(0, 0, KEY.length, large.length, Record.EMPTY_HEADERS);

        // when drained four times with room for one batch, then the first batch too large for the request
        List<TopicPartition> order = new ArrayList<>();
        List<ProducerBatch> drained = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<ProducerBatch> one = drain(accumulator, 0, oneBatch + oneBatch / 2);
            assertThat(one).as("drain %d", i).hasSize(1);
            order.add(one.get(0).partition());
            drained.addAll(one);
        }

        // then
        assertThat(order).containsExactly(TP0, TP1, TP0, TP1);
        accumulator.append(TP0, nowMs, KEY, large, NO_HEADERS, null, MAX_BLOCK_MS);
        assertThat(drain(accumulator, 0, 100))
                .as("a batch larger than max.request.size goes alone")
                .hasSize(1)
                .allSatisfy(drained::add);
        settle(accumulator, drained);
    }

    /** kafka-clients testMutedPartitions: a partition the drain gate holds (max.in.flight 1, idempotence) is skipped, the broker's others are drained. */
    @Test
    void aPartitionTheDrainGateHoldsIsNotDrainedAndTheBrokersOthersAre() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, 0);
        append(accumulator, TP0, 0);
        append(accumulator, TP1, 1);
        Set<TopicPartition> muted = new HashSet<>(Set.of(TP0));
        DrainGate gate = head -> !muted.contains(head.partition());
        assertThat(readyNodes(accumulator).nodes()).containsExactly(0);

        List<ProducerBatch> drained = accumulator.drain(CLUSTER, 0, Integer.MAX_VALUE, nowMs, gate);

        assertThat(drained).extracting(ProducerBatch::partition).containsExactly(TP1);
        assertThat(accumulator.queuedBatches(TOPIC, 0))
                .as("the held partition's batch")
                .isOne();
        muted.clear();
        List<ProducerBatch> released = accumulator.drain(CLUSTER, 0, Integer.MAX_VALUE, nowMs, gate);
        assertThat(released).extracting(ProducerBatch::partition).containsExactly(TP0);
        settle(accumulator, drained);
        settle(accumulator, released);
    }

    /**
     * kafka-clients testExpiredBatches: queued batches expire at their delivery.timeout.ms, not a
     * millisecond before, oldest first; a drained batch is in flight, the sender's to expire
     * (SenderTest: the error names the partition and the time).
     */
    @Test
    void queuedBatchesExpireAtTheirDeliveryTimeoutAndDrainedOnesAreNotTheAccumulators() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, LINGER_FOREVER_MS);
        long createdMs = nowMs;
        append(accumulator, TP0, 0);
        append(accumulator, TP1, 1);
        List<ProducerBatch> inFlight = drain(accumulator, 0, Integer.MAX_VALUE);
        append(accumulator, TP0, 2);
        nowMs += 1_000;
        append(accumulator, TP2, 3);

        assertThat(accumulator.expire(createdMs + DELIVERY_TIMEOUT_MS - 1)).isEmpty();
        List<ProducerBatch> first = accumulator.expire(createdMs + DELIVERY_TIMEOUT_MS);
        assertThat(first).extracting(ProducerBatch::partition).containsExactly(TP0);
        assertThat(first.get(0).deliveryDeadlineMs()).isEqualTo(createdMs + DELIVERY_TIMEOUT_MS);
        assertThat(values(first.get(0))).containsExactly(value(2));
        assertThat(accumulator.expire(createdMs + DELIVERY_TIMEOUT_MS + 999)).isEmpty();
        List<ProducerBatch> second = accumulator.expire(createdMs + DELIVERY_TIMEOUT_MS + 1_000);
        assertThat(second).extracting(ProducerBatch::partition).containsExactly(TP2);
        assertThat(accumulator.expire(Long.MAX_VALUE / 2))
                .as("the drained batches")
                .isEmpty();
        settle(accumulator, first);
        settle(accumulator, second);
        settle(accumulator, inFlight);
    }

    /**
     * kafka-clients testRetryBackoff: a batch put back for a retry is not drained before its backoff
     * ends, and the sender need not look again before then; then it is ready at once, whatever
     * linger.ms says, since it waited once already. The next check was due in 1 ms whatever the
     * backoff, so the I/O thread polled every millisecond through each retry backoff.
     */
    @Test
    void aRetriedBatchIsNotDrainedBeforeItsBackoffAndIsReadyAtItsEnd() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, LINGER_FOREVER_MS);
        append(accumulator, TP0, 0);
        ProducerBatch sent = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
        sent.close(PRODUCER_ID, (short) 0, 0, false);
        sent.recordAttempt();

        accumulator.reenqueue(sent, nowMs + 100);
        nowMs += 30;
        ReadyNodes backingOff = readyNodes(accumulator);
        assertThat(backingOff.nodes()).isEmpty();
        assertThat(backingOff.nextCheckDelayMs())
                .as("the next check is due when the backoff ends, not in a millisecond")
                .isEqualTo(70);
        nowMs += 69;

        assertThat(readyNodes(accumulator).nodes()).isEmpty();
        assertThat(drain(accumulator, 0, Integer.MAX_VALUE))
                .as("within the backoff")
                .isEmpty();
        nowMs += 1;
        assertThat(readyNodes(accumulator).nodes()).containsExactly(0);
        assertThat(drain(accumulator, 0, Integer.MAX_VALUE)).containsExactly(sent);
        settle(accumulator, List.of(sent));
    }

    /**
     * Batches answered out of order (several requests in flight) go back in sequence order, ahead of
     * the batch appended since, as kafka-clients' insertInSequenceOrder keeps them.
     */
    @Test
    void retriedBatchesGoBackAheadOfNewOnesInSequenceOrder() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, 0);
        List<ProducerBatch> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            append(accumulator, TP0, i);
            ProducerBatch batch = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
            batch.close(PRODUCER_ID, (short) 0, i, false);
            batch.recordAttempt();
            sent.add(batch);
        }
        append(accumulator, TP0, 3);

        accumulator.reenqueue(sent.get(2), nowMs);
        accumulator.reenqueue(sent.get(0), nowMs);
        accumulator.reenqueue(sent.get(1), nowMs);

        assertThat(accumulator.queuedWithSequence()).containsExactlyElementsOf(sent);
        List<ProducerBatch> order = drainOneByOne(accumulator, TP0);
        assertThat(order).hasSize(4).startsWith(sent.toArray(ProducerBatch[]::new));
        assertThat(values(order.get(3))).containsExactly(value(3));
        settle(accumulator, order);
    }

    /**
     * Without sequences a retried batch goes back behind the queued batches created before it and
     * ahead of the younger ones, so that each queue stays in delivery-deadline order for expiry.
     */
    @Test
    void aRetriedBatchWithoutSequenceGoesBackInDeliveryDeadlineOrder() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, 0);
        append(accumulator, TP0, 0);
        ProducerBatch older = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
        nowMs += 500;
        append(accumulator, TP0, 1);
        ProducerBatch younger = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
        nowMs += 100;
        append(accumulator, TP0, 2);

        accumulator.reenqueue(older, nowMs);
        accumulator.reenqueue(younger, nowMs);

        List<ProducerBatch> order = drainOneByOne(accumulator, TP0);
        assertThat(order).hasSize(3);
        assertThat(order.subList(0, 2)).containsExactly(older, younger);
        assertThat(values(order.get(2))).containsExactly(value(2));
        settle(accumulator, order);
    }

    /**
     * kafka-clients testSplitAndReenqueue / testSplitBatchOffAccumulator: a batch the broker refused
     * as too large is replaced at the head of its queue by batches of at most half its size that
     * hold its records in order, at its sequences; every record's future and callback completes once,
     * with its own offset; a flush begun before the split returns when the last part completes; the
     * original's memory goes back to the pool.
     */
    @Test
    void aSplitBatchIsReplacedByHalfSizedPartsThatCompleteEveryRecordOnce() {
        // given a closed batch of 20 records at sequence 0, and a newer batch behind it
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, LINGER_FOREVER_MS);
        int records = 20;
        int[] callbacks = new int[records];
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            int record = i;
            futures.add(accumulator.append(
                    TP0,
                    nowMs,
                    KEY,
                    (value(i) + "-".repeat(100)).getBytes(StandardCharsets.UTF_8),
                    NO_HEADERS,
                    (metadata, error) -> callbacks[record]++,
                    MAX_BLOCK_MS));
        }
        ProducerBatch tooLarge = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
        tooLarge.close(PRODUCER_ID, (short) 0, 0, false);
        tooLarge.recordAttempt();
        List<String> tooLargeValues = values(tooLarge);
        int tooLargeSize = tooLarge.sizeInBytes();
        CompletableFuture<Void> flush = accumulator.beginFlush();
        RecordFuture newer = append(accumulator, TP0, records);

        // when
        List<ProducerBatch> parts = accumulator.splitAndReenqueue(tooLarge);

        // then
        assertThat(parts).hasSizeGreaterThan(1);
        List<String> splitValues = new ArrayList<>();
        int sequence = 0;
        for (ProducerBatch part : parts) {
            assertThat(part.sizeInBytes()).as("size of %s", part).isLessThanOrEqualTo(tooLargeSize / 2);
            assertThat(part.baseSequence()).as("sequence of %s", part).isEqualTo(sequence);
            assertThat(part.attempts()).isOne();
            splitValues.addAll(values(part));
            sequence += part.recordCount();
        }
        assertThat(splitValues).isEqualTo(tooLargeValues);
        List<ProducerBatch> order = drainOneByOne(accumulator, TP0);
        assertThat(order.subList(0, parts.size())).containsExactlyElementsOf(parts);
        assertThat(order).hasSize(parts.size() + 1);

        long baseOffset = 100;
        for (int i = 0; i < parts.size(); i++) {
            assertThat(flush)
                    .as("flush before part %d of %d completed", i, parts.size())
                    .isNotDone();
            parts.get(i).complete(baseOffset, -1, null);
            parts.get(i).complete(baseOffset + 1_000, -1, null);
            baseOffset += parts.get(i).recordCount();
        }
        assertThat(flush).isCompleted();
        assertThat(futures)
                .extracting(future -> future.join().offset())
                .containsExactlyElementsOf(
                        LongStream.range(100, 100 + records).boxed().toList());
        assertThat(callbacks).containsOnly(1);
        assertThat(newer).isNotDone();
        parts.forEach(accumulator::release);
        settle(accumulator, order.subList(parts.size(), order.size()));
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /**
     * A split batch whose sequences cross Integer.MAX_VALUE: each part starts at the original's base
     * sequence plus its first offset, wrapped to 0 past MAX_VALUE as the broker counts
     * (kafka-clients' DefaultRecordBatch.incrementSequence). A part past the wrap started at a
     * negative sequence, which the broker refuses.
     */
    @Test
    void thePartsOfASplitBatchWhoseSequencesWrapStartAtWrappedSequences() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, LINGER_FOREVER_MS);
        int records = 20;
        for (int i = 0; i < records; i++) {
            accumulator.append(
                    TP0,
                    nowMs,
                    KEY,
                    (value(i) + "-".repeat(100)).getBytes(StandardCharsets.UTF_8),
                    NO_HEADERS,
                    null,
                    MAX_BLOCK_MS);
        }
        ProducerBatch tooLarge = drain(accumulator, 0, Integer.MAX_VALUE).get(0);
        int firstSequence = Integer.MAX_VALUE - 4;
        tooLarge.close(PRODUCER_ID, (short) 0, firstSequence, false);
        tooLarge.recordAttempt();

        List<ProducerBatch> parts = accumulator.splitAndReenqueue(tooLarge);

        assertThat(parts).hasSizeGreaterThan(1);
        long position = firstSequence;
        for (ProducerBatch part : parts) {
            int expected = SequenceNumbers.wrap(position);
            assertThat(part.baseSequence()).as("sequence of %s", part).isEqualTo(expected);
            RecordBatch onTheWire = MemoryRecords.readableRecords(part.bytes())
                    .batches()
                    .iterator()
                    .next();
            onTheWire.ensureValid();
            assertThat(onTheWire.baseSequence()).as("base sequence on the wire").isEqualTo(expected);
            position += part.recordCount();
        }
        assertThat(parts.get(parts.size() - 1).baseSequence())
                .as("the last part, past the wrap")
                .isBetween(0, records);
        List<ProducerBatch> order = drainOneByOne(accumulator, TP0);
        assertThat(order).containsExactlyElementsOf(parts);
        settle(accumulator, order);
    }

    /**
     * kafka-clients testFlush and testAwaitFlushComplete: a flush makes every queued batch ready at
     * once and completes when the batches appended before it have; a batch appended after it is not
     * waited for, and once the flush is over batches linger again.
     */
    @Test
    void aFlushSendsWhatIsQueuedAndWaitsForWhatWasAppendedBeforeItOnly() {
        RecordAccumulator accumulator = accumulator(16_384, MEMORY_SMALL, LINGER_FOREVER_MS);
        append(accumulator, TP0, 0);
        append(accumulator, TP2, 1);
        assertThat(readyNodes(accumulator).nodes()).isEmpty();

        CompletableFuture<Void> flush = accumulator.beginFlush();
        RecordFuture later = append(accumulator, TP1, 2);

        assertThat(readyNodes(accumulator).nodes()).containsExactlyInAnyOrder(0, 1);
        List<ProducerBatch> broker0 = drain(accumulator, 0, Integer.MAX_VALUE);
        assertThat(broker0).extracting(ProducerBatch::partition).containsExactlyInAnyOrder(TP0, TP1);
        ProducerBatch beforeFlush = broker0.stream()
                .filter(b -> b.partition().equals(TP0))
                .findFirst()
                .orElseThrow();
        settle(accumulator, List.of(beforeFlush));
        assertThat(flush)
                .as("one batch appended before the flush is still incomplete")
                .isNotDone();
        settle(accumulator, drain(accumulator, 1, Integer.MAX_VALUE));
        assertThat(flush).as("later appends are not waited for").isCompleted();
        assertThat(later).isNotDone();

        append(accumulator, TP2, 3);
        assertThat(readyNodes(accumulator).nodes())
                .as("the flush is over: batches linger")
                .isEmpty();
        settle(accumulator, broker0.stream().filter(b -> b != beforeFlush).toList());
        settle(accumulator, accumulator.drainAll());
    }

    /**
     * kafka-clients testAbortIncompleteBatches, as the sender's forced close and fatal errors do it
     * with the accumulator: every queued batch is taken out, and every incomplete record, queued or
     * in flight, fails with the cause, future and callback; then all of buffer.memory is free.
     */
    @Test
    void abortingFailsEveryIncompleteRecordWithTheCauseAndFreesAllMemory() {
        RecordAccumulator accumulator = accumulator(1024, MEMORY_SMALL, LINGER_FOREVER_MS);
        List<Exception> heard = new ArrayList<>();
        List<RecordFuture> futures = new ArrayList<>();
        futures.add(append(accumulator, TP0, 0, (metadata, error) -> heard.add(error)));
        List<ProducerBatch> inFlight = drain(accumulator, 0, Integer.MAX_VALUE);
        for (int i = 1; i < 40; i++) {
            futures.add(append(accumulator, i % 2 == 0 ? TP0 : TP2, i, (metadata, error) -> heard.add(error)));
        }
        assertThat(pool.availableMemory()).isLessThan(pool.totalMemory());
        ProducerClosedException cause = new ProducerClosedException("aborted by the test");

        List<ProducerBatch> queued = accumulator.drainAll();
        for (ProducerBatch batch : concat(inFlight, queued)) {
            batch.fail(cause, null);
            accumulator.release(batch);
        }

        assertThat(futures).allSatisfy(future -> assertThat(future)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCause(cause));
        assertThat(heard).hasSize(futures.size()).containsOnly(cause);
        assertThat(accumulator.hasUndrained()).isFalse();
        assertThat(accumulator.hasIncomplete()).isFalse();
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    /**
     * After close every append is refused, naming why (the first close's reason), with no memory
     * kept; what is queued is ready at once, however long it would linger.
     */
    @Test
    void afterCloseAppendsAreRefusedAndWhatIsQueuedIsReadyAtOnce() {
        int batchSize = 1024;
        RecordAccumulator accumulator = accumulator(batchSize, MEMORY_SMALL, LINGER_FOREVER_MS);
        append(accumulator, TP0, 0);
        assertThat(readyNodes(accumulator).nodes()).isEmpty();

        accumulator.close();
        accumulator.close("a later reason");

        assertThat(readyNodes(accumulator).nodes()).containsExactly(0);
        for (TopicPartition partition : List.of(TP0, TP2)) {
            assertThatThrownBy(() -> append(accumulator, partition, 1))
                    .as("append to %s", partition)
                    .isInstanceOf(ProducerClosedException.class)
                    .hasMessage("Cannot send after the producer is closed");
        }
        assertThat(pool.totalMemory() - pool.availableMemory())
                .as("only the queued batch's memory")
                .isEqualTo(batchSize);
        settle(accumulator, drain(accumulator, 0, Integer.MAX_VALUE));
        assertThat(accumulator.hasIncomplete()).isFalse();
        assertThat(pool.availableMemory()).isEqualTo(pool.totalMemory());
    }

    // ---- steps and facts of the accumulator tests ----

    /** A new accumulator over a new pool of {@code memory} bytes, {@link #pool}, without compression. */
    private RecordAccumulator accumulator(int batchSize, long memory, long lingerMs) {
        pool = new BufferPool(memory, batchSize, () -> nowMs * 1_000_000);
        return new RecordAccumulator(
                new RecordAccumulator.Settings(
                        batchSize, Compression.of(BatchCodec.NONE), lingerMs, DELIVERY_TIMEOUT_MS),
                pool,
                () -> nowMs);
    }

    /** Record {@code i}: key {@link #KEY}, value {@link #value}, appended now. */
    private RecordFuture append(RecordAccumulator accumulator, TopicPartition partition, int i) {
        return append(accumulator, partition, i, null);
    }

    private RecordFuture append(RecordAccumulator accumulator, TopicPartition partition, int i, Callback callback) {
        return accumulator.append(
                partition, nowMs, KEY, value(i).getBytes(StandardCharsets.UTF_8), NO_HEADERS, callback, MAX_BLOCK_MS);
    }

    private ReadyNodes readyNodes(RecordAccumulator accumulator) {
        ReadyNodes ready = new ReadyNodes();
        accumulator.ready(CLUSTER, nowMs, ready);
        return ready;
    }

    private List<ProducerBatch> drain(RecordAccumulator accumulator, int node, int maxRequestSize) {
        return accumulator.drain(CLUSTER, node, maxRequestSize, nowMs, head -> true);
    }

    /** The partition's queue in order: each drain takes one batch of a partition. */
    private List<ProducerBatch> drainOneByOne(RecordAccumulator accumulator, TopicPartition partition) {
        List<ProducerBatch> order = new ArrayList<>();
        DrainGate onlyThisPartition = head -> head.partition().equals(partition);
        while (accumulator.queuedBatches(partition.topic(), partition.partition()) > 0) {
            order.addAll(accumulator.drain(CLUSTER, leaderOf(partition), Integer.MAX_VALUE, nowMs, onlyThisPartition));
        }
        return order;
    }

    private static int leaderOf(TopicPartition partition) {
        return partition.equals(TP2) ? 1 : 0;
    }

    /** What the sender does with acknowledged batches: each completed and released. */
    private void settle(RecordAccumulator accumulator, List<ProducerBatch> batches) {
        for (ProducerBatch batch : batches) {
            batch.complete(0, -1, null);
            accumulator.release(batch);
        }
    }

    /** The batch's record values as kafka-clients reads the closed batch. */
    private static List<String> values(ProducerBatch batch) {
        if (!batch.isClosed()) {
            batch.close(
                    RecordBatchLayout.NO_PRODUCER_ID,
                    RecordBatchLayout.NO_PRODUCER_EPOCH,
                    RecordBatchLayout.NO_SEQUENCE,
                    false);
        }
        List<String> values = new ArrayList<>();
        for (Record record : MemoryRecords.readableRecords(batch.bytes()).records()) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    /** Values of one width, so that every record has the same size. */
    private static String value(int i) {
        return String.format("value-%03d", i);
    }

    private static List<String> valuesUpTo(int count) {
        return IntStream.range(0, count).mapToObj(RecordAccumulatorTest::value).toList();
    }

    /** kafka-clients' size of record {@code offsetDelta} of a batch, as {@link #append} appends it. */
    private static int recordSize(int offsetDelta) {
        return DefaultRecord.sizeInBytes(offsetDelta, 0, KEY.length, value(0).length(), Record.EMPTY_HEADERS);
    }

    /** How many records fit a batch of {@code batchSize}, by kafka-clients' arithmetic (its test's expectedNumAppends). */
    private static int recordsFitting(int batchSize) {
        int size = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        int records = 0;
        while (size + recordSize(records) <= batchSize) {
            size += recordSize(records);
            records++;
        }
        return records;
    }

    private static List<ProducerBatch> concat(List<ProducerBatch> first, List<ProducerBatch> second) {
        List<ProducerBatch> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Cluster cluster() {
        Node broker0 = new Node(0, "broker0", 9092);
        Node broker1 = new Node(1, "broker1", 9093);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (TopicPartition partition : List.of(TP0, TP1, TP2)) {
            Node leader = partition.equals(TP2) ? broker1 : broker0;
            partitions.add(new PartitionInfo(
                    TOPIC, partition.partition(), leader, List.of(leader), List.of(leader), List.of()));
        }
        return new Cluster("test", List.of(broker0, broker1), partitions);
    }
}
