package dev.ferry.serdes.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JSON Schema drop-ins configured from properties alone, as kafka-clients configures them, held to
 * frames built by hand from what Confluent's serdes write and return: {@code 0x00}, the 4-byte schema
 * id, then the UTF-8 JSON of its mapper ({@code json-schema-provider}'s {@code Jackson}: JavaTimeModule
 * and Jdk8Module, dates as timestamps, floats read as BigDecimal).
 */
class KafkaJsonSchemaConfluentTest {

    public record Event(Instant at) {}

    public record Note(Optional<String> text) {}

    public record Id(int id) {}

    /** What Confluent's serializer writes for {@code Instant.ofEpochSecond(1700000000)}: seconds, then nanoseconds. */
    static final String EVENT_JSON = "{\"at\":1700000000.000000000}";

    static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("kafka-json-confluent");

    final SchemaRegistryClient registry = mock.client();

    @Test
    void javaTimeValuesAreWrittenAsTimestampsAsConfluentsMapperWritesThem() {
        byte[] frame = serializer(Map.of()).serialize("events", new Event(Instant.ofEpochSecond(1700000000)));

        assertThat(frame).isEqualTo(frame(registry.latest("events-value").id(), EVENT_JSON));
    }

    @Test
    void datesAreIso8601StringsWithTheKeyAsConfluentWritesThem() {
        byte[] frame = serializer(Map.of("json.write.dates.iso8601", "true"))
                .serialize("events", new Event(Instant.ofEpochSecond(1700000000)));

        assertThat(frame).isEqualTo(frame(registry.latest("events-value").id(), "{\"at\":\"2023-11-14T22:13:20Z\"}"));
    }

    @Test
    void optionalValuesAreWrittenAsTheirContentAndIndentedWithTheKey() {
        byte[] frame = serializer(Map.of("json.indent.output", "true")).serialize("notes", new Note(Optional.of("x")));

        assertThat(frame)
                .isEqualTo(frame(
                        registry.latest("notes-value").id(),
                        "{" + System.lineSeparator() + "  \"text\" : \"x\"" + System.lineSeparator() + "}"));
    }

    @Test
    void aConfluentFrameWithATimestampIsReadIntoTheConfiguredClass() {
        int id = registry.register(
                "events-value", Schema.json("{\"type\":\"object\",\"properties\":{\"at\":{\"type\":\"number\"}}}"));
        KafkaJsonSchemaDeserializer<Event> deserializer = new KafkaJsonSchemaDeserializer<>();
        deserializer.configure(
                Map.of("schema.registry.url", mock.url(), "json.value.type", Event.class.getName()), false);

        assertThat(deserializer.deserialize("events", frame(id, EVENT_JSON)))
                .isEqualTo(new Event(Instant.ofEpochSecond(1700000000)));
        deserializer.close();
    }

    @Test
    void floatsAreReadAsBigDecimalsWithTheirTrailingZerosAsConfluentsMapperReadsThem() {
        int id = registry.register("prices-value", Schema.json("{\"type\":\"object\"}"));
        byte[] frame = frame(id, "{\"price\":12.30}");
        KafkaJsonSchemaDeserializer<Object> objects = new KafkaJsonSchemaDeserializer<>();
        objects.configure(Map.of("schema.registry.url", mock.url(), "json.value.type", "java.lang.Object"), false);

        JsonNode tree =
                JsonSchemaDeserializer.<JsonNode>builder(registry).build().deserialize("prices", new Headers(), frame);

        assertThat(objects.deserialize("prices", frame)).isEqualTo(Map.of("price", new BigDecimal("12.30")));
        assertThat(tree.get("price").isBigDecimal()).isTrue();
        assertThat(tree.get("price").decimalValue()).isEqualTo(new BigDecimal("12.30"));
        assertThat(tree.toString()).isEqualTo("{\"price\":12.30}");
        objects.close();
    }

