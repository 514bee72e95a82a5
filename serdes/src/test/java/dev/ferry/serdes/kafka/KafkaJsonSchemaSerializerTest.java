package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.internal.ClassSchemaGenerator;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kafka-clients drop-in configured from properties alone, as a migrating user does. */
class KafkaJsonSchemaSerializerTest {

    public record Order(String id, long amount) {}

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("kafka-json");

    @Test
    void fromPropertiesWithoutASchemaItRegistersTheClassSchemaInTheRequestedDraft() {
        KafkaJsonSchemaSerializer<Order> serializer = new KafkaJsonSchemaSerializer<>();
        serializer.configure(
                Map.of("schema.registry.url", mock.url(), "json.schema.spec.version", "draft_2020_12"), false);

        byte[] frame = serializer.serialize("orders", new Order("o-1", 12));

        SchemaRegistryClient registry = mock.client();
        String expected = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_2020_12, true).generate(Order.class);
        Schema registered = registry.latest("orders-value").schema();
        assertThat(registered.text()).isEqualTo(expected);
        int id = registry.lookup("orders-value", Schema.json(expected)).id();
        assertThat(HexFormat.of().formatHex(frame, 0, 5)).isEqualTo(String.format("00%08x", id));
        serializer.close();
    }
}
