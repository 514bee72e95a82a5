package dev.ferry.producer.internal.record;

/**
 * The per-batch codecs of record batch v2, with Kafka's attribute ids and the level range of Kafka's
 * {@code compression.<codec>.level} properties (KIP-390).
 */
public enum BatchCodec {
    NONE(0, "none", 0, 0, 0),
    /** Levels of {@link java.util.zip.Deflater}; -1 is Deflater's own default. */
    GZIP(1, "gzip", 1, 9, -1),
    SNAPPY(2, "snappy", 0, 0, 0),
    LZ4(3, "lz4", 1, 17, 9),
    ZSTD(4, "zstd", -131072, 22, 3);

    private final int id;
    private final String configName;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    BatchCodec(int id, String configName, int minLevel, int maxLevel, int defaultLevel) {
        this.id = id;
        this.configName = configName;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    /** The value of the attribute bits 0-2. */
    public int id() {
        return id;
    }

    /** The name used by {@code compression.type}. */
    public String configName() {
        return configName;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    public boolean hasLevels() {
        return this == GZIP || this == LZ4 || this == ZSTD;
    }

    public boolean isValidLevel(int level) {
        return level == defaultLevel || (level >= minLevel && level <= maxLevel);
    }

    public static BatchCodec forId(int id) {
        for (BatchCodec type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new dev.ferry.producer.internal.protocol.ProtocolException(
                "Unknown compression codec id " + id + " in record batch attributes");
    }

    /** The type for a {@code compression.type} value (case-insensitive); null when there is none. */
    public static BatchCodec forConfigName(String name) {
        for (BatchCodec type : values()) {
            if (type.configName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
