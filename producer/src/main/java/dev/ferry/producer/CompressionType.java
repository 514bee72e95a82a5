package dev.ferry.producer;

import dev.ferry.common.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The codec that compresses each record batch ({@code compression.type}). Compression is per batch,
 * so larger batches (higher {@code linger.ms} and {@code batch.size}) compress better. {@link #LZ4}
 * and {@link #ZSTD} are the usual choices; {@link #NONE} is the default, as in kafka-clients.
 */
public enum CompressionType {
    NONE(0),
    GZIP(1),
    SNAPPY(2),
    LZ4(3),
    ZSTD(4);

    private final int id;

    CompressionType(int id) {
        this.id = id;
    }

    /** The codec id in the low three bits of a record batch's attributes. */
    public int id() {
        return id;
    }

    /** The name as written in {@code compression.type}, e.g. {@code lz4}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration value: {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or
     * {@code zstd} (lower case, surrounding spaces ignored, as in kafka-clients).
     *
     * @throws ConfigException for an unknown codec name
     */
    public static CompressionType parse(String value) {
        String v = value.trim();
        for (CompressionType type : values()) {
            if (type.configValue().equals(v)) {
                return type;
            }
        }
        throw new ConfigException(
                ProducerConfig.COMPRESSION_TYPE,
                value,
                "must be one of "
                        + Arrays.stream(values())
                                .map(CompressionType::configValue)
                                .collect(Collectors.joining(", ")));
    }
}
