package dev.ferry.producer.internal.protocol;

/**
 * The Kafka APIs the producer speaks, with the version range Ferry implements and the first
 * flexible version (compact strings, tagged fields, request header v2).
 */
public enum ApiKey {
    PRODUCE(0, 9, 13, 9),
    METADATA(3, 9, 13, 9),
    FIND_COORDINATOR(10, 3, 6, 3),
    SASL_HANDSHAKE(17, 0, 1, Integer.MAX_VALUE),
    API_VERSIONS(18, 0, 5, 3),
    INIT_PRODUCER_ID(22, 2, 5, 2),
    ADD_PARTITIONS_TO_TXN(24, 3, 3, 3),
    ADD_OFFSETS_TO_TXN(25, 3, 4, 3),
    END_TXN(26, 3, 5, 3),
    TXN_OFFSET_COMMIT(28, 3, 6, 3),
    SASL_AUTHENTICATE(36, 0, 2, 2);

    private final short id;
    private final short minVersion;
    private final short maxVersion;
    private final int firstFlexibleVersion;

    ApiKey(int id, int minVersion, int maxVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.firstFlexibleVersion = firstFlexibleVersion;
    }

    public short id() {
        return id;
    }

    /** Lowest version Ferry can encode and decode. */
    public short minVersion() {
        return minVersion;
    }

    /** Highest version Ferry can encode and decode. */
    public short maxVersion() {
        return maxVersion;
    }

    public boolean isFlexible(short version) {
        return version >= firstFlexibleVersion;
    }

    public short requestHeaderVersion(short version) {
        return isFlexible(version) ? (short) 2 : (short) 1;
    }

    /** ApiVersions answers with header v0 always, so a client can read it before knowing any version. */
    public short responseHeaderVersion(short version) {
        return this != API_VERSIONS && isFlexible(version) ? (short) 1 : (short) 0;
    }

    public void checkVersion(short version) {
        if (version < minVersion || version > maxVersion) {
            throw new IllegalArgumentException(
                    this + " version " + version + " is outside Ferry's range " + minVersion + ".." + maxVersion);
        }
    }

    /** The key for an id, or null for an API Ferry does not speak. */
    public static ApiKey forId(short id) {
        for (ApiKey key : values()) {
            if (key.id == id) {
                return key;
            }
        }
        return null;
    }
}
