package dev.ferry.producer.internal.partition;

/**
 * The 32-bit murmur2 hash exactly as kafka-clients computes it (seed 0x9747b28c), so a keyed record
 * lands on the same partition whichever client sends it.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {}

    /** The partition kafka-clients' built-in partitioner picks for these key bytes. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be > 0, was " + numPartitions);
        }
        return toPositive(hash(keyBytes)) % numPartitions;
    }

    /** Clears the sign bit, as kafka-clients does: not {@code Math.abs}, which maps MIN_VALUE to itself. */
    public static int toPositive(int n) {
        return n & 0x7fffffff;
    }

    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int fullWords = length / 4;
        for (int i = 0; i < fullWords; i++) {
            int i4 = i * 4;
            int k = (data[i4] & 0xff)
                    | ((data[i4 + 1] & 0xff) << 8)
                    | ((data[i4 + 2] & 0xff) << 16)
                    | ((data[i4 + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & ~3;
        int remaining = length % 4;
        if (remaining >= 3) {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (remaining >= 2) {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (remaining >= 1) {
            h ^= data[tail] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
