package dev.ferry.producer.internal.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** What one seed did, as a reader replays it: events stamped with virtual time, and the invariants it broke. */
final class SimulationTrace {
    private final List<String> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** Virtual time: 0 until the core, whose clock it is, exists. */
    private LongSupplier clock = () -> 0;

    void clock(LongSupplier clock) {
        this.clock = clock;
    }

    void event(String what) {
        events.add("t=" + clock.getAsLong() + " " + what);
    }

    void violation(String what) {
        violations.add(what);
        event("VIOLATION " + what);
    }

    List<String> events() {
        return List.copyOf(events);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }
}
