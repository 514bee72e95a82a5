package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.internal.ClassSchemaGenerator;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kafka-clients drop-in configured from properties alone, as a migrating user does. */
class KafkaJsonSchemaSerializerTest {

    public record Order(String id, long amount) {}

    final String scope = "kafka-json-" + UUID.randomUUID();

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    @Test
    void fromPropertiesWithoutASchemaItRegistersTheClassSchemaInTheRequestedDraft() {
        KafkaJsonSchemaSerializer<Order> serializer = new KafkaJsonSchemaSerializer<>();
        serializer.configure(
                Map.of("schema.registry.url", "mock://" + scope, "json.schema.spec.version", "draft_2020_12"), false);

        byte[] frame = serializer.serialize("orders", new Order("o-1", 12));

        SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
        String expected = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_2020_12, true).generate(Order.class);
        Schema registered = registry.latest("orders-value").schema();
        assertThat(registered.text()).isEqualTo(expected);
        int id = registry.lookup("orders-value", Schema.json(expected)).id();
        assertThat(HexFormat.of().formatHex(frame, 0, 5)).isEqualTo(String.format("00%08x", id));
        serializer.close();
    }
}
