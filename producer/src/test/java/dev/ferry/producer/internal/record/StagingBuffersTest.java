package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StagingBuffersTest {
    @Test
    void aReleasedBufferIsHandedOutAgainEmpty() {
        StagingBuffers staging = new StagingBuffers(2, Long.MAX_VALUE);
        ByteBuffer first = staging.acquire(1024, 1024);
        first.put(new byte[100]);

        staging.release(first);
        ByteBuffer second = staging.acquire(512, 512);

        assertThat(second).isSameAs(first);
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(1024);
    }

    @Test
    void anIdleBufferTooSmallIsDroppedForANewOne() {
        StagingBuffers staging = new StagingBuffers(2, Long.MAX_VALUE);
        ByteBuffer small = staging.acquire(100, 100);
        staging.release(small);

        ByteBuffer big = staging.acquire(4096, 4096);

        assertThat(big).isNotSameAs(small);
        assertThat(big.capacity()).isEqualTo(4096);
        assertThat(staging.acquire(1, 1))
                .as("the small buffer is no longer idle")
                .isNotSameAs(small);
    }

    @Test
    void keepsAtMostMaxIdleBuffersAndNoneWithoutReuse() {
        StagingBuffers staging = new StagingBuffers(2, Long.MAX_VALUE);
        List<ByteBuffer> released = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            released.add(ByteBuffer.allocate(64));
            staging.release(released.get(i));
        }
        ByteBuffer withoutReuse = ByteBuffer.allocate(64);
        StagingBuffers.NONE.release(withoutReuse);

        List<ByteBuffer> handedOut = List.of(staging.acquire(64, 64), staging.acquire(64, 64), staging.acquire(64, 64));

        assertThat(handedOut.get(0)).isSameAs(released.get(1));
        assertThat(handedOut.get(1)).isSameAs(released.get(0));
        assertThat(released).as("only two were kept").noneMatch(buffer -> buffer == handedOut.get(2));
        assertThat(StagingBuffers.NONE.acquire(64, 64)).isNotSameAs(withoutReuse);
    }

    @Test
    void aCompressedBatchGivesItsStagingBufferBackAndTheNextBatchStillReadsBackCorrectly() {
        StagingBuffers staging = new StagingBuffers(1, Long.MAX_VALUE);
        Compression lz4 = Compression.of(BatchCodec.LZ4);
        for (int batch = 0; batch < 3; batch++) {
            RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(4096), lz4, 4096, 1.0f, staging);
            byte[] value = new byte[300];
            Arrays.fill(value, (byte) ('a' + batch));
            writer.tryAppend(1000L + batch, null, value, null);
            writer.tryAppend(2000L + batch, null, value, null);

            ByteBuffer closed = writer.close(7L, (short) 0, 0, false);

            ByteBuffer givenBack = staging.acquire(1, 1);
            assertThat(givenBack.capacity())
                    .as("the writer's staging buffer, not a new 1-byte one")
                    .isEqualTo(4096);
            staging.release(givenBack);
            RecordBatch parsed =
                    MemoryRecords.readableRecords(closed).batches().iterator().next();
            parsed.ensureValid();
            int count = 0;
            for (Record record : parsed) {
                byte[] read = new byte[record.valueSize()];
                record.value().get(read);
                assertThat(read).isEqualTo(value);
                count++;
            }
            assertThat(count).isEqualTo(2);
        }
    }

    @Test
    void aBufferGrowsWithWhatItHolds() {
        StagingBuffers staging = new StagingBuffers(2, 4096);
        ByteBuffer buffer = staging.acquire(1024, 1024);
        byte[] written = new byte[1000];
        Arrays.fill(written, (byte) 7);
        buffer.put(written);

        ByteBuffer grown = staging.grow(buffer, 2048);

        assertThat(grown.capacity()).isEqualTo(2048);
        assertThat(grown.position()).isEqualTo(1000);
        byte[] kept = new byte[1000];
        grown.duplicate().flip().get(kept);
        assertThat(kept).isEqualTo(written);
        assertThat(staging.heldBytes()).isEqualTo(2048);
    }

    @Test
    void aBufferDoesNotGrowPastTheLimitAndIdleBuffersAreDroppedFirst() {
        StagingBuffers staging = new StagingBuffers(4, 4096);
        ByteBuffer buffer = staging.acquire(1024, 1024);
        staging.release(staging.acquire(1024, 1024));
        assertThat(staging.heldBytes()).as("one handed out, one idle").isEqualTo(2048);

        ByteBuffer twice = staging.grow(buffer, 2048);
        ByteBuffer fourTimes = staging.grow(twice, 4096);

        assertThat(fourTimes.capacity()).isEqualTo(4096);
        assertThat(staging.heldBytes())
                .as("the idle buffer dropped to make room")
                .isEqualTo(4096);
        assertThat(staging.grow(fourTimes, 8192))
                .as("8 KiB would pass the limit")
                .isNull();
        assertThat(staging.heldBytes()).isEqualTo(4096);
        assertThat(staging.acquire(512, 512).capacity())
                .as("a new batch's first buffer, past the limit")
                .isEqualTo(512);
        assertThat(staging.heldBytes()).isEqualTo(4096 + 512);
    }

    @Test
    void aBufferGivenBackPastMaxIdleIsNoLongerHeld() {
        StagingBuffers staging = new StagingBuffers(1, Long.MAX_VALUE);
        ByteBuffer kept = staging.acquire(100, 100);
        ByteBuffer dropped = staging.acquire(200, 200);

        staging.release(kept);
        staging.release(dropped);

        assertThat(staging.heldBytes()).isEqualTo(100);
        assertThat(staging.acquire(1, 1)).isSameAs(kept);
    }

    /**
     * A batch at a 1 % compression estimate would stage about 400 KiB of records before its 4 KiB
     * fill; with 8 KiB of staging allowed it is full when its buffer cannot grow again, and
     * kafka-clients reads every record it took.
     */
    @Test
    void aCompressedBatchWhoseStagingCannotGrowIsFullAndReadsBackWhole() {
        StagingBuffers staging = new StagingBuffers(4, 8192);
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(BatchCodec.LZ4), 4096, 0.01f, staging);
        byte[] value = new byte[500];
        Arrays.fill(value, (byte) 'x');
        int taken = 0;
        while (writer.tryAppend(1000L + taken, null, value, null) >= 0) {
            assertThat(taken).as("records taken").isLessThan(100);
            taken++;
        }

        assertThat(writer.isFull()).isTrue();
        assertThat(writer.estimatedSizeInBytes())
                .as("by its estimate it had room")
                .isLessThan(4096);
        assertThat(writer.tryAppend(2000L, null, new byte[1], null))
                .as("full is final, even for a record that fits what the buffer has left")
                .isEqualTo(-1);
        assertThat(staging.heldBytes()).isEqualTo(8192);
        assertThat(taken).as("records of about 510 B in 8 KiB of staging").isBetween(15, 16);

        ByteBuffer closed = writer.close(7L, (short) 0, 0, false);
        RecordBatch parsed =
                MemoryRecords.readableRecords(closed).batches().iterator().next();
        parsed.ensureValid();
        int count = 0;
        for (Record record : parsed) {
            assertThat(record.offset()).isEqualTo(count);
            assertThat(record.valueSize()).isEqualTo(500);
            count++;
        }
        assertThat(count).isEqualTo(taken);
    }

    /**
     * LZ4 compresses each full 64 KiB block as it fills: a 64 KiB batch at an estimate of 1 % takes
     * about 6 MiB of records while its staging buffer holds one block and a record.
     */
    @Test
    void aBlockCodecStagesOnlyItsUnfinishedBlock() {
        StagingBuffers staging = new StagingBuffers(4, Long.MAX_VALUE);
        byte[] value = "{\"orderId\":12345,\"status\":\"CREATED\",\"customer\":\"alice\"}"
                .repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        float learned = ratioOfAFullBatch(value);
        assertThat(learned).as("the records' ratio").isLessThan(0.02f);
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(64 * 1024), Compression.of(BatchCodec.LZ4), 64 * 1024, learned, staging);
        int taken = 0;
        while (writer.tryAppend(1000L + taken, null, value, null) >= 0) {
            taken++;
            assertThat(staging.heldBytes())
                    .as("staged after record %d", taken)
                    .isLessThanOrEqualTo(64 * 1024 + value.length + 16);
        }

        ByteBuffer closed = writer.close(7L, (short) 0, 0, false);
        assertThat((long) taken * value.length).as("records in the batch").isGreaterThan(3L << 20);
        assertThat(closed.capacity()).as("the batch stayed in its buffer").isEqualTo(64 * 1024);
        RecordBatch parsed =
                MemoryRecords.readableRecords(closed).batches().iterator().next();
        parsed.ensureValid();
        int count = 0;
        for (Record record : parsed) {
            assertThat(record.value()).isEqualTo(ByteBuffer.wrap(value));
            count++;
        }
        assertThat(count).isEqualTo(taken);
    }

    /**
     * The ratio of a 64 KiB LZ4 batch of these records (a millisecond apart), as the accumulator
     * learns it from batches sent: the first batch (at 1.0) holds few records, whose small offset and
     * timestamp deltas compress better than a full batch's, so its ratio is too optimistic for the
     * next; the second's is right.
     */
    private static float ratioOfAFullBatch(byte[] value) {
        float ratio = 1.0f;
        for (int batch = 0; batch < 2; batch++) {
            RecordBatchWriter writer = new RecordBatchWriter(
                    ByteBuffer.allocate(64 * 1024), Compression.of(BatchCodec.LZ4), 64 * 1024, ratio);
            int taken = 0;
            while (writer.tryAppend(1000L + taken, null, value, null) >= 0) {
                taken++;
            }
            writer.close(7L, (short) 0, 0, false);
            ratio = writer.actualCompressionRatio();
        }
        return ratio;
    }

    /**
     * Learned on records that compress a hundredfold, the estimate lets a 64 KiB batch take 6 MiB;
     * records that do not compress then must not grow the batch past its buffer while it waits (heap
     * that buffer.memory does not count): what does not fit stays staged, as much as the staging
     * limit allows, and is compressed only when the batch is sent. Every record reads back.
     */
    @ParameterizedTest
    @EnumSource(
            value = BatchCodec.class,
            names = {"GZIP", "ZSTD", "LZ4", "SNAPPY"})
    void aTooOptimisticEstimateKeepsTheCompressedBatchInItsBuffer(BatchCodec codec) {
        long limit = 256 * 1024;
        StagingBuffers staging = new StagingBuffers(0, limit);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        RecordBatchWriter writer = new RecordBatchWriter(buffer, Compression.of(codec), 64 * 1024, 0.01f, staging);
        java.util.Random random = new java.util.Random(42);
        List<byte[]> values = new ArrayList<>();
        byte[] value = new byte[1000];
        random.nextBytes(value);
        while (writer.tryAppend(1000L, null, value, null) >= 0) {
            values.add(value);
            value = new byte[1000];
            random.nextBytes(value);
        }
        writer.compressRecords();

        long taken = values.size() * 1000L;
        assertThat(taken)
                .as("records' bytes in the batch: its buffer and the staging limit")
                .isLessThanOrEqualTo(64 * 1024 + limit + 2 * 1024);
        assertThat(staging.heldBytes())
                .as("what did not fit the buffer waits staged, counted")
                .isGreaterThan(taken - 64 * 1024);
        assertThat(writer.isFull()).isTrue();

        ByteBuffer closed = writer.close(7L, (short) 0, 0, false);
        assertThat(staging.heldBytes()).as("given back at close").isZero();
        RecordBatch parsed =
                MemoryRecords.readableRecords(closed).batches().iterator().next();
        parsed.ensureValid();
        int count = 0;
        for (Record record : parsed) {
            assertThat(record.value()).isEqualTo(ByteBuffer.wrap(values.get(count)));
            count++;
        }
        assertThat(count).isEqualTo(values.size());
    }

    /** At an estimate of 0.8 a 4 KiB batch takes about 5 KiB of records: its staging buffer grows to that, not to 8 KiB. */
    @Test
    void aStagingBufferGrowsToWhatItsBatchCanTakeNotTwice() {
        StagingBuffers staging = new StagingBuffers(4, Long.MAX_VALUE);
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(BatchCodec.LZ4), 4096, 0.8f, staging);
        int taken = 0;
        while (writer.tryAppend(1000L, null, new byte[500], null) >= 0) {
            taken++;
        }

        assertThat(taken).as("records the estimate allows").isEqualTo(9);
        assertThat(staging.heldBytes()).isGreaterThanOrEqualTo(taken * 500L).isLessThan(6 * 1024);
        writer.close(7L, (short) 0, 0, false);
        assertThat(staging.heldBytes()).as("held idle after close").isLessThan(6 * 1024);
    }

    @Test
    void aBufferOfTheWantedSizeWhileTheLimitAllowsElseOfTheLeast() {
        StagingBuffers staging = new StagingBuffers(4, 8192);

        ByteBuffer wanted = staging.acquire(2048, 6144);
        ByteBuffer least = staging.acquire(1024, 4096);

        assertThat(wanted.capacity()).isEqualTo(6144);
        assertThat(least.capacity()).as("4 KiB more would pass the limit").isEqualTo(1024);
        assertThat(staging.heldBytes()).isEqualTo(6144 + 1024);
    }

    /**
     * A batch whose estimate fell below 1.0 wants more than the buffers it left idle: they are
     * replaced while the limit allows, and handed out as they are when it does not.
     */
    @Test
    void anIdleBufferSmallerThanWantedIsReplacedWithinTheLimitAndReusedPastIt() {
        StagingBuffers staging = new StagingBuffers(4, 8192);
        ByteBuffer small = staging.acquire(1024, 1024);
        staging.release(small);

        ByteBuffer replaced = staging.acquire(1024, 3072);
        assertThat(replaced).isNotSameAs(small);
        assertThat(replaced.capacity()).isEqualTo(3072);
        assertThat(staging.heldBytes()).as("the small one dropped").isEqualTo(3072);

        ByteBuffer other = staging.acquire(1024, 1024);
        staging.release(other);
        ByteBuffer reused = staging.acquire(1024, 8192);
        assertThat(reused)
                .as("8 KiB would pass the limit; the idle one is large enough")
                .isSameAs(other);
        assertThat(staging.heldBytes()).isEqualTo(3072 + 1024);
    }

    /**
     * At an estimate of 0.6 a 4 KiB zstd batch takes about 6.3 KiB of records: its first staging
     * buffer has room for them (in eighths of 4 KiB), so it never grows while the batch fills.
     */
    @ParameterizedTest
    @EnumSource(
            value = BatchCodec.class,
            names = {"GZIP", "ZSTD"})
    void aWholeBatchCodecStagesWhatItsEstimateLetsItTakeFromTheFirstRecord(BatchCodec codec) {
        StagingBuffers staging = new StagingBuffers(4, Long.MAX_VALUE);
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(codec), 4096, 0.6f, staging);
        assertThat(writer.tryAppend(1000L, null, new byte[500], null)).isZero();
        long first = staging.heldBytes();
        int taken = 1;
        while (writer.tryAppend(1000L, null, new byte[500], null) >= 0) {
            taken++;
        }

        assertThat(first).as("4,035 B at 0.6 x 1.05, in 512 B steps").isEqualTo(13 * 512);
        assertThat(taken * 500L).as("more records than the buffer holds").isGreaterThan(4096);
        assertThat(staging.heldBytes()).as("the staging buffer did not grow").isEqualTo(first);
        ByteBuffer closed = writer.close(7L, (short) 0, 0, false);
        RecordBatch parsed =
                MemoryRecords.readableRecords(closed).batches().iterator().next();
        parsed.ensureValid();
        assertThat(parsed.countOrNull()).isEqualTo(taken);
    }
}
