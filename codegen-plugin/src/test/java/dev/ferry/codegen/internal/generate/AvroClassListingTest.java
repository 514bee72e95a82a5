package dev.ferry.codegen.internal.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.codegen.internal.avro.AvroBackend;
import dev.ferry.codegen.internal.avro.AvroOptions;
import dev.ferry.codegen.internal.incremental.BuildState;
import dev.ferry.codegen.internal.incremental.BuildStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroClassListingTest {

    @TempDir
    Path dir;

    @Test
    void listsEveryGeneratedAvroClassAcrossIncrementalRunsAndNothingOnceTheSchemasAreGone() throws Exception {
        Path src = Files.createDirectories(dir.resolve("avro"));
        Path resources = dir.resolve("resources");
        Path listing = resources.resolve("META-INF/ferry/avro-classes");
        Files.writeString(src.resolve("order.avsc"), """
                {"type": "record", "name": "Order", "namespace": "shop", "fields": [
                  {"name": "state", "type": {"type": "enum", "name": "State", "symbols": ["NEW", "PAID"]}}]}""");
        Files.writeString(src.resolve("customer.avsc"), """
                {"type": "record", "name": "Customer", "namespace": "crm", "fields": [{"name": "name", "type": "string"}]}""");

        assertThat(AvroClassListing.write(generate(src), resources)).isTrue();
        assertThat(Files.readString(listing)).isEqualTo("crm.Customer\nshop.Order\nshop.State\n");

        // Only customer.avsc changes: the listing still names the classes of the run before.
        Files.writeString(src.resolve("customer.avsc"), """
                {"type": "record", "name": "Customer", "namespace": "crm", "fields": [{"name": "id", "type": "long"}]}""");
        assertThat(AvroClassListing.write(generate(src), resources)).isTrue();
        assertThat(Files.readString(listing)).isEqualTo("crm.Customer\nshop.Order\nshop.State\n");

        Files.delete(src.resolve("order.avsc"));
        Files.delete(src.resolve("customer.avsc"));
        assertThat(AvroClassListing.write(generate(src), resources)).isFalse();
        assertThat(listing).doesNotExist();
    }

    private BuildState generate(Path src) {
        Path state = dir.resolve("ferry/state.json");
        new SchemaGenerator(List.of(
                        new AvroBackend(src, AvroOptions.defaults(), getClass().getClassLoader())))
                .generate(new GenerateRequest(dir.resolve("generated"), state, dir.resolve("ferry/work"), "test"));
        return new BuildStateStore(state).read().state();
    }
}
