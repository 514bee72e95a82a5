package dev.ferry.examples.perf;

import java.util.SplittableRandom;

/**
 * The values ferry-perf sends, as kafka-producer-perf-test makes them: every record a fresh payload
 * of random capital letters, from a fixed seed, so every run sends the same sequence. Public so that
 * {@code benchmarks} measures its floor on exactly these records.
 *
 * <p>Not thread-safe: one per sending thread.
 */
public final class PerfPayloads {
    private final SplittableRandom random = new SplittableRandom(0);

    /** Overwrites {@code payload} with the next record's value. */
    public void next(byte[] payload) {
        for (int j = 0; j < payload.length; j++) {
            payload[j] = (byte) ('A' + random.nextInt(26));
        }
    }
}
