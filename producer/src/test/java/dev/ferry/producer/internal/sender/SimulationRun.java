package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.sender.Simulation.InjectedBug;
import dev.ferry.producer.internal.sender.Simulation.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The long simulation run, outside the default suite (its name matches no surefire include):
 * {@code producer/bin/simulate [seeds|--seed S] [--seconds T] [--bug NAME]}. Prints each failing
 * seed's replay command and trace, then one line {@code simulation: S seeds, V violations, R seeds/s}.
 */
class SimulationRun {

    @Test
    void run() {
        long first = Long.getLong("simulation.first", 0);
        long seeds = Long.getLong("simulation.seeds", 1_000);
        long seconds = Long.getLong("simulation.seconds", 0);
        boolean replay = Boolean.getBoolean("simulation.trace");
        InjectedBug bug = InjectedBug.valueOf(System.getProperty("simulation.bug", "NONE"));
        long started = System.nanoTime();
        long budgetNanos = seconds > 0 ? seconds * 1_000_000_000L : Long.MAX_VALUE;
        long ran = 0;
        long violations = 0;
        for (long seed = first; seed < first + seeds && System.nanoTime() - started < budgetNanos; seed++) {
            Outcome outcome = Simulation.run(seed, bug);
            ran++;
            if (outcome.failed()) {
                violations++;
            }
            if (outcome.failed() || replay) {
                System.out.println(report(outcome));
            }
        }
        double elapsedS = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        System.out.printf("simulation: %d seeds, %d violations, %.1f seeds/s%n", ran, violations, ran / elapsedS);
    }

    /** A failing seed as a reader needs it: what broke, the command that replays it, and its trace. */
    static String report(Outcome outcome) {
        return "seed " + outcome.seed()
                + (outcome.failed() ? " broke: " + String.join("; ", outcome.violations()) : " held")
                + "\nreplay: producer/bin/simulate --seed " + outcome.seed()
                + (outcome.bug() == InjectedBug.NONE ? "" : " --bug " + outcome.bug())
                + "\ntrace:\n  " + String.join("\n  ", outcome.trace());
    }
}