    @Test
    void unknownPropertiesAreSkippedWhenTheKeySaysSoAsConfluentsDeserializerSkipsThem() {
        int id = registry.register("ids-value", Schema.json("{\"type\":\"object\"}"));
        byte[] frame = frame(id, "{\"id\":1,\"extra\":2}");
        Map<String, Object> configs =
                new HashMap<>(Map.of("schema.registry.url", mock.url(), "json.value.type", Id.class.getName()));
        KafkaJsonSchemaDeserializer<Id> strict = new KafkaJsonSchemaDeserializer<>();
        strict.configure(configs, false);
        configs.put("json.fail.unknown.properties", "false");
        KafkaJsonSchemaDeserializer<Id> tolerant = new KafkaJsonSchemaDeserializer<>();
        tolerant.configure(configs, false);
        ObjectMapper yours = new ObjectMapper();
        JsonSchemaDeserializer<Id> withYourMapper = JsonSchemaDeserializer.<Id>builder(registry)
                .mapper(yours)
                .config(SerdeConfig.fromProperties(configs))
                .build();

        assertThat(tolerant.deserialize("ids", frame)).isEqualTo(new Id(1));
        assertThat(withYourMapper.deserialize("ids", new Headers(), frame)).isEqualTo(new Id(1));
        assertThat(yours.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .isTrue();
        assertThatThrownBy(() -> strict.deserialize("ids", frame))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("Unrecognized field \"extra\"");
        strict.close();
        tolerant.close();
    }

    static final String ENVELOPED_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}";

    @Test
    void anEnvelopeRegistersItsSchemaAndWritesOnlyItsPayloadAsConfluentsSerializerDoes() throws Exception {
        JsonNode envelope = MAPPER.readTree("{\"schema\":" + ENVELOPED_SCHEMA + ",\"payload\":{\"id\":1}}");
        KafkaJsonSchemaSerializer<JsonNode> serializer =
                new KafkaJsonSchemaSerializer<>(registry, Map.of("auto.register.schemas", true));

        byte[] frame = serializer.serialize("ids", envelope);

        assertThat(registry.latest("ids-value").schema().text()).isEqualTo(ENVELOPED_SCHEMA);
        assertThat(registry.latest("ids-value").id()).isEqualTo(1);
        // 00 | id 1 | {"id":1}
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("0000000001" + "7b226964223a317d");
        assertThat(serializer.serialize("ids", envelope)).isEqualTo(frame);
        assertThat(registry.versions("ids-value")).containsExactly(1);
    }

    @Test
    void anEnvelopesReferencesAreRegisteredWithItsSchema() throws Exception {
        registry.register(
                "money", Schema.json("{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\"}}}"));
        String schema = "{\"type\":\"object\",\"properties\":{\"price\":{\"$ref\":\"money.json\"}}}";
        JsonNode envelope = MAPPER.readTree("{\"schema\":" + schema + ",\"payload\":{\"price\":{\"cents\":5}},"
                + "\"references\":[{\"name\":\"money.json\",\"subject\":\"money\",\"version\":1}]}");

        byte[] frame = serializer(Map.of()).serialize("prices", envelope);

        assertThat(registry.latest("prices-value").schema().references())
                .containsExactly(new SchemaReference("money.json", "money", 1));
        assertThat(frame).isEqualTo(frame(registry.latest("prices-value").id(), "{\"price\":{\"cents\":5}}"));
    }

