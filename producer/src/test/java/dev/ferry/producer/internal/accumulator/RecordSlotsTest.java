package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.Callback;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Per-record slots reused from batch to batch: never a previous batch's future, callback, metadata or size. */
class RecordSlotsTest {
    private static final TopicPartition PARTITION = new TopicPartition("slots", 2);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** Far enough in the future for every batch's delivery timeout to have passed: expiring then empties every queue. */
    private static final long EXPIRE_ALL_MS = Long.MAX_VALUE / 2;

    @Test
    void aReleasedSetComesBackEmptyToTheNextBatch() {
        // given a set that held three records and grew past its first capacity
        RecordSlots.Pool pool = new RecordSlots.Pool(2);
        RecordSlots slots = pool.acquire(2);
        slots.ensureCapacity(3);
        for (int i = 0; i < 3; i++) {
            slots.futures[i] = new CompletableFuture<>();
            slots.callbacks[i] = (metadata, error) -> {};
            slots.metadata[i] = new RecordMetadata(PARTITION.topic(), PARTITION.partition(), i, 0, -1, 10);
        }

        // when
        pool.release(slots, 3);
        RecordSlots reused = pool.acquire(2);

        // then the same arrays, grown, with no caller's objects left in them
        assertThat(reused).isSameAs(slots);
        assertThat(reused.capacity()).isGreaterThanOrEqualTo(3);
        assertThat(reused.futures).containsOnlyNulls();
        assertThat(reused.callbacks).containsOnlyNulls();
        assertThat(reused.metadata).containsOnlyNulls();
    }

    @Test
    void aSetTooSmallForTheNextBatchGrowsAndOnlyMaxIdleAreKept() {
        // given
        RecordSlots.Pool pool = new RecordSlots.Pool(1);
        RecordSlots first = pool.acquire(4);
        RecordSlots second = pool.acquire(4);
        pool.release(first, 0);
        pool.release(second, 0);

        // when
        RecordSlots taken = pool.acquire(100);
        RecordSlots fresh = pool.acquire(4);

        // then only one was kept, and it grew to what the batch expects
        assertThat(taken).isSameAs(first);
        assertThat(taken.capacity()).isGreaterThanOrEqualTo(100);
        assertThat(fresh).isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void aBatchOnReusedSlotsCompletesOnlyItsOwnRecordsWithTheirOwnMetadata() {
        // given a batch of five records, completed and released
        RecordAccumulator accumulator = new RecordAccumulator(
                new RecordAccumulator.Settings(16_384, Compression.of(BatchCodec.NONE), 0, 120_000),
                new BufferPool(1024 * 1024, 16_384, System::nanoTime),
                () -> 0L);
        List<Seen> firstSeen = new ArrayList<>();
        List<RecordFuture> firstFutures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            firstFutures.add(accumulator.append(
                    PARTITION, 1000 + i, null, new byte[10 + i], NO_HEADERS, recording(firstSeen, i), 1000));
        }
        ProducerBatch first = onlyBatch(accumulator);
        first.complete(500, -1, null);
        accumulator.release(first);

        // when a second batch of two records, with other sizes and timestamps, takes the slots and completes
        List<Seen> secondSeen = new ArrayList<>();
        List<RecordFuture> secondFutures = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            secondFutures.add(accumulator.append(
                    PARTITION, 2000 + i, new byte[3], new byte[50 + i], NO_HEADERS, recording(secondSeen, i), 1000));
        }
        ProducerBatch second = onlyBatch(accumulator);
        second.complete(900, -1, null);

        // then every record of each batch was told once, its own offset, timestamp and sizes, in order
        assertThat(firstSeen).hasSize(5);
        for (int i = 0; i < 5; i++) {
            RecordMetadata expected =
                    new RecordMetadata(PARTITION.topic(), PARTITION.partition(), 500 + i, 1000 + i, -1, 10 + i);
            assertThat(firstSeen.get(i)).isEqualTo(new Seen(i, expected));
            assertThat(firstFutures.get(i).join()).isEqualTo(expected);
        }
        assertThat(secondSeen).hasSize(2);
        for (int i = 0; i < 2; i++) {
            RecordMetadata expected =
                    new RecordMetadata(PARTITION.topic(), PARTITION.partition(), 900 + i, 2000 + i, 3, 50 + i);
            assertThat(secondSeen.get(i)).isEqualTo(new Seen(i, expected));
            assertThat(secondFutures.get(i).join()).isEqualTo(expected);
        }
    }

    private static ProducerBatch onlyBatch(RecordAccumulator accumulator) {
        List<ProducerBatch> batches = accumulator.expire(EXPIRE_ALL_MS);
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    private static Callback recording(List<Seen> seen, int index) {
        return (metadata, error) -> seen.add(new Seen(index, metadata));
    }

    private record Seen(int index, RecordMetadata metadata) {}
}
