package dev.ferry.codegen;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.internal.memory.InMemoryRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test-compatibility against the mock:// registry, which judges as Confluent's server does. */
class TestCompatibilityMojoTest {
    private static final String V1 = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "id", "type": "string"}, {"name": "note", "type": "string"}]}
            """;
    private static final String V2 = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "string"}]}
            """;
    /** Reads v2's data (note is filled in), not v1's (a string note is no int). */
    private static final String CANDIDATE = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "id", "type": "string"}, {"name": "note", "type": "int", "default": 0}]}
            """;

    private final String scope = "test-compatibility-" + System.nanoTime();

    @TempDir
    Path dir;

    @AfterEach
    void dropScope() {
        InMemoryRegistry.dropScope(scope);
    }

    @Test
    void aTransitiveLevelFailsACandidateCompatibleWithTheLatestVersionButNotAnOlderOne() throws Exception {
        try (SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope))) {
            registry.setCompatibility("orders-value", CompatibilityLevel.NONE);
            registry.register("orders-value", Schema.avro(V1));
            registry.register("orders-value", Schema.avro(V2));
            registry.setCompatibility("orders-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        }
        Path candidate = Files.writeString(dir.resolve("order.avsc"), CANDIDATE);
        TestCompatibilityMojo mojo = new TestCompatibilityMojo(null);
        mojo.schemaRegistryUrl = "mock://" + scope;
        mojo.subjects = List.of(new Subject("orders-value", candidate.toFile(), null, null));

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(
                        "1 of 1 subjects incompatible:" + System.lineSeparator() + "orders-value (" + candidate + "): ")
                .hasMessageContaining("note");
    }
}
