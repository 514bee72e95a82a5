package dev.ferry.codegen.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
    private static final Path MONEY = Path.of("/s/money.avsc");
    private static final Path LINE = Path.of("/s/line.avsc");
    private static final Path ORDER = Path.of("/s/order.avsc");
    private static final Path OTHER = Path.of("/s/a-other.avsc");

    private final DependencyGraph graph =
            new DependencyGraph(Map.of(MONEY, Set.of(), LINE, Set.of(MONEY), ORDER, Set.of(LINE), OTHER, Set.of()));

    @Test
    void dependentsAreTransitiveAndExcludeTheRoots() {
        assertThat(graph.transitiveDependentsOf(List.of(MONEY))).containsExactly(LINE, ORDER);
        assertThat(graph.transitiveDependentsOf(List.of(ORDER))).isEmpty();
    }

    @Test
    void topologicalOrderPutsDependenciesFirstAndBreaksTiesByPriority() {
        List<Path> order = graph.topologicalOrder(Comparator.naturalOrder()).orElseThrow();

        assertThat(order).containsExactly(OTHER, MONEY, LINE, ORDER);
    }

    @Test
    void aCycleHasNoOrderAndIsReported() {
        DependencyGraph cyclic = new DependencyGraph(
                Map.of(MONEY, Set.of(ORDER), LINE, Set.of(MONEY), ORDER, Set.of(LINE), OTHER, Set.of()));

        assertThat(cyclic.topologicalOrder(Comparator.naturalOrder())).isEmpty();
        List<Path> cycle = cyclic.findCycle().orElseThrow();
        assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
        assertThat(cycle).containsAll(List.of(MONEY, LINE, ORDER)).doesNotContain(OTHER);
        assertThat(graph.findCycle()).isEmpty();
    }

    @Test
    void dependentsTerminateOnCycles() {
        DependencyGraph cyclic = new DependencyGraph(Map.of(MONEY, Set.of(LINE), LINE, Set.of(MONEY)));

        assertThat(cyclic.transitiveDependentsOf(List.of(MONEY))).containsExactly(LINE);
    }
}
