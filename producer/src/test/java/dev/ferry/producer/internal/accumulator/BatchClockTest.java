package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The accumulator reads its monotonic clock for a record that starts a batch, not for every record:
 * a read costs about as much as encoding a 100 B record, and only a new batch needs the time (for
 * linger.ms and delivery.timeout.ms).
 */
class BatchClockTest {
    private static final TopicPartition PARTITION = new TopicPartition("clock", 0);
    private static final int BATCH_SIZE = 1024;
    private static final long DELIVERY_TIMEOUT_MS = 120_000;

    private final AtomicInteger reads = new AtomicInteger();
    private long nowMs = 1_000;
    private final RecordAccumulator accumulator = new RecordAccumulator(
            new RecordAccumulator.Settings(BATCH_SIZE, Compression.NONE, 60_000, DELIVERY_TIMEOUT_MS),
            new BufferPool(16 * BATCH_SIZE, BATCH_SIZE, System::nanoTime),
            () -> {
                reads.incrementAndGet();
                return nowMs;
            });

    @Test
    void onlyARecordThatStartsABatchReadsTheClockAndTheBatchIsDatedThen() {
        // when 20 records of 100 B each, one ms apart: about nine fit a 1 KiB batch
        int startedBatches = 0;
        for (int i = 0; i < 20; i++) {
            RecordFuture appended =
                    accumulator.append(PARTITION, nowMs, null, new byte[100], new RecordHeader[0], null, 1_000);
            if (appended.newBatchCreated()) {
                startedBatches++;
            }
            nowMs++;
        }

        // then one read per batch, and each batch dated by its first record
        List<ProducerBatch> batches = accumulator.drainAll();
        assertThat(batches).hasSize(startedBatches).hasSizeGreaterThan(1);
        assertThat(reads).hasValue(startedBatches);
        long firstAppendMs = 1_000;
        for (ProducerBatch batch : batches) {
            assertThat(batch.createdMs()).isEqualTo(firstAppendMs);
            assertThat(batch.deliveryDeadlineMs()).isEqualTo(firstAppendMs + DELIVERY_TIMEOUT_MS);
            firstAppendMs += batch.recordCount();
        }
        batches.forEach(batch -> {
            batch.complete(0, -1, null);
            accumulator.release(batch);
        });
    }
}
