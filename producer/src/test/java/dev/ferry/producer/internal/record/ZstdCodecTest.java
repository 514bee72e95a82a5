package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window of a zstd batch, read from its frame header as the format specification (RFC 8878,
 * 3.1.1.1) lays it out, and the records read back by kafka-clients.
 */
class ZstdCodecTest {
    private static final int ZSTD_MAGIC = 0xFD2FB528;

    @ParameterizedTest(name = "{0} records of 100 B at level {1}")
    @CsvSource({
        // above 128 KB at the double-fast levels: a 128 KB window
        "3000, 3, 131072",
        "3000, 0, 131072",
        "3000, 2, 131072",
        "3000, 4, 131072",
        // the other levels keep zstd's own window: the whole batch, a single segment without a window descriptor
        "3000, 1, 0",
        "3000, -5, 0",
        "3000, 5, 0",
        // up to 128 KB zstd's own choice, the same at every level: a single segment, no window descriptor
        "1000, 3, 0",
        "1000, 5, 0"
    })
    void aBatchAbove128KbAtADoubleFastLevelIsCompressedWithA128KbWindow(int records, int level, int expectedWindow) {
        // given
        List<byte[]> values = letters(records);
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(1 << 20), Compression.of(BatchCodec.ZSTD, level), 1 << 20, 1.0f);
        for (int i = 0; i < values.size(); i++) {
            assertThat(writer.tryAppend(1_700_000_000_000L + i, null, values.get(i), null))
                    .isEqualTo(i);
        }

        // when
        ByteBuffer batch = writer.close(1L, (short) 0, 0, false);

        // then
        assertThat(window(batch)).isEqualTo(expectedWindow);
        assertReadByKafkaClients(batch, values);
    }

    @ParameterizedTest(name = "level {0}")
    @CsvSource({"3", "5"})
    void upTo128KbTheBatchIsWhatZstdAloneMakesOfIt(int level) {
        // given: records that stage 128 KB exactly or less
        List<byte[]> values = letters(1000);
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(1 << 20), Compression.of(BatchCodec.ZSTD, level), 1 << 20, 1.0f);
        for (int i = 0; i < values.size(); i++) {
            writer.tryAppend(1_700_000_000_000L, null, values.get(i), null);
        }

        // when
        ByteBuffer batch = writer.close(1L, (short) 0, 0, false);

        // then: the records section equals zstd's one-shot compression of the uncompressed records
        ByteBuffer uncompressed = ByteBuffer.allocate(1 << 20);
        RecordBatchWriter plain = new RecordBatchWriter(uncompressed, Compression.NONE, 1 << 20, 1.0f);
        for (byte[] value : values) {
            plain.tryAppend(1_700_000_000_000L, null, value, null);
        }
        ByteBuffer plainBatch = plain.close(1L, (short) 0, 0, false);
        byte[] records = new byte[plainBatch.limit() - RecordBatchLayout.HEADER_SIZE];
        plainBatch.duplicate().position(RecordBatchLayout.HEADER_SIZE).get(records);
        assertThat(records.length).isLessThanOrEqualTo(1 << 17);
        byte[] expected = Zstd.compress(records, level);
        byte[] actual = new byte[batch.limit() - RecordBatchLayout.HEADER_SIZE];
        batch.duplicate().position(RecordBatchLayout.HEADER_SIZE).get(actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aBatchWhoseEstimateWasTooOptimisticGrowsPastItsBufferWithTheSameWindow() {
        // given: filled at a ratio of 0.05, the letters compress to about 0.57, ten times the buffer
        List<byte[]> values = letters(3000);
        ByteBuffer pooled = ByteBuffer.allocate(64 * 1024);
        RecordBatchWriter writer =
                new RecordBatchWriter(pooled, Compression.of(BatchCodec.ZSTD, 3), pooled.capacity(), 0.05f);
        for (int i = 0; i < values.size(); i++) {
            assertThat(writer.tryAppend(1_700_000_000_000L, null, values.get(i), null))
                    .isEqualTo(i);
        }

        // when
        ByteBuffer batch = writer.close(1L, (short) 0, 0, false);

        // then
        assertThat(batch.limit()).isGreaterThan(pooled.capacity());
        assertThat(window(batch)).isEqualTo(1 << 17);
        assertReadByKafkaClients(batch, values);
    }

    /** The window the batch's zstd frame declares, from its header. */
    private static int window(ByteBuffer batch) {
        ByteBuffer frame =
                batch.duplicate().position(RecordBatchLayout.HEADER_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(frame.getInt()).as("zstd magic").isEqualTo(ZSTD_MAGIC);
        return windowSize(frame.get(), frame.get());
    }

    /** One valid batch whose records kafka-clients reads back as {@code values}, in order. */
    private static void assertReadByKafkaClients(ByteBuffer batch, List<byte[]> values) {
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch.duplicate()).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        batches.get(0).ensureValid();
        List<Record> read = new ArrayList<>();
        batches.get(0).forEach(read::add);
        assertThat(read).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] value = new byte[read.get(i).valueSize()];
            read.get(i).value().get(value);
            assertThat(value).as("value %d", i).isEqualTo(values.get(i));
        }
    }

    /** 0 for a single-segment frame, which has no window descriptor (its window is its content). */
    private static int windowSize(byte frameHeaderDescriptor, byte windowDescriptor) {
        boolean singleSegment = (frameHeaderDescriptor & 0x20) != 0;
        if (singleSegment) {
            return 0;
        }
        int exponent = (windowDescriptor & 0xFF) >>> 3;
        int mantissa = windowDescriptor & 0x07;
        long base = 1L << (10 + exponent);
        return (int) (base + base / 8 * mantissa);
    }

    /** Random capital letters, as the perf tool sends: zstd finds few matches in them. */
    private static List<byte[]> letters(int count) {
        SplittableRandom random = new SplittableRandom(3);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[100];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            values.add(value);
        }
        return values;
    }
}
