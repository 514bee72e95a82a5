package dev.ferry.examples.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.ExampleRuns;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.testkit.KafkaCluster;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The schema-evolution example run in-process on a broker the test starts. */
class SchemaEvolutionIT {
    @AutoClose
    private static final KafkaCluster kafka = KafkaCluster.start();

    @Test
    void v1AndV2ReadEachOthersRecordsAndTheRegistryKeepsBothAvroVersionsUnderOneSubject() {
        String registryUrl = "mock://evolution-it";
        String output = ExampleRuns.run(
                SchemaEvolution::run, 0, "--bootstrap-server", kafka.bootstrapServers(), "--registry-url", registryUrl);

        assertThat(output)
                .contains(
                        "ok   v2 reads the v1 record: channel = \"web\", v2's default",
                        "ok   v1 reads the v2 record: channel skipped",
                        "ok   v2 reads the v1 record: has_channel() = false, channel() = \"\"",
                        "ok   v1 reads the v2 record: field 7 kept as an unknown field (true); passed on, v2 reads channel = \"app\"",
                        "OK: all 8 reads match what was written.");
        assertThat(output).doesNotContain("FAIL");
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl))) {
            String subject = AvroEvolution.TOPIC + "-value";
            assertThat(registry.versions(subject)).containsExactly(1, 2);
            assertThat(registry.schema(subject, 2).schema().text()).contains("\"channel\"");
            assertThat(registry.subjects())
                    .contains(
                            ProtobufEvolution.TOPIC + "-ferry.schemas.OrderEvent",
                            ProtobufEvolution.TOPIC + "-ferry.schemas.v2.OrderEvent");
        }
    }
}
