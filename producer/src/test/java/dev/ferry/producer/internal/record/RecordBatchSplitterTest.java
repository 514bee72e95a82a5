package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchSplitterTest {

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void splitsIntoSmallerValidBatchesKeepingEveryRecordInOrder(BatchCodec type) {
        // given: one big batch of ~100 KiB of records
        List<TestRecord> input = TestRecord.random(new Random(7), 400, 500);
        ByteBuffer big = RecordBatchReaderTest.write(type, input);

        // when
        List<RecordBatchSplitter.Split> splits = RecordBatchSplitter.split(big, Compression.of(type), 16 * 1024);

        // then: every split parses in kafka-clients, fits, and together they hold the input in order
        assertThat(splits).hasSizeGreaterThan(2);
        List<Record> records = new ArrayList<>();
        int expectedFirst = 0;
        for (RecordBatchSplitter.Split split : splits) {
            assertThat(split.firstOffsetDelta()).isEqualTo(expectedFirst);
            ByteBuffer closed = split.writer().close(9L, (short) 1, expectedFirst, false);
            RecordBatch kafka =
                    MemoryRecords.readableRecords(closed).batches().iterator().next();
            kafka.ensureValid();
            assertThat(kafka.countOrNull()).isEqualTo(split.recordCount());
            if (split.recordCount() > 1) {
                assertThat(kafka.sizeInBytes()).isLessThanOrEqualTo(16 * 1024);
            }
            kafka.forEach(records::add);
            expectedFirst += split.recordCount();
        }
        assertThat(records).hasSize(input.size());
        for (int i = 0; i < input.size(); i++) {
            TestRecord expected = input.get(i);
            Record actual = records.get(i);
            assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
            assertThat(actual.hasValue()).isEqualTo(expected.value() != null);
            if (expected.value() != null) {
                assertThat(RecordBatchWriterTest.toArray(actual.value())).isEqualTo(expected.value());
            }
        }
    }
}
