package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.producer.internal.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RecordBatchReaderTest {
    private final RecordBatchReader reader = new RecordBatchReader(1 << 20);

    /** Every batch from the buffer's position to its limit, as a fetch response holds them. */
    private List<DecodedRecordBatch> readAll(ByteBuffer buffer) {
        ByteBuffer in = buffer.duplicate();
        List<DecodedRecordBatch> batches = new ArrayList<>();
        while (in.hasRemaining()) {
            DecodedRecordBatch batch = reader.read(in);
            batches.add(batch);
            in.position(in.position() + batch.sizeInBytes());
        }
        return batches;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("dev.ferry.producer.internal.record.TestRecord#codecsAndSeeds")
    void readsWhatKafkasBuilderWrote(BatchCodec type, long seed) {
        // given
        Random random = new Random(seed);
        List<TestRecord> input = TestRecord.random(random, 1 + random.nextInt(200), 2000);
        MemoryRecordsBuilder kafka = RecordBatchWriterTest.kafkaBuilder(
                org.apache.kafka.common.compress.Compression.of(type.configName())
                        .build(),
                1 << 20);
        for (TestRecord record : input) {
            kafka.append(record.timestamp(), record.key(), record.value(), record.kafkaHeaders());
        }
        kafka.setProducerState(4242L, (short) 7, 1000, true);
        kafka.close();
        ByteBuffer bytes = kafka.build().buffer();

        // when
        List<DecodedRecordBatch> batches = readAll(bytes);

        // then
        assertThat(batches).hasSize(1);
        DecodedRecordBatch batch = batches.get(0);
        assertThat(batch.compression()).isEqualTo(type);
        assertThat(batch.producerId()).isEqualTo(4242L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(1000);
        assertThat(batch.transactional()).isTrue();
        assertThat(batch.control()).isFalse();
        assertThat(batch.sizeInBytes()).isEqualTo(bytes.remaining());
        assertThat(batch.records()).hasSize(input.size());
        for (int i = 0; i < input.size(); i++) {
            assertSame(batch.records().get(i), input.get(i), i);
        }
    }

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void readsBackWhatOurWriterWrote(BatchCodec type) {
        Random random = new Random(type.ordinal());
        List<TestRecord> input = TestRecord.random(random, 150, 3000);
        ByteBuffer batch = write(type, input);
        DecodedRecordBatch decoded = reader.read(batch);
        for (int i = 0; i < input.size(); i++) {
            assertSame(decoded.records().get(i), input.get(i), i);
        }
    }

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void truncatedFlippedOrGarbageBatchesOnlyEverYieldProtocolException(BatchCodec type) {
        // given
        Random random = new Random(99 + type.ordinal());
        ByteBuffer valid = write(type, TestRecord.random(random, 40, 500));
        int size = valid.remaining();

        for (int round = 0; round < 1500; round++) {
            // when: truncate, flip bytes (CRC fixed up so corruption reaches the decoder), or pure garbage
            ByteBuffer mutated = mutate(valid, random, round);

            // then
            Throwable thrown = catchThrowable(() -> readAll(mutated));
            if (thrown != null) {
                assertThat(thrown).as("round %d of %d-byte batch", round, size).isInstanceOf(ProtocolException.class);
            }
        }
    }

    @Test
    void aBadCrcIsReportedAsSuch() {
        ByteBuffer batch = write(BatchCodec.NONE, TestRecord.random(new Random(3), 3, 10));
        batch.put(batch.limit() - 1, (byte) (batch.get(batch.limit() - 1) ^ 1));
        assertThatThrownBy(() -> reader.read(batch))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void decompressionStopsAtTheLimit() {
        byte[] zeros = new byte[200_000];
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.of(BatchCodec.GZIP), 1 << 20, 1.0f);
        writer.tryAppend(1L, null, zeros, null);
        ByteBuffer batch = writer.close(-1L, (short) -1, -1, false);
        assertThatThrownBy(() -> new RecordBatchReader(100_000).read(batch))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("limit");
    }

    private static ByteBuffer mutate(ByteBuffer valid, Random random, int round) {
        byte[] bytes = RecordBatchWriterTest.toArray(valid);
        switch (round % 3) {
            case 0:
                return ByteBuffer.wrap(bytes, 0, random.nextInt(bytes.length)).slice();
            case 1:
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = random.nextInt(bytes.length);
                    bytes[at] = (byte) random.nextInt(256);
                }
                ByteBuffer flipped = ByteBuffer.wrap(bytes);
                if (flipped.getInt(RecordBatchLayout.LENGTH) == bytes.length - RecordBatchLayout.LOG_OVERHEAD
                        && random.nextInt(4) != 0) {
                    RecordBatchLayout.writeCrc(flipped);
                }
                return flipped;
            default:
                byte[] garbage = TestRecord.bytes(random, random.nextInt(300));
                if (garbage.length > RecordBatchLayout.HEADER_SIZE && random.nextBoolean()) {
                    ByteBuffer framed = ByteBuffer.wrap(garbage);
                    framed.putInt(RecordBatchLayout.LENGTH, garbage.length - RecordBatchLayout.LOG_OVERHEAD);
                    framed.put(RecordBatchLayout.MAGIC, RecordBatchLayout.MAGIC_V2);
                    framed.putShort(RecordBatchLayout.ATTRIBUTES, (short) random.nextInt(5));
                    RecordBatchLayout.writeCrc(framed);
                }
                return ByteBuffer.wrap(garbage);
        }
    }

    static ByteBuffer write(BatchCodec type, List<TestRecord> input) {
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(1024), Compression.of(type), Integer.MAX_VALUE, 1.0f);
        for (TestRecord record : input) {
            writer.tryAppend(record.timestamp(), record.key(), record.value(), record.headers());
        }
        return writer.close(1L, (short) 2, 3, false);
    }

    static void assertSame(DecodedRecord actual, TestRecord expected, int offsetDelta) {
        assertThat(actual.offsetDelta()).isEqualTo(offsetDelta);
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.headers()).hasSameSizeAs(expected.headers());
        for (int h = 0; h < expected.headers().length; h++) {
            assertThat(actual.headers().get(h).key()).isEqualTo(expected.headers()[h].key());
            assertThat(actual.headers().get(h).value()).isEqualTo(expected.headers()[h].value());
        }
    }
}
