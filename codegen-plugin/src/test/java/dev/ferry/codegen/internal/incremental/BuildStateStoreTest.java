package dev.ferry.codegen.internal.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.codegen.internal.source.SchemaFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryField() {
        BuildStateStore store = new BuildStateStore(dir.resolve("state/generate-state.json"));
        BuildState state = new BuildState(
                Map.of(SchemaFormat.AVRO, "f1", SchemaFormat.PROTOBUF, "f2"),
                Map.of(
                        Path.of("/s/order.avsc"),
                        new FileState(
                                SchemaFormat.AVRO, "h1", Set.of(Path.of("/s/money.avsc")), Set.of("shop/Order.java")),
                        Path.of("/s/a.proto"),
                        new FileState(SchemaFormat.PROTOBUF, "h2", Set.of(), Set.of("A.java", "B.java"))));

        store.write(state);
        BuildStateStore.StoredState read = store.read();

        assertThat(read.state()).isEqualTo(state);
        assertThat(read.discardedBecause()).isEmpty();
    }

    @Test
    void missingFileIsAnEmptyState() {
        BuildStateStore.StoredState read = new BuildStateStore(dir.resolve("none.json")).read();

        assertThat(read.state()).isEqualTo(BuildState.EMPTY);
        assertThat(read.discardedBecause()).isEmpty();
    }

    @Test
    void unreadableFileIsDiscardedWithAReason() throws Exception {
        Path file = Files.writeString(dir.resolve("state.json"), "{ not json");

        BuildStateStore.StoredState read = new BuildStateStore(file).read();

        assertThat(read.state()).isEqualTo(BuildState.EMPTY);
        assertThat(read.discardedBecause())
                .hasValueSatisfying(r -> assertThat(r).contains("state.json"));
    }

    @Test
    void foreignVersionIsDiscarded() throws Exception {
        Path file = Files.writeString(dir.resolve("state.json"), "{\"version\": 99, \"files\": {}}");

        assertThat(new BuildStateStore(file).read().discardedBecause())
                .hasValueSatisfying(r -> assertThat(r).contains("state version 99"));
    }
}
