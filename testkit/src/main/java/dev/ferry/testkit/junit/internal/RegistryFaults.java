package dev.ferry.testkit.junit.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a test has switched on for its registry; read by {@link RegistryResponder} on every
 * request. Thread-safe: the test thread sets, WireMock's threads read.
 */
public final class RegistryFaults {

    /** What the registry does instead of answering. */
    public enum Outage {
        NONE,
        /** The connection is reset before any answer: an I/O error for the client. */
        CONNECTION_RESET,
        /** 401 with error_code 40101, as for wrong credentials. */
        UNAUTHORIZED
    }

    private volatile Outage outage = Outage.NONE;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;

    public void outage(Outage outage) {
        this.outage = outage;
    }

    public Outage outage() {
        return outage;
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }

    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Takes one of the failures set with {@link #failNext}; the status to answer, or 0 when none is left. */
    public int takeFailure() {
        return failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? failureStatus : 0;
    }

    public void clear() {
        outage = Outage.NONE;
        delay = Duration.ZERO;
        failuresLeft.set(0);
    }
}
