package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RecordBatchWriterTest {
    private static final int BATCH_SIZE = 64 * 1024;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"array at offset 0", "array slice at offset 7", "direct buffer"})
    void theCrcCoversAttributesToEndWhereverTheBatchLives(String where) {
        // given: a valid batch copied into the kind of buffer named, its CRC zeroed
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(BATCH_SIZE), Compression.of(BatchCodec.LZ4), BATCH_SIZE, 1.0f);
        for (TestRecord record : TestRecord.random(new Random(7), 40, 300)) {
            writer.tryAppend(record.timestamp(), record.key(), record.value(), record.headers());
        }
        ByteBuffer written = writer.close(1000L, (short) 0, 0, false);
        ByteBuffer batch =
                switch (where) {
                    case "array at offset 0" -> ByteBuffer.allocate(written.remaining());
                    case "array slice at offset 7" ->
                        ByteBuffer.allocate(written.remaining() + 11)
                                .position(7)
                                .slice()
                                .limit(written.remaining());
                    default -> ByteBuffer.allocateDirect(written.remaining());
                };
        batch.put(written.duplicate()).flip();
        batch.putInt(RecordBatchLayout.CRC, 0);

        // when
        RecordBatchLayout.writeCrc(batch);

        // then: kafka-clients recomputes the CRC over the same bytes
        RecordBatch kafka = MemoryRecords.readableRecords(batch.duplicate())
                .batches()
                .iterator()
                .next();
        kafka.ensureValid();
        assertThat(kafka.checksum()).isEqualTo(Integer.toUnsignedLong(written.getInt(RecordBatchLayout.CRC)));
        assertThat(batch.position()).isZero();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dev.ferry.producer.internal.record.TestRecord#codecsAndSeeds")
    void kafkaParsesOurBatchWithValidCrcAndEveryFieldEqual(BatchCodec type, long seed) {
        // given
        Random random = new Random(seed);
        List<TestRecord> input = TestRecord.random(random, 1 + random.nextInt(300), seed % 2 == 0 ? 300 : 5000);
        long producerId = random.nextInt(1_000_000);
        short epoch = (short) random.nextInt(Short.MAX_VALUE);
        int baseSequence = random.nextInt(Integer.MAX_VALUE / 2);
        boolean transactional = random.nextBoolean();

        // when
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(BATCH_SIZE), Compression.of(type), Integer.MAX_VALUE, 1.0f);
        for (TestRecord record : input) {
            writer.tryAppend(record.timestamp(), record.key(), record.value(), record.headers());
        }
        ByteBuffer batch = writer.close(producerId, epoch, baseSequence, transactional);

        // then
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch.duplicate()).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        RecordBatch kafka = batches.get(0);
        kafka.ensureValid();
        assertThat(kafka.isValid()).isTrue();
        assertThat(kafka.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
        assertThat((int) kafka.compressionType().id).isEqualTo(type.id());
        assertThat(kafka.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(kafka.producerId()).isEqualTo(producerId);
        assertThat(kafka.producerEpoch()).isEqualTo(epoch);
        assertThat(kafka.baseSequence()).isEqualTo(baseSequence);
        assertThat(kafka.isTransactional()).isEqualTo(transactional);
        assertThat(kafka.isControlBatch()).isFalse();
        assertThat(kafka.baseOffset()).isZero();
        assertThat(kafka.lastOffset()).isEqualTo(input.size() - 1);
        assertThat(kafka.maxTimestamp())
                .isEqualTo(input.stream().mapToLong(TestRecord::timestamp).max().orElseThrow());
        assertThat(kafka.sizeInBytes()).isEqualTo(batch.remaining());
        List<Record> records = new ArrayList<>();
        kafka.forEach(records::add);
        assertThat(records).hasSize(input.size());
        for (int i = 0; i < input.size(); i++) {
            assertSameRecord(records.get(i), input.get(i), i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withoutCompressionOurBatchIsByteIdenticalToKafkasBuilder(long seed) {
        // given
        Random random = new Random(seed);
        List<TestRecord> input = TestRecord.random(random, 1 + random.nextInt(400), 400);
        long producerId = random.nextBoolean() ? -1L : random.nextInt(1_000_000);
        short epoch = producerId < 0 ? -1 : (short) random.nextInt(100);
        int baseSequence = producerId < 0 ? -1 : random.nextInt(1_000_000);
        boolean transactional = producerId >= 0 && random.nextBoolean();

        // when
        RecordBatchWriter ours =
                new RecordBatchWriter(ByteBuffer.allocate(BATCH_SIZE), Compression.NONE, BATCH_SIZE, 1.0f);
        MemoryRecordsBuilder kafka = kafkaBuilder(org.apache.kafka.common.compress.Compression.NONE, BATCH_SIZE);
        int appended = appendWhileKafkaHasRoom(input, ours, kafka);
        ByteBuffer ourBatch = ours.close(producerId, epoch, baseSequence, transactional);
        kafka.setProducerState(producerId, epoch, baseSequence, transactional);
        kafka.close();

        // then
        assertThat(ours.recordCount()).isEqualTo(kafka.numRecords()).isEqualTo(appended);
        assertThat(toArray(ourBatch)).isEqualTo(toArray(kafka.build().buffer()));
    }

    /**
     * LZ4 and snappy batches are compressed block by block as the records fill each block, the rest
     * at close; the bytes must be those of Kafka's output streams, which cut blocks at the same
     * offsets of the uncompressed records. Four shapes: a 1 MiB batch of up to about 12 LZ4 or 24
     * snappy blocks; a 64 KiB buffer filled at an estimated ratio of 0.1, whose blocks are
     * compressed into the room the buffer has, and then must not leave it when the batch fits it;
     * the same at half the ratio the records compress to, whose blocks past the buffer wait staged
     * and are compressed at close; one incompressible record of 700 KB, its blocks stored as they are.
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("blockCodecsAndSeeds")
    void blockCompressedBatchesAreByteIdenticalToKafkasBuilder(BatchCodec type, long seed) {
        // given
        Random random = new Random(seed);
        int shape = (int) (seed % 4);
        int limit = shape == 1 || shape == 3 ? BATCH_SIZE : 1 << 20;
        float estimate = shape == 1 ? 0.1f : shape == 3 ? 0.05f : 1.0f;
        List<TestRecord> input =
                switch (shape) {
                    case 0 ->
                        List.of(new TestRecord(
                                1_700_000_000_000L, null, TestRecord.bytes(random, 700_000), new RecordHeader[0]));
                    case 1 -> jsonRecords(random, 5000);
                    case 3 -> jsonRecords(random, 8000);
                    default -> TestRecord.random(random, 1 + random.nextInt(3000), seed % 2 == 0 ? 400 : 4000);
                };
        org.apache.kafka.common.compress.Compression kafkaCompression = type == BatchCodec.LZ4
                ? org.apache.kafka.common.compress.Compression.lz4().build()
                : org.apache.kafka.common.compress.Compression.snappy().build();

        // when
        ByteBuffer pooled = ByteBuffer.allocate(limit);
        RecordBatchWriter ours = new RecordBatchWriter(pooled, Compression.of(type), limit, estimate);
        MemoryRecordsBuilder kafka = kafkaBuilder(kafkaCompression, limit);
        kafka.setEstimatedCompressionRatio(estimate);
        int appended = appendWhileKafkaHasRoom(input, ours, kafka);
        ByteBuffer ourBatch = ours.close(7L, (short) 1, 0, false);
        kafka.setProducerState(7L, (short) 1, 0, false);
        kafka.close();

        // then
        byte[] kafkaBytes = toArray(kafka.build().buffer());
        assertThat(ours.recordCount()).isEqualTo(kafka.numRecords()).isEqualTo(appended);
        assertThat(toArray(ourBatch)).isEqualTo(kafkaBytes);
        if (shape == 3) {
            assertThat(ourBatch.capacity())
                    .as("half the estimate: blocks past the buffer were staged and compressed at close")
                    .isGreaterThan(limit);
        }
        if (type == BatchCodec.LZ4 && shape == 1) {
            assertThat(kafkaBytes.length).as("the batch compressed").isLessThanOrEqualTo(limit);
            assertThat((long) appended * 200).as("records of 200 B and more").isGreaterThan(4L * 64 * 1024);
            assertThat(ourBatch.array())
                    .as("a batch that fits stays in its buffer")
                    .isSameAs(pooled.array());
        }
    }

    /** Order-like JSON values of 200 B and more, which LZ4 compresses to about a tenth in a batch. */
    private static List<TestRecord> jsonRecords(Random random, int count) {
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = ("{\"orderId\":" + random.nextInt(1_000_000) + ",\"status\":\"CREATED\",\"region\":\"EU\"}")
                    .repeat(4 + random.nextInt(8));
            records.add(new TestRecord(
                    1_700_000_000_000L + i,
                    TestRecord.utf8("k" + i % 10),
                    TestRecord.utf8(value),
                    new RecordHeader[0]));
        }
        return records;
    }

    static Stream<Arguments> blockCodecsAndSeeds() {
        return Stream.of(BatchCodec.LZ4, BatchCodec.SNAPPY)
                .flatMap(type -> Stream.iterate(1L, s -> s + 1).limit(15).map(seed -> Arguments.of(type, seed)));
    }

    /** Appends to both while kafka-clients' builder has room, checking ours agrees record by record; the records taken. */
    private static int appendWhileKafkaHasRoom(
            List<TestRecord> input, RecordBatchWriter ours, MemoryRecordsBuilder kafka) {
        int appended = 0;
        for (TestRecord record : input) {
            boolean kafkaHasRoom =
                    kafka.hasRoomFor(record.timestamp(), record.key(), record.value(), record.kafkaHeaders());
            int offsetDelta = ours.tryAppend(record.timestamp(), record.key(), record.value(), record.headers());
            assertThat(offsetDelta >= 0).as("room for record %d", appended).isEqualTo(kafkaHasRoom);
            if (!kafkaHasRoom) {
                break;
            }
            kafka.append(record.timestamp(), record.key(), record.value(), record.kafkaHeaders());
            appended++;
        }
        return appended;
    }

    static Stream<Long> seeds() {
        return Stream.iterate(100L, s -> s + 1).limit(30);
    }

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void aBatchFillsExactlyAsFarAsKafkasBuilderAndTheFirstRecordAlwaysFits(BatchCodec type) {
        // given
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(type), 4096, 1.0f);
        MemoryRecordsBuilder kafka = kafkaBuilder(
                org.apache.kafka.common.compress.Compression.of(type.configName())
                        .build(),
                4096);
        byte[] value = new byte[100];

        // when
        while (writer.tryAppend(1L, null, value, null) >= 0) {
            assertThat(kafka.hasRoomFor(1L, null, value, new Header[0])).isTrue();
            kafka.append(1L, null, value);
        }

        // then
        assertThat(kafka.hasRoomFor(1L, null, value, new Header[0])).isFalse();
        assertThat(writer.recordCount()).isEqualTo(kafka.numRecords()).isGreaterThan(1);
        RecordBatchWriter big = new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.of(type), 1024, 1.0f);
        assertThat(big.tryAppend(1L, null, new byte[5000], null)).isZero();
        assertThat(big.tryAppend(1L, null, new byte[1], null)).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void theSizeEstimateOfOneRecordIsKafkasUpperBound(BatchCodec type) {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            // given keys, values and headers of 0 to 20,000 bytes, null or not
            byte[] key = random.nextInt(3) == 0 ? null : new byte[random.nextInt(200)];
            byte[] value = random.nextInt(5) == 0 ? null : new byte[random.nextInt(20_000)];
            RecordHeader[] headers = new RecordHeader[random.nextInt(3)];
            Header[] kafkaHeaders = new Header[headers.length];
            for (int h = 0; h < headers.length; h++) {
                byte[] headerValue = random.nextBoolean() ? null : new byte[random.nextInt(300)];
                headers[h] = new RecordHeader("hé-" + h, headerValue);
                kafkaHeaders[h] = new org.apache.kafka.common.header.internals.RecordHeader("hé-" + h, headerValue);
            }

            // when
            int ours = RecordBatchWriter.estimateSizeInBytes(key, value, headers);

            // then
            assertThat(ours)
                    .as(
                            "estimate %d: key %s, value %s, %d headers",
                            i, key == null ? null : key.length, value == null ? null : value.length, headers.length)
                    .isEqualTo(org.apache.kafka.common.record.internal.AbstractRecords.estimateSizeInBytesUpperBound(
                            RecordBatch.MAGIC_VALUE_V2,
                            org.apache.kafka.common.record.internal.CompressionType.forName(type.configName()),
                            key,
                            value,
                            kafkaHeaders));
        }
    }

    @Test
    void aLowerCompressionRatioEstimateLetsMoreRecordsIn() {
        RecordBatchWriter pessimistic =
                new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(BatchCodec.LZ4), 4096, 1.0f);
        RecordBatchWriter optimistic =
                new RecordBatchWriter(ByteBuffer.allocate(4096), Compression.of(BatchCodec.LZ4), 4096, 0.25f);
        byte[] value = new byte[100];
        while (pessimistic.tryAppend(1L, null, value, null) >= 0) {
            optimistic.tryAppend(1L, null, value, null);
        }
        while (optimistic.tryAppend(1L, null, value, null) >= 0) {
            assertThat(optimistic.recordCount()).isLessThan(1000);
        }
        assertThat(optimistic.recordCount()).isGreaterThan(3 * pessimistic.recordCount());
        ByteBuffer batch = optimistic.close(-1L, (short) -1, -1, false);
        assertThat(batch.remaining()).isLessThanOrEqualTo(4096);
        assertThat(optimistic.actualCompressionRatio()).isLessThan(0.25f);
    }

    /**
     * A batch filled up to its limit at the estimated compression ratio is compressed into its own
     * buffer, although its records take more than the buffer uncompressed, and so does the codec's
     * worst-case bound for them: making room for the bound replaced every full batch's buffer with
     * one twice as large.
     */
    @ParameterizedTest(name = "{0} at an estimated ratio of {1}")
    @CsvSource({"ZSTD, 0.7", "GZIP, 0.7"})
    void recordsThatCompressAsEstimatedAreCompressedIntoTheBatchsOwnBuffer(BatchCodec type, float ratio) {
        // given a 64 KiB batch filled with ferry-perf's kind of values, random capital letters
        ByteBuffer pooled = ByteBuffer.allocate(BATCH_SIZE);
        RecordBatchWriter writer = new RecordBatchWriter(pooled, Compression.of(type), BATCH_SIZE, ratio);
        Random random = new Random(7);
        List<byte[]> values = new ArrayList<>();
        while (true) {
            byte[] value = new byte[100];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('A' + random.nextInt(26));
            }
            if (writer.tryAppend(1_700_000_000_000L, null, value, null) < 0) {
                break;
            }
            values.add(value);
        }

        // when
        ByteBuffer batch = writer.close(1L, (short) 0, 0, false);

        // then
        // a record is at least 109 bytes: attributes, timestamp and offset deltas, key and value lengths, value,
        // headers
        assertThat(values.size() * 109L).as("the records' bytes uncompressed").isGreaterThan(BATCH_SIZE);
        assertThat(batch.array()).as("the batch's backing array").isSameAs(pooled.array());
        List<Record> records = new ArrayList<>();
        MemoryRecords.readableRecords(batch.duplicate()).batches().forEach(kafka -> {
            kafka.ensureValid();
            kafka.forEach(records::add);
        });
        assertThat(records).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(toArray(records.get(i).value())).as("value %d", i).isEqualTo(values.get(i));
        }
    }

    /**
     * A full batch is compressed by the thread that filled it: it takes no record after that, gives
     * its staging buffer back at once, and closes (header, CRC) into the same bytes as a batch
     * compressed only at close.
     */
    @ParameterizedTest(name = "{0} at an estimated ratio of {1}")
    @MethodSource("compressedCodecsAtRightAndTooLowEstimates")
    void recordsCompressedBeforeCloseMakeTheSameBatch(BatchCodec type, float estimate) {
        // given
        List<TestRecord> input = TestRecord.random(new Random(3), 200, 600);
        StagingBuffers staging = new StagingBuffers(4, Long.MAX_VALUE);
        RecordBatchWriter early = new RecordBatchWriter(
                ByteBuffer.allocate(BATCH_SIZE), Compression.of(type), BATCH_SIZE, estimate, staging);
        RecordBatchWriter atClose =
                new RecordBatchWriter(ByteBuffer.allocate(BATCH_SIZE), Compression.of(type), BATCH_SIZE, estimate);
        int appended = 0;
        for (TestRecord record : input) {
            if (early.tryAppend(record.timestamp(), record.key(), record.value(), record.headers()) < 0) {
                break;
            }
            atClose.tryAppend(record.timestamp(), record.key(), record.value(), record.headers());
            appended++;
        }
        long stagedBefore = staging.heldBytes();

        // when
        early.compressRecords();

        // then
        assertThat(stagedBefore).as("staged while filling").isPositive();
        assertThat(early.isFull()).isTrue();
        assertThat(early.tryAppend(1L, null, new byte[1], null))
                .as("no record after")
                .isEqualTo(-1);
        assertThat(early.recordCount()).isEqualTo(appended);
        assertThat(toArray(early.close(9L, (short) 2, 40, true)))
                .isEqualTo(toArray(atClose.close(9L, (short) 2, 40, true)));
        assertThat(early.actualCompressionRatio()).isEqualTo(atClose.actualCompressionRatio());
    }

    /**
     * At 0.05 the batch takes all 200 records, more than its buffer holds compressed: compressing them when it
     * fills finds they do not fit, leaves them staged, and close compresses them.
     */
    static Stream<Arguments> compressedCodecsAtRightAndTooLowEstimates() {
        return Stream.of(BatchCodec.GZIP, BatchCodec.SNAPPY, BatchCodec.LZ4, BatchCodec.ZSTD)
                .flatMap(type -> Stream.of(Arguments.of(type, 1.0f), Arguments.of(type, 0.05f)));
    }

    @Test
    void incompressibleDataLargerThanTheBufferGrowsIntoANewBuffer() {
        // given: a buffer just large enough for the record uncompressed; gzip's framing makes it larger
        ByteBuffer pooled = ByteBuffer.allocate(RecordBatchWriter.estimateSizeInBytes(null, new byte[10_000], null));
        RecordBatchWriter writer = new RecordBatchWriter(pooled, Compression.of(BatchCodec.GZIP), 100, 1.0f);
        byte[] value = TestRecord.bytes(new Random(1), 10_000);

        // when
        int offsetDelta = writer.tryAppend(5L, null, value, null);
        ByteBuffer batch = writer.close(1L, (short) 0, 0, false);

        // then
        assertThat(offsetDelta).isZero();
        assertThat(writer.recordCount()).isEqualTo(1);
        assertThat(batch.array()).as("the batch's backing array").isNotSameAs(pooled.array());
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch.duplicate()).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        batches.get(0).ensureValid();
        List<Record> records = new ArrayList<>();
        batches.get(0).forEach(records::add);
        assertThat(records).hasSize(1);
        assertThat(toArray(records.get(0).value())).isEqualTo(value);
    }

    @Test
    void producerStateCanBeRewrittenAfterCloseWithAFreshCrc() {
        // given
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.of(BatchCodec.ZSTD), 1024, 1.0f);
        writer.tryAppend(10L, TestRecord.utf8("k"), TestRecord.utf8("v"), null);
        ByteBuffer batch = writer.close(-1L, (short) -1, -1, false);

        // when
        RecordBatchLayout.setProducerState(batch, 77L, (short) 3, 41, true);

        // then
        RecordBatch kafka = MemoryRecords.readableRecords(batch.duplicate())
                .batches()
                .iterator()
                .next();
        kafka.ensureValid();
        assertThat(kafka.producerId()).isEqualTo(77L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 3);
        assertThat(kafka.baseSequence()).isEqualTo(41);
        assertThat(kafka.isTransactional()).isTrue();
    }

    @Test
    void closingTwiceOrEmptyIsAnError() {
        RecordBatchWriter empty = new RecordBatchWriter(ByteBuffer.allocate(128), Compression.NONE, 128, 1.0f);
        assertThatThrownBy(() -> empty.close(-1L, (short) -1, -1, false)).isInstanceOf(IllegalStateException.class);
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(128), Compression.NONE, 128, 1.0f);
        writer.tryAppend(1L, null, null, null);
        writer.close(-1L, (short) -1, -1, false);
        assertThatThrownBy(() -> writer.close(-1L, (short) -1, -1, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.tryAppend(1L, null, null, null)).isInstanceOf(IllegalStateException.class);
    }

    static MemoryRecordsBuilder kafkaBuilder(org.apache.kafka.common.compress.Compression compression, int writeLimit) {
        return new MemoryRecordsBuilder(
                new ByteBufferOutputStream(ByteBuffer.allocate(writeLimit)),
                RecordBatch.MAGIC_VALUE_V2,
                compression,
                TimestampType.CREATE_TIME,
                0L,
                RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE,
                false,
                false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH,
                writeLimit);
    }

    static void assertSameRecord(Record kafka, TestRecord expected, int offset) {
        assertThat(kafka.offset()).isEqualTo(offset);
        assertThat(kafka.timestamp()).isEqualTo(expected.timestamp());
        assertThat(kafka.hasKey()).isEqualTo(expected.key() != null);
        if (expected.key() != null) {
            assertThat(toArray(kafka.key())).isEqualTo(expected.key());
        }
        assertThat(kafka.hasValue()).isEqualTo(expected.value() != null);
        if (expected.value() != null) {
            assertThat(toArray(kafka.value())).isEqualTo(expected.value());
        }
        Header[] headers = kafka.headers();
        assertThat(headers).hasSameSizeAs(expected.headers());
        for (int h = 0; h < headers.length; h++) {
            assertThat(headers[h].key()).isEqualTo(expected.headers()[h].key());
            assertThat(headers[h].value()).isEqualTo(expected.headers()[h].value());
        }
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
