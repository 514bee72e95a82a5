package dev.ferry.producer.internal.accumulator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Why every queued batch may go at once, however long it lingered: the accumulator closing (with the
 * message later appends are refused with) or a flush in progress; the third cause, a sender waiting
 * for memory, the buffer pool knows and {@link #lingerMs} is told.
 *
 * <p>Thread-safe.
 */
final class SendNowCauses {
    private final AtomicInteger flushes = new AtomicInteger();
    /** Null while open; afterwards what every append is refused with. */
    private volatile String closedMessage;
    /** 1 once {@link #closedMessage} is set, so that {@link #lingerMs} reads it without a test. */
    private volatile int closing;

    /** Null while open. */
    String closedMessage() {
        return closedMessage;
    }

    /** The first close's message stays. */
    synchronized void close(String message) {
        if (closedMessage == null) {
            closedMessage = message;
            closing = 1;
        }
    }

    void flushStarted() {
        flushes.incrementAndGet();
    }

    void flushEnded() {
        flushes.decrementAndGet();
    }

    /**
     * {@code configuredMs}, or {@code Long.MIN_VALUE} (every batch has lingered long enough) while any
     * cause holds. A mask rather than a test: each cause stays one-sided while C2 profiles the I/O
     * thread's round, so a test compiles as a trap, and close() with a backlog still to drain (two
     * seconds of it in the latency profile) discarded the compiled round and had it compiled again.
     */
    long lingerMs(long configuredMs, int sendersWaitingForMemory) {
        long sendNow = -(long) Integer.signum(closing | flushes.get() | sendersWaitingForMemory);
        return (configuredMs & ~sendNow) | (Long.MIN_VALUE & sendNow);
    }
}
