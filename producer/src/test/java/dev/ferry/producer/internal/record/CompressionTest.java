package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

    @ParameterizedTest
    @CsvSource({"gzip,1", "gzip,9", "gzip,-1", "lz4,1", "lz4,17", "zstd,-131072", "zstd,22", "zstd,3"})
    void kafkasLevelRangesAreAcceptedAndEveryLevelMakesAValidBatch(String codec, int level) {
        // given
        Compression compression = Compression.of(BatchCodec.forConfigName(codec), level);
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(4096), compression, 4096, 1.0f);
        writer.tryAppend(
                1L,
                null,
                "a value that compresses, compresses, compresses".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null);

        // when
        RecordBatch batch = MemoryRecords.readableRecords(writer.close(-1L, (short) -1, -1, false))
                .batches()
                .iterator()
                .next();

        // then
        batch.ensureValid();
        assertThat(batch.compressionType().name).isEqualTo(codec);
        assertThat(batch.iterator().next().valueSize()).isEqualTo(47);
    }

    @ParameterizedTest
    @CsvSource({"gzip,0", "gzip,10", "lz4,0", "lz4,18", "zstd,23", "zstd,-131073"})
    void aLevelOutsideKafkasRangeNamesTheProperty(String codec, int level) {
        assertThatThrownBy(() -> Compression.of(BatchCodec.forConfigName(codec), level))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compression." + codec + ".level was " + level);
    }

    @ParameterizedTest
    @EnumSource(
            value = BatchCodec.class,
            names = {"NONE", "SNAPPY"})
    void codecsWithoutLevelsRefuseOne(BatchCodec type) {
        assertThat(Compression.of(type).level()).isZero();
        assertThatThrownBy(() -> Compression.of(type, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no level");
    }

    @ParameterizedTest
    @EnumSource(BatchCodec.class)
    void namesAndIdsAreKafkas(BatchCodec type) {
        org.apache.kafka.common.record.internal.CompressionType kafka =
                org.apache.kafka.common.record.internal.CompressionType.forName(type.configName());
        assertThat((int) kafka.id).isEqualTo(type.id());
        assertThat(BatchCodec.forId(type.id())).isEqualTo(type);
        assertThat(BatchCodec.forConfigName(type.configName().toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(type);
    }
}