    @Test
    void anEnvelopeWithoutPayloadIsANullValueAsInConfluentsSerializer() throws Exception {
        JsonNode envelope = MAPPER.readTree("{\"schema\":" + ENVELOPED_SCHEMA + "}");

        assertThat(serializer(Map.of()).serialize("ids", envelope)).isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void withoutEnvelopeDetectionTheWholeNodeIsWrittenWithTheGivenSchema() throws Exception {
        JsonNode envelope = MAPPER.readTree("{\"schema\":" + ENVELOPED_SCHEMA + ",\"payload\":{\"id\":1}}");
        var serializer = dev.ferry.serdes.json.JsonSchemaSerializer.<JsonNode>builder(registry)
                .schema("{\"type\":\"object\"}")
                .config(SerdeConfig.builder().jsonEnvelopeDetection(false).build())
                .build();

        byte[] frame = serializer.serialize("nodes", new Headers(), envelope);

        assertThat(registry.latest("nodes-value").schema().text()).isEqualTo("{\"type\":\"object\"}");
        assertThat(frame).isEqualTo(frame(registry.latest("nodes-value").id(), envelope.toString()));
    }

    public record Order(int id) {}

    @Test
    void configuredByKafkaClientsWithoutATypeItReadsMapsListsAndScalarsAsConfluentsDoes() {
        int id = registry.register("ids-value", Schema.json(ENVELOPED_SCHEMA));
        KafkaJsonSchemaDeserializer<Object> values = new KafkaJsonSchemaDeserializer<>();
        values.configure(Map.of("schema.registry.url", mock.url()), false);
        KafkaJsonSchemaDeserializer<Object> keys = new KafkaJsonSchemaDeserializer<>(registry);
        keys.configure(Map.of(), true);

        assertThat(values.deserialize("ids", frame(id, "{\"id\":1}")))
                .isInstanceOf(java.util.LinkedHashMap.class)
                .isEqualTo(Map.of("id", 1));
        assertThat(keys.deserialize("ids", frame(id, "[1,\"a\"]"))).isEqualTo(java.util.List.of(1, "a"));
        assertThat(keys.deserialize("ids", frame(id, "\"a\""))).isEqualTo("a");
        values.close();
    }

    @Test
    void theClassTheWritersSchemaNamesInJavaTypeIsReadAsConfluentsDeserializerReadsIt() {
        int id = registry.register(
                "orders-value",
                Schema.json("{\"type\":\"object\",\"javaType\":\"" + Order.class.getName()
                        + "\",\"properties\":{\"id\":{\"type\":\"integer\"}}}"));
        int custom = registry.register(
                "orders-value", Schema.json("{\"type\":\"object\",\"x-class\":\"" + Order.class.getName() + "\"}"));
        Map<String, Object> configs = new HashMap<>(Map.of("schema.registry.url", mock.url()));
        KafkaJsonSchemaDeserializer<Object> deserializer = new KafkaJsonSchemaDeserializer<>();
        deserializer.configure(configs, false);
        configs.put("type.property", "x-class");
        KafkaJsonSchemaDeserializer<Object> byOtherProperty = new KafkaJsonSchemaDeserializer<>();
        byOtherProperty.configure(configs, false);
        configs.put("json.type.allowed.packages", "com.acme.");
        KafkaJsonSchemaDeserializer<Object> notAllowed = new KafkaJsonSchemaDeserializer<>();
        notAllowed.configure(configs, false);

        assertThat(deserializer.deserialize("orders", frame(id, "{\"id\":1}"))).isEqualTo(new Order(1));
        assertThat(byOtherProperty.deserialize("orders", frame(custom, "{\"id\":2}")))
                .isEqualTo(new Order(2));
        assertThat(byOtherProperty.deserialize("orders", frame(id, "{\"id\":3}")))
                .isEqualTo(Map.of("id", 3));
        assertThatThrownBy(() -> notAllowed.deserialize("orders", frame(custom, "{\"id\":2}")))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'orders' with schema id " + custom
                        + ": its schema names the class " + Order.class.getName()
                        + ", which is not in json.type.allowed.packages [com.acme.]");
        assertThatThrownBy(() -> deserializer.deserialize("orders", frame(id, "1")))
                .hasMessageContaining("from a payload that is no JSON object or array");
        assertThat(JsonSchemaDeserializer.<JsonNode>builder(registry)
                        .build()
                        .deserialize("orders", new Headers(), frame(id, "{\"id\":1}")))
                .isInstanceOf(com.fasterxml.jackson.databind.node.ObjectNode.class);
        deserializer.close();
        byOtherProperty.close();
        notAllowed.close();
    }

    @Test
    void theConstructorWithPropertiesReadsATreeAsConfluentsConstructorDoes() {
        int id = registry.register("ids-value", Schema.json(ENVELOPED_SCHEMA));

        Object read = new KafkaJsonSchemaDeserializer<>(registry, Map.of()).deserialize("ids", frame(id, "{\"id\":1}"));

        assertThat(read).isInstanceOf(JsonNode.class);
        assertThat(read.toString()).isEqualTo("{\"id\":1}");
    }

    private <T> KafkaJsonSchemaSerializer<T> serializer(Map<String, String> settings) {
        KafkaJsonSchemaSerializer<T> serializer = new KafkaJsonSchemaSerializer<>();
        Map<String, Object> configs = new HashMap<>(settings);
        configs.put("schema.registry.url", mock.url());
        serializer.configure(configs, false);
        return serializer;
    }

    /** Confluent's frame: magic byte 0, the schema id big-endian, the JSON text. */
    static byte[] frame(int id, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length)
                .put((byte) 0)
                .putInt(id)
                .put(payload)
                .array();
    }
}
