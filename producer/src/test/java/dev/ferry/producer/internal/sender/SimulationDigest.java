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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A fingerprint of the simulator's behaviour, outside the default suite (its name matches no
 * surefire include), for refactoring the simulator without changing a single seed's run: one line
 * per seed, mode, world and injected bug with the SHA-256 of its trace and its violation count.
 * Written to {@code simulation.digest.out}; two versions of the simulator behave alike when their
 * files are equal.
 * {@code ./mvnw -pl producer test -Dtest=SimulationDigest -Dsimulation.digest.out=FILE [-Dsimulation.seeds=N]}
 *
 * <p>Transactional traces differ between JVMs, not between runs of one JVM: the core copies the
 * user's offsets and an abort's partitions in doubt with {@code Map.copyOf} and {@code Set.copyOf},
 * whose iteration order is salted per JVM, so the partitions of a TxnOffsetCommit or AddPartitionsToTxn
 * come in another order. The digest sorts those answers' partitions and leaves out the partition an
 * AddPartitionsToTxn error names; where the order reaches the model (the order its coordinator
 * writes markers in) a seed still differs between JVMs. An exact comparison runs both versions in
 * one JVM, each in a class loader of its own.
 */
class SimulationDigest {
    /** Enough seeds of each bug to include the first that catches it (all within 20, {@code SimulationTest}). */
    private static final int BUG_SEEDS = 50;

    private static final Pattern ERROR_PARTITION = Pattern.compile("AddPartitionsToTxn for \\S+-\\d+");

    private static final Pattern ANSWERED_PARTITION =
            Pattern.compile("(TxnOffsetCommitResponsePartition|AddPartitionsToTxnPartitionResult)\\([^)]*\\)");

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

    private static String inJvmIndependentOrder(String event) {
        String named = ERROR_PARTITION.matcher(event).replaceAll("AddPartitionsToTxn for a partition");
        Matcher partitions = ANSWERED_PARTITION.matcher(named);
        List<String> sorted = new ArrayList<>();
        while (partitions.find()) {
            sorted.add(partitions.group());
        }
        if (sorted.isEmpty()) {
            return named;
        }
        Collections.sort(sorted);
        return partitions.replaceAll("") + sorted;
    }

    private static String line(Outcome outcome) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String event : outcome.trace()) {
            sha.update(inJvmIndependentOrder(event).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return outcome.world() + " " + outcome.mode() + " " + outcome.bug() + " " + outcome.seed() + " "
                + outcome.violations().size() + " " + HexFormat.of().formatHex(sha.digest());
    }
}
