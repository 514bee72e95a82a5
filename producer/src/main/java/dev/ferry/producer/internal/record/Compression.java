package dev.ferry.producer.internal.record;

import dev.ferry.producer.ProducerConfig;
import java.nio.ByteBuffer;

/**
 * A codec and its level, as given by {@code compression.type} and {@code compression.<codec>.level}.
 *
 * <pre>{@code
 * Compression lz4 = Compression.of(BatchCodec.LZ4);          // level 9, Kafka's default
 * Compression zstd = Compression.of(BatchCodec.ZSTD, 10);
 * }</pre>
 */
public record Compression(BatchCodec type, int level) {
    public static final Compression NONE = new Compression(BatchCodec.NONE, 0);

    private static final int SCRATCH_RECORDS = 16;
    private static final int SCRATCH_VALUE_BYTES = 100;
    private static final int SCRATCH_BATCH_BYTES = 4096;

    public Compression {
        if (type == null) {
            throw new IllegalArgumentException("compression.type must not be null");
        }
        if (!type.isValidLevel(level)) {
            throw new IllegalArgumentException(
                    type.hasLevels()
                            ? "compression." + type.configName() + ".level was " + level + "; allowed: "
                                    + type.minLevel() + ".." + type.maxLevel() + " or the default "
                                    + type.defaultLevel()
                            : "compression.type " + type.configName() + " has no level; got " + level);
        }
    }

    /**
     * Writes and closes one small scratch batch with this codec: records encoded, compressed, the
     * header and its CRC32C written. lz4, zstd and snappy load a native library on first use (lz4:
     * 70–90 ms on the 2-core machine), and the first close of a batch loads and initialises the
     * batch path's classes (~20 ms cold): paid when the producer is created rather than on the I/O
     * thread at the first batch it closes, while the batches behind it wait.
     */
    public void load() {
        RecordBatchWriter scratch =
                new RecordBatchWriter(ByteBuffer.allocate(SCRATCH_BATCH_BYTES), this, SCRATCH_BATCH_BYTES, 1.0f);
        byte[] value = new byte[SCRATCH_VALUE_BYTES];
        for (int i = 0; i < SCRATCH_RECORDS; i++) {
            scratch.tryAppend(i, null, value, null);
        }
        scratch.close(-1L, (short) -1, -1, false);
    }

    public static Compression of(BatchCodec type) {
        return new Compression(type, type.defaultLevel());
    }

    public static Compression of(BatchCodec type, int level) {
        return new Compression(type, level);
    }

    /** The producer's {@code compression.type} at its {@code compression.<codec>.level}. */
    public static Compression of(ProducerConfig config) {
        BatchCodec type = BatchCodec.valueOf(config.compressionType().name());
        return switch (config.compressionType()) {
            case GZIP -> of(type, config.compressionGzipLevel());
            case LZ4 -> of(type, config.compressionLz4Level());
            case ZSTD -> of(type, config.compressionZstdLevel());
            default -> of(type);
        };
    }
}
