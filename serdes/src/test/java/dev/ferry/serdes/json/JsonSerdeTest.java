package dev.ferry.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.producer.Headers;
import dev.ferry.producer.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JSON serializers and deserializers, plain and framed with a JSON Schema id. */
class JsonSerdeTest {

    public record Order(String id, long amount) {
    }

    static final String SCHEMA = "{\"title\":\"Order\",\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"string\"},\"amount\":{\"type\":\"integer\"}}}";

    final String scope = "json-serde-" + UUID.randomUUID();
    final SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
    final Headers headers = new Headers();

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    @Test
    void plainJsonRoundTrips() {
        byte[] bytes = new JsonSerializer<Order>().serialize("orders", headers, new Order("o-1", 12));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o-1\",\"amount\":12}");
        assertThat(new JsonDeserializer<>(Order.class).deserialize("orders", headers, bytes)).isEqualTo(new Order("o-1", 12));
        assertThat(new JsonDeserializer<JsonNode>().deserialize("orders", headers, bytes).get("amount").asLong()).isEqualTo(12);
    }

    @Test
    void framedJsonCarriesTheRegisteredSchemaId() {
        JsonSchemaSerializer<Order> serializer = JsonSchemaSerializer.<Order>builder(registry).schema(SCHEMA).build();

        byte[] frame = serializer.serialize("orders", headers, new Order("o-1", 12));

        int id = registry.lookup("orders-value", Schema.json(SCHEMA)).id();
        assertThat(HexFormat.of().formatHex(frame, 0, 5)).isEqualTo(String.format("00%08x", id));
        assertThat(new String(Arrays.copyOfRange(frame, 5, frame.length), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o-1\",\"amount\":12}");
        Order back = JsonSchemaDeserializer.<Order>builder(registry)
                .config(SerdeConfig.builder().jsonValueType(Order.class).build()).build()
                .deserialize("orders", headers, frame);
        assertThat(back).isEqualTo(new Order("o-1", 12));
    }

    @Test
    void withoutASchemaTheLatestVersionFrames() {
        int id = registry.register("orders-value", Schema.json(SCHEMA));

        byte[] frame = JsonSchemaSerializer.<Order>builder(registry)
                .config(SerdeConfig.builder().autoRegisterSchemas(false).useLatestVersion(true).build()).build()
                .serialize("orders", headers, new Order("a", 1));

        assertThat(frame[4]).isEqualTo((byte) id);
        assertThatThrownBy(() -> JsonSchemaSerializer.<Order>builder(registry).build().serialize("x", headers, new Order("a", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'x-value'").hasMessageContaining("no schema to register");
    }

    @Test
    void framedErrorsSayWhatAndWhere() {
        JsonSchemaDeserializer<JsonNode> deserializer = JsonSchemaDeserializer.<JsonNode>builder(registry).build();
        int id = registry.register("orders-value", Schema.json(SCHEMA));

        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown magic byte 0x7b at byte 0");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, 50, '{'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 50 (bytes 1 to 4) is unknown");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, (byte) id, '{'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("JSON payload starting at byte 5 is unreadable");
    }
}
