package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.sender.Simulation.InjectedBug;
import dev.ferry.producer.internal.sender.Simulation.Mode;
import dev.ferry.producer.internal.sender.Simulation.Outcome;
import dev.ferry.producer.internal.sender.Simulation.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulationTest {
    /**
     * An injected bug must turn a seed the real thing passes into a violation within this many seeds.
     * Measured first failing seeds (producer/bin/simulate --bug NAME 10000): BROKER_FORGETS_DUPLICATES 0,
     * EAGER_EPOCH_BUMP 6, LEAK_EXPIRED_IN_FLIGHT 2, RETRY_NON_RETRIABLE 7, CLOSE_IGNORES_IN_FLIGHT 2, in the
     * world they were measured in ({@link World#ORIGINAL}: a crash on seed 6 hides EAGER_EPOCH_BUMP there);
     * UNNOTED_CUTS (--mode acks1, the current world) 1.
     */
    private static final int SEEDS_TO_CATCH = 20;

    /** Per transaction version; 13 % of such seeds ran differently in another JVM before the fix. */
    private static final int SEEDS_REPLAYED_ELSEWHERE = 40;

    @Test
    void aSeedReplaysTheSameTrace() {
        Outcome first = Simulation.run(7, InjectedBug.NONE);
        Outcome again = Simulation.run(7, InjectedBug.NONE);

        assertThat(first.trace()).anyMatch(event -> event.contains("acknowledged at"));
        assertThat(again.trace()).isEqualTo(first.trace());
    }

    @ParameterizedTest
    @EnumSource(
            value = Mode.class,
            names = {"TRANSACTIONAL_V1", "TRANSACTIONAL_V2"})
    void aTransactionalSeedReplaysTheSameTrace(Mode mode) {
        Outcome first = Simulation.run(25, InjectedBug.NONE, mode);
        Outcome again = Simulation.run(25, InjectedBug.NONE, mode);

        assertThat(first.trace()).anyMatch(event -> event.contains("commit returned"));
        assertThat(first.trace()).anyMatch(event -> event.contains("leaves its transaction open"));
        assertThat(again.trace()).isEqualTo(first.trace());
    }

    /**
     * A seed replays in another JVM too: transactional seeds of the current world, run here and in a
     * child JVM, leave the same traces. The core copied a transaction's offsets with Map.copyOf, whose
     * order is salted per JVM, and 13 % of transactional seeds then ran differently in another JVM.
     */
    @Test
    void transactionalSeedsReplayTheSameTracesInAnotherJvm(@TempDir Path dir) throws Exception {
        Path there = dir.resolve("traces.txt");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SimulationDigest.class.getName(),
                        String.valueOf(SEEDS_REPLAYED_ELSEWHERE),
                        there.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> here = SimulationDigest.transactionalLines(SEEDS_REPLAYED_ELSEWHERE);
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM replaying the seeds did not end within 2 minutes");
        }
        assertThat(child.exitValue()).as("the child JVM's exit code").isZero();
        assertThat(Files.readAllLines(there)).containsExactlyElementsOf(here);
    }

    /** An aborted transaction made visible: the read_committed check must see it, at both transaction versions. */
    @ParameterizedTest
    @EnumSource(
            value = Mode.class,
            names = {"TRANSACTIONAL_V1", "TRANSACTIONAL_V2"})
    void aCoordinatorThatCommitsWhatWasAbortedIsCaught(Mode mode) {
        assertThat(caught(InjectedBug.ABORT_WRITES_COMMIT_MARKERS, mode).violations())
                .anyMatch(violation -> violation.contains("read_committed view of"));
    }

    @Test
    void differentSeedsTakeDifferentPaths() {
        assertThat(Simulation.run(8, InjectedBug.NONE).trace())
                .isNotEqualTo(Simulation.run(7, InjectedBug.NONE).trace());
    }

    @Test
    void aBrokerThatForgetsDuplicatesIsCaught() {
        assertThat(caught(InjectedBug.BROKER_FORGETS_DUPLICATES).violations())
                .anyMatch(violation ->
                        violation.contains("is in the log 2 times") || violation.contains("not in send order"));
    }

    /** The rule before commit 27731b3: batches the broker may hold are stamped again under the new epoch. */
    @Test
    void theOldEpochBumpIsCaught() {
        assertThat(caught(InjectedBug.EAGER_EPOCH_BUMP).violations())
                .anyMatch(violation ->
                        violation.contains("is in the log 2 times") || violation.contains("not in send order"));
    }

    /**
     * The rule before seed 458600's fix: a batch whose unanswered attempt may still land under the
     * old epoch is stamped again under the new one. The million-seed run found it once, so the seed
     * is named here rather than searched for.
     */
    @Test
    void aBatchStampedAgainWhileItMayStillLandIsCaught() {
        Outcome outcome =
                Simulation.run(458600, InjectedBug.RESTAMP_MAYBE_APPENDED, Mode.IDEMPOTENT, World.GROWING_TRANSACTIONS);

        assertThat(outcome.violations())
                .anyMatch(violation -> violation.contains("orders-0 holds record 63 after record 71"));
    }

    @Test
    void memoryKeptByABatchThatExpiredInFlightIsCaught() {
        assertThat(caught(InjectedBug.LEAK_EXPIRED_IN_FLIGHT).violations())
                .anyMatch(violation -> violation.startsWith("buffer pool holds"));
    }

    @Test
    void retryingAnErrorThatIsNotRetriableIsCaught() {
        assertThat(caught(InjectedBug.RETRY_NON_RETRIABLE).violations())
                .anyMatch(violation -> violation.contains("the client heard INVALID_RECORD for its batch")
                        && violation.contains("but it failed with dev.ferry.producer.TimeoutException"));
    }

    @Test
    void aCloseThatAbandonsBatchesInFlightIsCaught() {
        assertThat(caught(InjectedBug.CLOSE_IGNORES_IN_FLIGHT).violations())
                .anyMatch(violation -> violation.startsWith("close returned at"));
    }

    /** acks=1: an acknowledged record missing from the log must be one a leader change cut, there. */
    @Test
    void anAcknowledgedRecordLostWithoutACutIsCaught() {
        assertThat(caught(InjectedBug.UNNOTED_CUTS, Mode.ACKS_ONE).violations())
                .anyMatch(
                        violation -> violation.contains("acknowledged at") && violation.contains("but the log holds"));
    }

    /** The first seed the real core passes and the bug fails, within {@link #SEEDS_TO_CATCH}. */
    private static Outcome caught(InjectedBug bug) {
        return caught(bug, Mode.IDEMPOTENT);
    }

    private static Outcome caught(InjectedBug bug, Mode mode) {
        World world = bug == InjectedBug.UNNOTED_CUTS ? World.current() : World.ORIGINAL;
        for (long seed = 0; seed < SEEDS_TO_CATCH; seed++) {
            Outcome outcome = Simulation.run(seed, bug, mode, world);
            if (outcome.failed()
                    && !Simulation.run(seed, InjectedBug.NONE, mode, world).failed()) {
                return outcome;
            }
        }
        throw new AssertionError(bug + " went uncaught in " + SEEDS_TO_CATCH + " seeds");
    }
}
