package dev.ferry.serdes.json;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.common.ConfigException;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.RecordNameStrategy;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.ClassSchemaGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSON serializers and deserializers, plain and framed with a JSON Schema id. */
class JsonSerdeTest {

    public record Order(String id, long amount) {}

    static final String SCHEMA = "{\"title\":\"Order\",\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"string\"},\"amount\":{\"type\":\"integer\"}}}";

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("json-serde");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    @Test
    void plainJsonRoundTrips() {
        byte[] bytes = new JsonSerializer<Order>().serialize("orders", headers, new Order("o-1", 12));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"o-1\",\"amount\":12}");
        assertThat(new JsonDeserializer<>(Order.class).deserialize("orders", headers, bytes))
                .isEqualTo(new Order("o-1", 12));
        assertThat(new JsonDeserializer<JsonNode>()
                        .deserialize("orders", headers, bytes)
                        .get("amount")
                        .asLong())
                .isEqualTo(12);
    }

    @Test
    void aKeyThatCannotBeWrittenIsNamedAKey() {
        JsonSerializer<Object> keys = new JsonSerializer<>();
        keys.configure(Map.of(), true);
        JsonSerializer<Object> configured = new JsonSerializer<>();
        configured.configure(Map.of(), true);

        // Jackson refuses a bean without properties: a failure that does not depend on the mapper's modules.
        assertThatThrownBy(() -> keys.serialize("orders", headers, new Object()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize key of topic 'orders' as JSON: No serializer found");
        assertThatThrownBy(() -> configured.serialize("orders", headers, new Object()))
                .hasMessageStartingWith("Cannot serialize key of topic 'orders' as JSON: ");
        assertThatThrownBy(() -> new JsonSerializer<>(new com.fasterxml.jackson.databind.ObjectMapper(), true)
                        .serialize("orders", headers, new Object()))
                .hasMessageStartingWith("Cannot serialize key of topic 'orders' as JSON: ");
        assertThatThrownBy(() -> new JsonSerializer<>().serialize("orders", headers, new Object()))
                .hasMessageStartingWith("Cannot serialize value of topic 'orders' as JSON: ");
    }

    @Test
    void framedJsonCarriesTheRegisteredSchemaId() {
        JsonSchemaSerializer<Order> serializer =
                JsonSchemaSerializer.<Order>builder(registry).schema(SCHEMA).build();

        byte[] frame = serializer.serialize("orders", headers, new Order("o-1", 12));

        int id = registry.lookup("orders-value", Schema.json(SCHEMA)).id();
        assertThat(HexFormat.of().formatHex(frame, 0, 5)).isEqualTo(String.format("00%08x", id));
        assertThat(new String(Arrays.copyOfRange(frame, 5, frame.length), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o-1\",\"amount\":12}");
        Order back = JsonSchemaDeserializer.<Order>builder(registry)
                .config(SerdeConfig.builder().jsonValueType(Order.class).build())
                .build()
                .deserialize("orders", headers, frame);
        assertThat(back).isEqualTo(new Order("o-1", 12));
    }

    @Test
    void withoutASchemaTheLatestVersionFrames() {
        int id = registry.register("orders-value", Schema.json(SCHEMA));

        byte[] frame = JsonSchemaSerializer.<Order>builder(registry)
                .config(USE_LATEST_VERSION)
                .build()
                .serialize("orders", headers, new Order("a", 1));

        assertThat(frame[4]).isEqualTo((byte) id);
    }

    @Test
    void withoutASchemaTheValuesClassGivesItRegisteredOnceAndFramedAsWithAGivenOne() {
        JsonSchemaSerializer<Order> serializer = new JsonSchemaSerializer<>();
        serializer.configure(Map.of("schema.registry.url", mock.url()), false);

        byte[] first = serializer.serialize("orders", headers, new Order("o-1", 12));
        byte[] second = serializer.serialize("orders", headers, new Order("o-2", 13));

        String derived = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_7, true).generate(Order.class);
        int id = registry.lookup("orders-value", Schema.json(derived)).id();
        assertThat(registry.versions("orders-value")).containsExactly(1);
        assertThat(HexFormat.of().formatHex(first, 0, 5)).isEqualTo(String.format("00%08x", id));
        assertThat(HexFormat.of().formatHex(second, 0, 5)).isEqualTo(String.format("00%08x", id));
        assertThat(derived)
                .startsWith("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\""
                        + Order.class.getName() + "\"");
        Order back = JsonSchemaDeserializer.<Order>builder(registry)
                .config(SerdeConfig.builder().jsonValueType(Order.class).build())
                .build()
                .deserialize("orders", headers, first);
        assertThat(back).isEqualTo(new Order("o-1", 12));
        serializer.close();
    }

    @Test
    void withoutAutoRegisterTheDerivedSchemaIsLookedUpAndMustBeThere() {
        JsonSchemaSerializer<Order> serializer = JsonSchemaSerializer.<Order>builder(registry)
                .config(SerdeConfig.builder()
                        .autoRegisterSchemas(false)
                        .jsonSchemaSpecVersion(JsonSchemaSpecVersion.DRAFT_2020_12)
                        .build())
                .build();

        assertThatThrownBy(() -> serializer.serialize("orders", headers, new Order("a", 1)))
                .isInstanceOf(SerializationException.class);

        String derived = new ClassSchemaGenerator(JsonSchemaSpecVersion.DRAFT_2020_12, true).generate(Order.class);
        int id = registry.register("orders-value", Schema.json(derived));
        assertThat(serializer.serialize("orders", headers, new Order("a", 1))[4])
                .isEqualTo((byte) id);
    }

    @Test
    void eachClassGetsItsOwnSchemaUnderItsRecordName() {
        JsonSchemaSerializer<Object> serializer = JsonSchemaSerializer.builder(registry)
                .config(SerdeConfig.builder()
                        .valueSubjectNameStrategy(new RecordNameStrategy())
                        .build())
                .build();

        byte[] order = serializer.serialize("events", headers, new Order("o", 1));
        byte[] refund = serializer.serialize("events", headers, new Refund("o", "late"));

        assertThat(registry.subjects()).contains(Order.class.getName(), Refund.class.getName());
        assertThat(order[4]).isNotEqualTo(refund[4]);
    }

    public record Refund(String orderId, String reason) {}

    @Test
    void specVersionKeysAreReadAndDraft4IsRefusedByName() {
        assertThat(SerdeConfig.fromProperties(
                        Map.of("json.schema.spec.version", "DRAFT_2020_12", "json.fail.unknown.properties", "false")))
                .satisfies(config -> {
                    assertThat(config.jsonSchemaSpecVersion()).isEqualTo(JsonSchemaSpecVersion.DRAFT_2020_12);
                    assertThat(config.jsonFailUnknownProperties()).isFalse();
                });
        assertThat(SerdeConfig.defaults().jsonSchemaSpecVersion()).isEqualTo(JsonSchemaSpecVersion.DRAFT_7);
        assertThat(SerdeConfig.defaults().jsonFailUnknownProperties()).isTrue();
        assertThatThrownBy(() -> SerdeConfig.fromProperties(Map.of("json.schema.spec.version", "draft_4")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value 'draft_4' for configuration json.schema.spec.version: must be one of draft_6, "
                                + "draft_7, draft_2019_09, draft_2020_12 (draft_4 is not generated: the generator starts at draft 6)");
    }

    @Test
    void framedErrorsSayWhatAndWhere() {
        JsonSchemaDeserializer<JsonNode> deserializer =
                JsonSchemaDeserializer.<JsonNode>builder(registry).build();
        int id = registry.register("orders-value", Schema.json(SCHEMA));

        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x7b at byte 0");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, 50, '{'}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 50 (bytes 1 to 4) is unknown");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, (byte) id, '{'}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JSON payload starting at byte 5 is unreadable");
    }

    @Test
    void anEmptyPayloadIsAnErrorNotAMissingNode() {
        int id = registry.register("orders-value", Schema.json(SCHEMA));
        JsonSchemaDeserializer<JsonNode> framed =
                JsonSchemaDeserializer.<JsonNode>builder(registry).build();
        JsonSchemaDeserializer<Order> framedOrders = JsonSchemaDeserializer.<Order>builder(registry)
                .config(SerdeConfig.builder().jsonValueType(Order.class).build())
                .build();

        assertThatThrownBy(() -> framed.deserialize("orders", headers, new byte[] {0, 0, 0, 0, (byte) id}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders': truncated frame of 5 bytes, the JSON payload "
                        + "starting at byte 5 is missing");
        assertThatThrownBy(() -> framedOrders.deserialize("orders", headers, new byte[] {0, 0, 0, 0, (byte) id}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders': truncated frame of 5 bytes, the JSON payload "
                        + "starting at byte 5 is missing");
        assertThatThrownBy(() -> framed.deserialize("orders", headers, new byte[] {0, 0, 0, 0, (byte) id, ' ', '\n'}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders' with schema id " + id + ": the JSON payload "
                        + "starting at byte 5 holds no JSON value, only 2 byte(s) of white space");

        assertThatThrownBy(() -> new JsonDeserializer<JsonNode>().deserialize("orders", headers, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot deserialize value of topic 'orders' as JSON JsonNode: empty payload, no JSON value at byte 0");
        assertThatThrownBy(() -> new JsonDeserializer<>(
                                new com.fasterxml.jackson.databind.ObjectMapper(), Order.class, true)
                        .deserialize("orders", headers, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot deserialize key of topic 'orders' as JSON Order: empty payload, no JSON value at byte 0");
        assertThatThrownBy(() -> new JsonDeserializer<JsonNode>().deserialize("orders", headers, new byte[] {' '}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot deserialize value of topic 'orders' as JSON JsonNode: ");
    }
}
