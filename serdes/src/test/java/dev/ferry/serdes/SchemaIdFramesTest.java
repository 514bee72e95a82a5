package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema identity of Confluent Platform 8 ({@code io.confluent.kafka.serializers.schema.id}):
 * a GUID ({@code 0x01 | 16 bytes}) besides the id ({@code 0x00 | int32}), in front of the payload
 * or in the {@code __key_schema_id}/{@code __value_schema_id} header with the Protobuf message
 * indexes after it. Expected bytes are written out by hand from those rules; the registry is
 * WireMock answering Confluent's REST JSON with {@code guid} fields.
 */
class SchemaIdFramesTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String AVRO_GUID = "01234567-89ab-cdef-0123-456789abcdef";
    static final String AVRO_GUID_BYTES = "0123456789abcdef0123456789abcdef";
    static final String PROTO_GUID = "fedcba98-7654-3210-fedc-ba9876543210";
    static final String PROTO_GUID_BYTES = "fedcba9876543210fedcba9876543210";
    static final String JSON_GUID = "11111111-2222-3333-4444-555555555555";
    static final String JSON_GUID_BYTES = "11111111222233334444555555555555";
    static final String UNKNOWN_GUID = "99999999-2222-3333-4444-555555555555";
    static final String JSON_SCHEMA =
            "{\"title\":\"Order\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}";
    /** Order{id="o-1", amount=1234}: "o-1" (length 3, zigzag 06) then 1234 (zigzag 2468 = a4 13). */
    static final String AVRO_PAYLOAD = "066f2d31" + "a413";

    @RegisterExtension
    static final StubbedRegistry REGISTRY = new StubbedRegistry();

    @BeforeAll
    static void stubRegistry() {
        Object moneyReference = new Object[] {Map.of("name", "money.proto", "subject", "money.proto", "version", 1)};

        REGISTRY.stub(post(urlEqualTo("/subjects/orders-value/versions")), Map.of("id", 42, "guid", AVRO_GUID));
        REGISTRY.stub(post(urlEqualTo("/subjects/orders-key/versions")), Map.of("id", 42, "guid", AVRO_GUID));
        REGISTRY.stub(
                get(urlEqualTo("/schemas/guids/" + AVRO_GUID)),
                Map.of("schema", GoldenFramesTest.AVRO_ORDER, "guid", AVRO_GUID));
        REGISTRY.stub(
                get(urlEqualTo("/schemas/ids/42")), Map.of("schema", GoldenFramesTest.AVRO_ORDER, "guid", AVRO_GUID));
        REGISTRY.stub(post(urlEqualTo("/subjects/events-value/versions")), Map.of("id", 7, "guid", PROTO_GUID));
        REGISTRY.stub(post(urlEqualTo("/subjects/money.proto/versions")), Map.of("id", 9));
        Map<String, Object> moneyVersion1 = Map.of(
                "subject",
                "money.proto",
                "id",
                9,
                "version",
                1,
                "schema",
                GoldenFramesTest.MONEY,
                "schemaType",
                "PROTOBUF");
        REGISTRY.stub(post(urlEqualTo("/subjects/money.proto")), moneyVersion1);
        REGISTRY.stub(get(urlEqualTo("/subjects/money.proto/versions/1")), moneyVersion1);
        REGISTRY.stub(
                get(urlEqualTo("/schemas/guids/" + PROTO_GUID)),
                Map.of(
                        "schema",
                        GoldenFramesTest.ORDERS,
                        "schemaType",
                        "PROTOBUF",
                        "references",
                        moneyReference,
                        "guid",
                        PROTO_GUID));
        REGISTRY.stub(post(urlEqualTo("/subjects/json-value/versions")), Map.of("id", 11, "guid", JSON_GUID));
        REGISTRY.stub(
                get(urlEqualTo("/schemas/guids/" + JSON_GUID)),
                Map.of("schema", JSON_SCHEMA, "schemaType", "JSON", "guid", JSON_GUID));
        // A registry from before GUIDs (Confluent 7, Apicurio): no guid anywhere.
        REGISTRY.stub(post(urlEqualTo("/subjects/old-value/versions")), Map.of("id", 5));
        REGISTRY.stub(get(urlEqualTo("/schemas/ids/5")), Map.of("schema", GoldenFramesTest.AVRO_ORDER));
        REGISTRY.stubError(
                get(urlEqualTo("/schemas/guids/" + UNKNOWN_GUID)),
                404,
                "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    }

    @Test
    void headerSerializerPutsTheGuidInTheValueHeaderAndLeavesThePayloadBare() {
        AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(REGISTRY.client())
                .config(SerdeConfig.fromProperties(Map.of(
                        "auto.register.schemas",
                        "true",
                        "value.schema.id.serializer",
                        "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer")))
                .build();
        Headers headers = new Headers();

        byte[] frame = serializer.serialize("orders", headers, order());
        serializer.serialize("orders", headers, order());

        assertThat(HEX.formatHex(frame)).isEqualTo(AVRO_PAYLOAD);
        // Serialized twice into the same headers: one header, as Confluent's HeaderSchemaIdSerializer keeps it.
        assertThat(headers.toList()).extracting(Header::key).containsExactly("__value_schema_id");
        assertThat(HEX.formatHex(headers.lastHeader("__value_schema_id").value()))
                .isEqualTo("01" + AVRO_GUID_BYTES);
    }

    @Test
    void keysGoInTheKeyHeader() {
        AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(REGISTRY.client())
                .forKeys(true)
                .config(SerdeConfig.builder()
                        .keySchemaIdWriting(SchemaIdWriting.HEADER)
                        .build())
                .build();
        Headers headers = new Headers();

        byte[] frame = serializer.serialize("orders", headers, order());

        assertThat(HEX.formatHex(frame)).isEqualTo(AVRO_PAYLOAD);
        assertThat(headers.toList()).extracting(Header::key).containsExactly("__key_schema_id");
        assertThat(HEX.formatHex(headers.lastHeader("__key_schema_id").value())).isEqualTo("01" + AVRO_GUID_BYTES);
    }

    @Test
    void protobufHeaderCarriesTheMessageIndexesAfterTheGuid() {
        Descriptor inner =
                GoldenFramesTest.ORDERS_FILE.findMessageTypeByName("Second").findNestedTypeByName("Inner");
        Headers headers = new Headers();

        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(REGISTRY.client())
                .config(SerdeConfig.builder()
                        .valueSchemaIdWriting(SchemaIdWriting.HEADER)
                        .build())
                .build()
                .serialize(
                        "events",
                        headers,
                        DynamicMessage.newBuilder(inner)
                                .setField(inner.findFieldByName("x"), 1)
                                .build());

        // payload: field 1 varint (08) 1; header: 01 | GUID | indexes [1, 0] = count 2 (04), 1 (02), 0 (00)
        assertThat(HEX.formatHex(frame)).isEqualTo("0801");
        assertThat(HEX.formatHex(headers.lastHeader("__value_schema_id").value()))
                .isEqualTo("01" + PROTO_GUID_BYTES + "040200");
    }

    @Test
    void jsonSchemaHeader() {
        Headers headers = new Headers();

        byte[] frame = JsonSchemaSerializer.<Map<String, String>>builder(REGISTRY.client())
                .schema(JSON_SCHEMA)
                .config(SerdeConfig.builder()
                        .valueSchemaIdWriting(SchemaIdWriting.HEADER)
                        .build())
                .build()
                .serialize("json", headers, Map.of("id", "a"));

        assertThat(new String(frame, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\"}");
        assertThat(HEX.formatHex(headers.lastHeader("__value_schema_id").value()))
                .isEqualTo("01" + JSON_GUID_BYTES);
    }

    @Test
    void avroDeserializerReadsEveryForm() {
        AvroDeserializer<GenericRecord> deserializer =
                AvroDeserializer.<GenericRecord>builder(REGISTRY.client()).build();

        List<GenericRecord> read = List.of(
                deserializer.deserialize("orders", new Headers(), HEX.parseHex("000000002a" + AVRO_PAYLOAD)),
                deserializer.deserialize("orders", new Headers(), HEX.parseHex("01" + AVRO_GUID_BYTES + AVRO_PAYLOAD)),
                deserializer.deserialize(
                        "orders", header("__value_schema_id", "01" + AVRO_GUID_BYTES), HEX.parseHex(AVRO_PAYLOAD)),
                deserializer.deserialize(
                        "orders", header("__value_schema_id", "000000002a"), HEX.parseHex(AVRO_PAYLOAD)));

        assertThat(read).allSatisfy(order -> {
            assertThat(order.get("id")).hasToString("o-1");
            assertThat(order.get("amount")).isEqualTo(1234L);
        });
    }

    @Test
    void keyDeserializerReadsTheKeyHeaderOnly() {
        AvroDeserializer<GenericRecord> keys = AvroDeserializer.<GenericRecord>builder(REGISTRY.client())
                .forKeys(true)
                .build();
        Headers headers = header("__key_schema_id", "01" + AVRO_GUID_BYTES).add("__value_schema_id", new byte[] {7});

        GenericRecord key = keys.deserialize("orders", headers, HEX.parseHex(AVRO_PAYLOAD));

        assertThat(key.get("id")).hasToString("o-1");
    }

    @Test
    void prefixSchemaIdDeserializerIgnoresTheHeader() {
        AvroDeserializer<GenericRecord> deserializer = AvroDeserializer.<GenericRecord>builder(REGISTRY.client())
                .config(SerdeConfig.fromProperties(
                        Map.of("value.schema.id.deserializer", "PrefixSchemaIdDeserializer")))
                .build();

        GenericRecord order = deserializer.deserialize(
                "orders", header("__value_schema_id", "ff"), HEX.parseHex("000000002a" + AVRO_PAYLOAD));

        assertThat(order.get("amount")).isEqualTo(1234L);
    }

    @Test
    void protobufDeserializerReadsIndexesFromTheHeaderOrAfterAPrefixedGuid() {
        ProtobufDeserializer<DynamicMessage> deserializer =
                ProtobufDeserializer.<DynamicMessage>builder(REGISTRY.client()).build();

        DynamicMessage inner = deserializer.deserialize(
                "events", header("__value_schema_id", "01" + PROTO_GUID_BYTES + "040200"), HEX.parseHex("0801"));
        DynamicMessage second = deserializer.deserialize(
                "events", new Headers(), HEX.parseHex("01" + PROTO_GUID_BYTES + "0202" + "0801"));
        DynamicMessage first = deserializer.deserialize(
                "events", header("__value_schema_id", "01" + PROTO_GUID_BYTES + "00"), HEX.parseHex("0a0161"));

        assertThat(inner.getDescriptorForType().getFullName()).isEqualTo("golden.Second.Inner");
        assertThat(second.getDescriptorForType().getFullName()).isEqualTo("golden.Second");
        assertThat(second.toString()).contains("n: 1");
        assertThat(first.getDescriptorForType().getFullName()).isEqualTo("golden.First");
        assertThat(first.toString()).contains("id: \"a\"");
    }

    @Test
    void jsonSchemaDeserializerReadsTheHeader() {
        JsonNode read = JsonSchemaDeserializer.<JsonNode>builder(REGISTRY.client())
                .build()
                .deserialize(
                        "json",
                        header("__value_schema_id", "01" + JSON_GUID_BYTES),
                        "{\"id\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(read.get("id").asText()).isEqualTo("a");
    }

    @Test
    void malformedHeadersAndUnknownGuidsSayWhatAndWhere() {
        AvroDeserializer<GenericRecord> deserializer =
                AvroDeserializer.<GenericRecord>builder(REGISTRY.client()).build();
        byte[] payload = HEX.parseHex(AVRO_PAYLOAD);

        assertThatThrownBy(() -> deserializer.deserialize(
                        "orders", header("__value_schema_id", "02" + AVRO_GUID_BYTES), payload))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot deserialize header __value_schema_id of the value of topic 'orders': unknown magic byte "
                                + "0x02 at byte 0, expected 0x00 (schema id) or 0x01 (schema GUID) (not in the Confluent wire format)");
        assertThatThrownBy(
                        () -> deserializer.deserialize("orders", header("__value_schema_id", "01" + "0123"), payload))
                .hasMessage(
                        "Cannot deserialize header __value_schema_id of the value of topic 'orders': truncated header of "
                                + "3 bytes, the schema GUID needs bytes 1 to 16");
        assertThatThrownBy(
                        () -> deserializer.deserialize("orders", header("__value_schema_id", "000000002aff"), payload))
                .hasMessage(
                        "Cannot deserialize header __value_schema_id of the value of topic 'orders': 1 unexpected byte(s) "
                                + "after byte 4 of the header");
        assertThatThrownBy(() -> deserializer.deserialize("orders", new Headers(), HEX.parseHex("01" + "0123")))
                .hasMessage(
                        "Cannot deserialize value of topic 'orders': truncated frame of 3 bytes, the schema GUID needs "
                                + "bytes 1 to 16");
        assertThatThrownBy(() -> deserializer.deserialize(
                        "orders", new Headers(), HEX.parseHex("01" + UNKNOWN_GUID.replace("-", "") + AVRO_PAYLOAD)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot deserialize value of topic 'orders': schema GUID " + UNKNOWN_GUID
                        + " is unknown to the registry: ")
                .hasMessageContaining("error_code 40403");
    }

    @Test
    void headersNeedARegistryWithGuidsAndARecordWithHeaders() {
        SerdeConfig headerConfig = SerdeConfig.builder()
                .valueSchemaIdWriting(SchemaIdWriting.HEADER)
                .build();

        assertThatThrownBy(() -> AvroSerializer.<GenericRecord>builder(REGISTRY.client())
                        .config(headerConfig)
                        .build()
                        .serialize("old", new Headers(), order()))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot serialize value of topic 'old' under subject 'old-value': value.schema.id.serializer="
                                + "HeaderSchemaIdSerializer writes the schema's GUID, and the registry gave schema id 5 none (GUIDs "
                                + "come with Confluent Platform 8 and later); use PrefixSchemaIdSerializer with this registry");
        assertThatThrownBy(() -> AvroSerializer.<GenericRecord>builder(REGISTRY.client())
                        .config(headerConfig)
                        .build()
                        .serialize("orders", null, order()))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot serialize value of topic 'orders': the schema GUID goes in header __value_schema_id "
                                + "(value.schema.id.serializer=HeaderSchemaIdSerializer), but the record has no headers");
    }

    private static GenericRecord order() {
        GenericRecord order =
                new GenericData.Record(new org.apache.avro.Schema.Parser().parse(GoldenFramesTest.AVRO_ORDER));
        order.put("id", "o-1");
        order.put("amount", 1234L);
        return order;
    }

    private static Headers header(String key, String hex) {
        return new Headers().add(key, HEX.parseHex(hex));
    }
}
