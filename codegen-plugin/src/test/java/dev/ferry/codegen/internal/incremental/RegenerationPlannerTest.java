package dev.ferry.codegen.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.codegen.internal.source.SchemaFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegenerationPlannerTest {
    private static final Path MONEY = Path.of("/s/money.avsc");
    private static final Path LINE = Path.of("/s/line.avsc");
    private static final Path ORDER = Path.of("/s/order.avsc");
    private static final Path CUSTOMER = Path.of("/s/customer.avsc");

    @TempDir
    Path out;

    private final Map<Path, FileState> previous = new HashMap<>();
    private final Map<Path, String> hashes = new HashMap<>();
    private final Map<Path, Set<Path>> edges = new HashMap<>();

    @BeforeEach
    void lastRunGeneratedFourFiles() throws Exception {
        record(MONEY, Set.of(), "Money.java");
        record(LINE, Set.of(MONEY), "Line.java");
        record(ORDER, Set.of(LINE), "Order.java");
        record(CUSTOMER, Set.of(), "Customer.java");
    }

    @Test
    void nothingChangedIsUpToDate() {
        RegenerationPlan plan = plan(false);

        assertThat(plan.isUpToDate()).isTrue();
        assertThat(plan.total()).isEqualTo(4);
    }

    @Test
    void aChangedFileRegeneratesItsTransitiveDependentsOnly() {
        hashes.put(MONEY, "new");

        RegenerationPlan plan = plan(false);

        assertThat(plan.changed()).containsExactly(MONEY);
        assertThat(plan.dependents()).containsExactlyInAnyOrder(LINE, ORDER);
        assertThat(plan.toGenerate()).containsExactly(LINE, MONEY, ORDER);
    }

    @Test
    void aDeletedFileRegeneratesWhatUsedIt() {
        hashes.remove(LINE);
        edges.remove(LINE);
        edges.put(ORDER, Set.of());

        RegenerationPlan plan = plan(false);

        assertThat(plan.deleted()).containsExactly(LINE);
        assertThat(plan.dependents()).containsExactly(ORDER);
        assertThat(plan.changed()).isEmpty();
    }

    @Test
    void aNewFileIsChanged() {
        Path note = Path.of("/s/note.avsc");
        hashes.put(note, "n");
        edges.put(note, Set.of());

        assertThat(plan(false).toGenerate()).containsExactly(note);
    }

    @Test
    void changedOptionsRegenerateEverything() {
        assertThat(plan(true).changed()).containsExactlyInAnyOrder(MONEY, LINE, ORDER, CUSTOMER);
    }

    @Test
    void aMissingOutputRegeneratesItsFile() throws Exception {
        Files.delete(out.resolve("Customer.java"));

        RegenerationPlan plan = plan(false);

        assertThat(plan.changed()).containsExactly(CUSTOMER);
        assertThat(plan.dependents()).isEmpty();
    }

    private RegenerationPlan plan(boolean fingerprintChanged) {
        return RegenerationPlanner.plan(previous, fingerprintChanged, hashes, new DependencyGraph(edges), out);
    }

    private void record(Path file, Set<Path> deps, String output) throws Exception {
        previous.put(file, new FileState(SchemaFormat.AVRO, "h-" + file, deps, Set.of(output)));
        hashes.put(file, "h-" + file);
        edges.put(file, deps);
        Files.writeString(out.resolve(output), "class");
    }
}
