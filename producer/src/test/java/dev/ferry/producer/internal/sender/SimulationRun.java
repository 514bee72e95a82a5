package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.sender.Simulation.InjectedBug;
import dev.ferry.producer.internal.sender.Simulation.Mode;
import dev.ferry.producer.internal.sender.Simulation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The long simulation run, outside the default suite (its name matches no surefire include):
 * {@code producer/bin/simulate [seeds|--seed S] [--seconds T] [--mode M] [--bug NAME] [--world W] [--threads N]}, seeds on every
 * core by default. Prints each failing
 * seed's replay command and trace, then one line {@code simulation: S seeds, V violations, R seeds/s}.
 */
class SimulationRun {

    @Test
    void run() throws InterruptedException {
        long first = Long.getLong("simulation.first", 0);
        long seeds = Long.getLong("simulation.seeds", 1_000);
        long seconds = Long.getLong("simulation.seconds", 0);
        int threads =
                Integer.getInteger("simulation.threads", Runtime.getRuntime().availableProcessors());
        boolean replay = Boolean.getBoolean("simulation.trace");
        InjectedBug bug = InjectedBug.valueOf(System.getProperty("simulation.bug", "NONE"));
        String mode = System.getProperty("simulation.mode", "mixed");
        String worldName = System.getProperty("simulation.world", "current");
        Simulation.World world = worldName.equals("current")
                ? Simulation.World.current()
                : Simulation.World.valueOf(worldName.toUpperCase(Locale.ROOT));
        long started = System.nanoTime();
        long budgetNanos = seconds > 0 ? seconds * 1_000_000_000L : Long.MAX_VALUE;
        long end = seeds > Long.MAX_VALUE - first ? Long.MAX_VALUE : first + seeds;
        // each seed is a world of its own (virtual time, one thread, its own random), so seeds run
        // side by side without changing any seed's run; only the order of the printed reports varies
        AtomicLong next = new AtomicLong(first);
        LongAdder ran = new LongAdder();
        LongAdder violations = new LongAdder();
        Runnable worker = () -> {
            for (long seed = next.getAndIncrement();
                    seed < end && System.nanoTime() - started < budgetNanos;
                    seed = next.getAndIncrement()) {
                Outcome outcome = Simulation.run(seed, bug, mode(mode, seed), world);
                ran.increment();
                if (outcome.failed()) {
                    violations.increment();
                }
                if (outcome.failed() || replay) {
                    String report = report(outcome);
                    synchronized (System.out) {
                        System.out.println(report);
                    }
                }
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, threads); i++) {
            Thread thread = new Thread(worker, "simulation-" + i);
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            thread.join();
        }
        double elapsedS = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        System.out.printf(
                "simulation: %d seeds, %d violations, %.1f seeds/s%n",
                ran.sum(), violations.sum(), ran.sum() / elapsedS);
    }

    private static String modeName(Mode mode) {
        return switch (mode) {
            case IDEMPOTENT -> "idempotent";
            case TRANSACTIONAL_V1 -> "v1";
            case TRANSACTIONAL_V2 -> "v2";
            case ACKS_ONE -> "acks1";
        };
    }

    /** {@code --mode}: idempotent, v1, v2 (transactional at that transaction.version), acks1 or mixed (the seed picks). */
    static Mode mode(String name, long seed) {
        return switch (name) {
            case "idempotent" -> Mode.IDEMPOTENT;
            case "v1" -> Mode.TRANSACTIONAL_V1;
            case "v2" -> Mode.TRANSACTIONAL_V2;
            case "acks1" -> Mode.ACKS_ONE;
            case "mixed" -> Mode.ofSeed(seed);
            default -> throw new IllegalArgumentException("--mode is idempotent, v1, v2, acks1 or mixed, not " + name);
        };
    }

    /** A failing seed as a reader needs it: what broke, the command that replays it, and its trace. */
    static String report(Outcome outcome) {
        return "seed " + outcome.seed()
                + (outcome.failed() ? " broke: " + String.join("; ", outcome.violations()) : " held")
                + "\nreplay: producer/bin/simulate --seed " + outcome.seed() + " --mode " + modeName(outcome.mode())
                + (outcome.bug() == InjectedBug.NONE ? "" : " --bug " + outcome.bug())
                + (outcome.world() == Simulation.World.current()
                        ? ""
                        : " --world " + outcome.world().name().toLowerCase(Locale.ROOT))
                + "\ntrace:\n  " + String.join("\n  ", outcome.trace());
    }
}
