package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.sender.Simulation.InjectedBug;
import dev.ferry.producer.internal.sender.Simulation.Mode;
import dev.ferry.producer.internal.sender.Simulation.Outcome;
import dev.ferry.producer.internal.sender.Simulation.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint of the simulator's behaviour, outside the default suite (its name matches no
 * surefire include), for refactoring the simulator without changing a single seed's run: one line
 * per seed, mode, world and injected bug with the SHA-256 of its trace and its violation count.
 * Written to {@code simulation.digest.out}; two versions of the simulator behave alike when their
 * files are equal.
 * {@code ./mvnw -pl producer test -Dtest=SimulationDigest -Dsimulation.digest.out=FILE [-Dsimulation.seeds=N]}
 *
 * <p>The files are equal between JVMs too: the core keeps the order of the user's offsets and of an
 * abort's partitions in doubt (its {@code Map.copyOf}/{@code Set.copyOf} copies, salted per JVM,
 * made transactional traces differ between two JVMs).
 */
class SimulationDigest {
    /** Enough seeds of each bug to include the first that catches it (all within 20, {@code SimulationTest}). */
    private static final int BUG_SEEDS = 50;

    @Test
    void digest() throws IOException, NoSuchAlgorithmException {
        Path out = Path.of(System.getProperty("simulation.digest.out", "target/simulation-digest.txt"));
        int seeds = Integer.getInteger("simulation.seeds", 300);
        List<String> lines = new ArrayList<>();
        for (World world : World.values()) {
            for (Mode mode : Mode.values()) {
                for (long seed = 0; seed < seeds; seed++) {
                    lines.add(line(Simulation.run(seed, InjectedBug.NONE, mode, world)));
                }
            }
        }
        for (InjectedBug bug : InjectedBug.values()) {
            if (bug == InjectedBug.NONE) {
                continue;
            }
            for (World world : List.of(World.ORIGINAL, World.current())) {
                for (Mode mode : Mode.values()) {
                    for (long seed = 0; seed < BUG_SEEDS; seed++) {
                        lines.add(line(Simulation.run(seed, bug, mode, world)));
                    }
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    /** Transactional seeds 0..seeds-1 of the current world at both transaction versions, a line each. */
    static List<String> transactionalLines(int seeds) throws NoSuchAlgorithmException {
        List<String> lines = new ArrayList<>();
        for (Mode mode : List.of(Mode.TRANSACTIONAL_V1, Mode.TRANSACTIONAL_V2)) {
            for (long seed = 0; seed < seeds; seed++) {
                lines.add(line(Simulation.run(seed, InjectedBug.NONE, mode, World.current())));
            }
        }
        return lines;
    }

    /** {@code SEEDS FILE}: writes {@link #transactionalLines} to FILE, for a replay in a JVM of its own. */
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Files.write(Path.of(args[1]), transactionalLines(Integer.parseInt(args[0])), StandardCharsets.UTF_8);
    }

    private static String line(Outcome outcome) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String event : outcome.trace()) {
            sha.update(event.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return outcome.world() + " " + outcome.mode() + " " + outcome.bug() + " " + outcome.seed() + " "
                + outcome.violations().size() + " " + HexFormat.of().formatHex(sha.digest());
    }
}
