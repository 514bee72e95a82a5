package dev.ferry.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTypeTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void idAndNameMatchKafkaClients(CompressionType type) {
        org.apache.kafka.common.record.internal.CompressionType theirs =
                org.apache.kafka.common.record.internal.CompressionType.forName(type.configValue());
        assertThat(type.id()).isEqualTo(theirs.id);
        assertThat(CompressionType.parse(theirs.name)).isEqualTo(type);
    }

    @org.junit.jupiter.api.Test
    void levelRangesMatchKafkaClients() {
        var gzip = org.apache.kafka.common.record.internal.CompressionType.GZIP;
        var lz4 = org.apache.kafka.common.record.internal.CompressionType.LZ4;
        var zstd = org.apache.kafka.common.record.internal.CompressionType.ZSTD;
        assertThat(new int[] {
                    ProducerConfig.GZIP_LEVEL_MIN, ProducerConfig.GZIP_LEVEL_MAX, ProducerConfig.GZIP_LEVEL_DEFAULT
                })
                .containsExactly(gzip.minLevel(), gzip.maxLevel(), gzip.defaultLevel());
        assertThat(new int[] {
                    ProducerConfig.LZ4_LEVEL_MIN, ProducerConfig.LZ4_LEVEL_MAX, ProducerConfig.LZ4_LEVEL_DEFAULT
                })
                .containsExactly(lz4.minLevel(), lz4.maxLevel(), lz4.defaultLevel());
        assertThat(new int[] {
                    ProducerConfig.ZSTD_LEVEL_MIN, ProducerConfig.ZSTD_LEVEL_MAX, ProducerConfig.ZSTD_LEVEL_DEFAULT
                })
                .containsExactly(zstd.minLevel(), zstd.maxLevel(), zstd.defaultLevel());
    }

    @org.junit.jupiter.api.Test
    void rejectsUnknownCodecListingAllowed() {
        assertThatThrownBy(() -> CompressionType.parse("brotli"))
                .hasMessage(
                        "Invalid value brotli for configuration compression.type: must be one of none, gzip, snappy, lz4, zstd");
    }
}
