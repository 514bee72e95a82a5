package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.sender.Simulation.InjectedBug;
import dev.ferry.producer.internal.sender.Simulation.Outcome;
import org.junit.jupiter.api.Test;

class SimulationTest {
    /** An injected bug must turn a seed the real thing passes into a violation within this many seeds (measured: 1). */
    private static final int SEEDS_TO_CATCH = 20;

    @Test
    void aSeedReplaysTheSameTrace() {
        Outcome first = Simulation.run(7, InjectedBug.NONE);
        Outcome again = Simulation.run(7, InjectedBug.NONE);

        assertThat(first.trace()).anyMatch(event -> event.contains("acknowledged at"));
        assertThat(again.trace()).isEqualTo(first.trace());
    }

    @Test
    void differentSeedsTakeDifferentPaths() {
        assertThat(Simulation.run(8, InjectedBug.NONE).trace()).isNotEqualTo(Simulation.run(7, InjectedBug.NONE).trace());
    }

    @Test
    void aBrokerThatForgetsDuplicatesIsCaught() {
        long caught = -1;
        for (long seed = 0; seed < SEEDS_TO_CATCH && caught < 0; seed++) {
            if (!Simulation.run(seed, InjectedBug.NONE).failed() && Simulation.run(seed, InjectedBug.BROKER_FORGETS_DUPLICATES).failed()) {
                caught = seed;
            }
        }

        assertThat(caught).as("a seed the real brokers pass and the forgetful ones fail").isNotNegative();
        assertThat(Simulation.run(caught, InjectedBug.BROKER_FORGETS_DUPLICATES).violations())
                .anyMatch(violation -> violation.contains("is in the log 2 times") || violation.contains("not in send order"));
    }
}
