package dev.ferry.producer.internal.sender;

import java.util.function.LongSupplier;

/**
 * Virtual monotonic milliseconds for the core under test: time moves only when the test says so,
 * so deadlines (linger, backoff, request and delivery timeouts) are reached exactly, without sleeping.
 */
final class ManualClock implements LongSupplier {
    private long nowMs;

    ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public long getAsLong() {
        return nowMs;
    }

    /** The same instant in nanoseconds, for the buffer pool. */
    long nanos() {
        return nowMs * 1_000_000;
    }

    void advance(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("time runs forward only, not by " + ms + " ms");
        }
        nowMs += ms;
    }
}
