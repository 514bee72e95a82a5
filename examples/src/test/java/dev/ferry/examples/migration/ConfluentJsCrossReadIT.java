package dev.ferry.examples.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import dev.ferry.testkit.junit.WireMockSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-reading with Confluent's own serdes, both directions, for Avro, Protobuf and JSON Schema, in
 * both of Confluent Platform 8's frame forms: the schema id as a payload prefix and the schema GUID in
 * the {@code __value_schema_id} header. Confluent's JavaScript serdes stand in for Confluent's Java
 * ones, which are not available here; the registry is the test kit's Confluent REST API (it answers
 * GUIDs).
 */
class ConfluentJsCrossReadIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String VALUE_HEADER = "__value_schema_id";
    static final List<String> FORMATS = List.of("avro", "json", "protobuf");

    @RegisterExtension
    static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    static CachedSchemaRegistryClient client;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() {
        client = new CachedSchemaRegistryClient(
                SchemaRegistryConfig.builder().urls(registry.url()).build());
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    static ObjectNode order(int n) {
        ObjectNode order = MAPPER.createObjectNode().put("id", "o-" + n).put("quantity", n * 7);
        order.putObject("price").put("currency", n % 2 == 0 ? "EUR" : "USD").put("cents", 1000 + n);
        ArrayNode tags = order.putArray("tags");
        // never empty: Confluent JS derives an Avro schema from each value, and [] would be array<null>
        for (int t = 0; t <= n % 3; t++) {
            tags.add("tag-" + t);
        }
        return order;
    }

    static List<ObjectNode> orders() {
        return List.of(order(1), order(2), order(3));
    }

    @Test
    void ferryReadsEveryFrameConfluentJsWrites() throws Exception {
        Path script = ConfluentJs.install();
        ObjectNode records = MAPPER.createObjectNode();
        FORMATS.forEach(format -> records.putArray(format).addAll(orders()));
        Path in = work.resolve("records.json");
        Path out = work.resolve("frames.json");
        MAPPER.writeValue(in.toFile(), records);

        ConfluentJs.node(script, "write", registry.url(), in, out);

        JsonNode frames = MAPPER.readTree(out.toFile());
        assertThat(frames).hasSize(FORMATS.size() * 2 * orders().size());
        Map<String, List<JsonNode>> readBack = new HashMap<>();
        for (JsonNode frame : frames) {
            String format = frame.get("format").asText();
            String form = frame.get("form").asText();
            byte[] value = Base64.getDecoder().decode(frame.get("value").asText());
            Headers headers = new Headers();
            frame.get("headers")
                    .properties()
                    .forEach(h -> headers.add(
                            h.getKey(), Base64.getDecoder().decode(h.getValue().asText())));
            assertFrameForm(format, form, value, headers);
            readBack.computeIfAbsent(format + "/" + form, k -> new ArrayList<>())
                    .add(ferryRead(format, frame.get("topic").asText(), headers, value));
        }

        for (String format : FORMATS) {
            for (String form : List.of("prefix", "header")) {
                assertThat(readBack.get(format + "/" + form))
                        .as("%s frames in %s form written by Confluent JS, read by Ferry", format, form)
                        .containsExactlyElementsOf(orders());
            }
        }
        // Confluent JS registers Protobuf as a base64 FileDescriptorProto, its import as a reference.
        Schema protobuf = registry.store().latest("js-protobuf-prefix-value").schema();
        assertThat(protobuf.text()).doesNotContain("syntax");
        assertThat(protobuf.references()).singleElement().satisfies(ref -> assertThat(ref.name())
                .isEqualTo("crossread/money.proto"));
    }

    /** Prefix: {@code 0x00 | id} and no header; header: bare payload, {@code 0x01 | GUID | indexes}. */
    static void assertFrameForm(String format, String form, byte[] value, Headers headers) {
        Header header = headers.lastHeader(VALUE_HEADER);
        if (form.equals("prefix")) {
            assertThat(header).as("%s prefix frame's header", format).isNull();
            assertThat(value[0]).as("%s prefix frame's magic byte", format).isZero();
        } else {
            assertThat(header).as("%s header frame's header", format).isNotNull();
            byte[] id = header.value();
            assertThat(id[0]).as("%s header's magic byte", format).isEqualTo((byte) 1);
            // the GUID, then for Protobuf the message indexes [1] (count 1, index 1, zig-zag varints)
            assertThat(id).hasSize(format.equals("protobuf") ? 19 : 17);
            if (format.equals("protobuf")) {
                assertThat(new byte[] {id[17], id[18]}).containsExactly(2, 2);
            }
            assertThat(value[0])
                    .as("%s header frame's payload starts with the record", format)
                    .isNotIn((byte) 0, (byte) 1);
        }
    }

    static JsonNode ferryRead(String format, String topic, Headers headers, byte[] value) throws Exception {
        return switch (format) {
            case "avro" ->
                MAPPER.readTree(GenericData.get()
                        .toString(AvroDeserializer.<GenericRecord>builder(client)
                                .build()
                                .deserialize(topic, headers, value)));
            case "json" ->
                JsonSchemaDeserializer.<JsonNode>builder(client).build().deserialize(topic, headers, value);
            case "protobuf" ->
                protobufTree(ProtobufDeserializer.<DynamicMessage>builder(client)
                        .build()
                        .deserialize(topic, headers, value));
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** The Order fields as the JSON tree the script was given. */
    static JsonNode protobufTree(DynamicMessage order) {
        Descriptor type = order.getDescriptorForType();
        assertThat(type.getFullName()).isEqualTo("crossread.Order");
        DynamicMessage price = (DynamicMessage) order.getField(type.findFieldByName("price"));
        Descriptor money = price.getDescriptorForType();
        ObjectNode tree = MAPPER.createObjectNode()
                .put("id", (String) order.getField(type.findFieldByName("id")))
                .put("quantity", (Integer) order.getField(type.findFieldByName("quantity")));
        tree.putObject("price")
                .put("currency", (String) price.getField(money.findFieldByName("currency")))
                .put("cents", (Integer) price.getField(money.findFieldByName("cents")));
        ArrayNode tags = tree.putArray("tags");
        ((List<?>) order.getField(type.findFieldByName("tags"))).forEach(tag -> tags.add((String) tag));
        return tree;
    }

    @Test
    void confluentJsReadsEveryFrameFerryWrites() throws Exception {
        Path script = ConfluentJs.install();
        ArrayNode frames = MAPPER.createArrayNode();
        List<JsonNode> expected = new ArrayList<>();
        Descriptor protobufOrder = protobufOrderType();
        // The test kit's registry does not convert .proto text for `format=serialized` as a Confluent
        // server does, and Confluent JS reads only descriptors: the Protobuf schema is registered as
        // Confluent JS registers it, and Ferry's serializer writes with it as the latest version.
        registry.register(
                "ferry-protobuf-prefix-value",
                Schema.protobuf(base64(protobufOrder.getFile().toProto())));
        registry.register(
                "ferry-protobuf-header-value",
                Schema.protobuf(base64(protobufOrder.getFile().toProto())));
        for (String form : List.of("prefix", "header")) {
            Map<String, Object> properties = new HashMap<>();
            if (form.equals("header")) {
                properties.put(
                        "value.schema.id.serializer",
                        "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer");
            }
            SerdeConfig config = SerdeConfig.fromProperties(properties);
            properties.put("use.latest.version", "true");
            properties.put("auto.register.schemas", "false");
            SerdeConfig latest = SerdeConfig.fromProperties(properties);
            var avro =
                    AvroSerializer.<GenericRecord>builder(client).config(config).build();
            var json = JsonSchemaSerializer.<JsonNode>builder(client)
                    .schema(ORDER_JSON_SCHEMA)
                    .config(config)
                    .build();
            var protobuf = ProtobufSerializer.<DynamicMessage>builder(client)
                    .config(latest)
                    .build();
            for (ObjectNode order : orders()) {
                for (String format : FORMATS) {
                    String topic = "ferry-" + format + "-" + form;
                    Headers headers = new Headers();
                    byte[] value =
                            switch (format) {
                                case "avro" -> avro.serialize(topic, headers, avroOrder(order));
                                case "json" -> json.serialize(topic, headers, order);
                                default -> protobuf.serialize(topic, headers, protobufOrder(protobufOrder, order));
                            };
                    assertFrameForm(format, form, value, headers);
                    ObjectNode frame = frames.addObject()
                            .put("format", format)
                            .put("form", form)
                            .put("topic", topic)
                            .put("value", base64(value));
                    ObjectNode encodedHeaders = frame.putObject("headers");
                    headers.toList()
                            .forEach(h -> encodedHeaders.put(
                                    h.key(), Base64.getEncoder().encodeToString(h.value())));
                    ObjectNode jsValue = order.deepCopy();
                    if (format.equals("protobuf")) {
                        // Confluent JS's Protobuf messages carry their type name
                        jsValue.put("$typeName", "crossread.Order");
                        ((ObjectNode) jsValue.get("price")).put("$typeName", "crossread.Money");
                    }
                    expected.add(jsValue);
                }
            }
        }
        Path in = work.resolve("frames.json");
        Path out = work.resolve("values.json");
        MAPPER.writeValue(in.toFile(), frames);

        ConfluentJs.node(script, "read", registry.url(), in, out);

        List<JsonNode> values = new ArrayList<>();
        MAPPER.readTree(out.toFile()).forEach(values::add);
        assertThat(values)
                .as("values Confluent JS read from Ferry's frames (%s)", Files.readString(out))
                .containsExactlyElementsOf(expected);
    }

    static final org.apache.avro.Schema ORDER_AVRO = new org.apache.avro.Schema.Parser().parse("""
                    {"type":"record","name":"Order","namespace":"crossread","fields":[
                      {"name":"id","type":"string"},
                      {"name":"quantity","type":"int"},
                      {"name":"price","type":{"type":"record","name":"Money","fields":[
                        {"name":"currency","type":"string"},{"name":"cents","type":"int"}]}},
                      {"name":"tags","type":{"type":"array","items":"string"}}]}
                    """);

    static final String ORDER_JSON_SCHEMA = """
            {"$schema":"http://json-schema.org/draft-07/schema#","title":"Order","type":"object",
             "properties":{"id":{"type":"string"},"quantity":{"type":"integer"},
               "price":{"type":"object","properties":{"currency":{"type":"string"},"cents":{"type":"integer"}}},
               "tags":{"type":"array","items":{"type":"string"}}},
             "required":["id","quantity","price","tags"]}
            """;

    static GenericRecord avroOrder(JsonNode order) {
        org.apache.avro.Schema moneySchema = ORDER_AVRO.getField("price").schema();
        GenericRecord price = new GenericData.Record(moneySchema);
        price.put("currency", order.get("price").get("currency").asText());
        price.put("cents", order.get("price").get("cents").asInt());
        GenericRecord record = new GenericData.Record(ORDER_AVRO);
        record.put("id", order.get("id").asText());
        record.put("quantity", order.get("quantity").asInt());
        record.put("price", price);
        List<String> tags = new ArrayList<>();
        order.get("tags").forEach(tag -> tags.add(tag.asText()));
        record.put("tags", tags);
        return record;
    }

    /** Like the script's crossread/order.proto, with Money in the same file: Note, Order (message indexes [1]), Money. */
    static Descriptor protobufOrderType() throws DescriptorValidationException {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("crossread/order.proto")
                .setPackage("crossread")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Note")
                        .addField(field("text", 1, FieldDescriptorProto.Type.TYPE_STRING)))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Order")
                        .addField(field("id", 1, FieldDescriptorProto.Type.TYPE_STRING))
                        .addField(field("quantity", 2, FieldDescriptorProto.Type.TYPE_INT32))
                        .addField(field("price", 3, FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".crossread.Money"))
                        .addField(field("tags", 4, FieldDescriptorProto.Type.TYPE_STRING)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Money")
                        .addField(field("currency", 1, FieldDescriptorProto.Type.TYPE_STRING))
                        .addField(field("cents", 2, FieldDescriptorProto.Type.TYPE_INT32)))
                .build();
        return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Order");
    }

    static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .setJsonName(name);
    }

    static DynamicMessage protobufOrder(Descriptor type, JsonNode order) {
        Descriptor money = type.findFieldByName("price").getMessageType();
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("id"), order.get("id").asText())
                .setField(
                        type.findFieldByName("quantity"), order.get("quantity").asInt())
                .setField(
                        type.findFieldByName("price"),
                        DynamicMessage.newBuilder(money)
                                .setField(
                                        money.findFieldByName("currency"),
                                        order.get("price").get("currency").asText())
                                .setField(
                                        money.findFieldByName("cents"),
                                        order.get("price").get("cents").asInt())
                                .build());
        order.get("tags").forEach(tag -> builder.addRepeatedField(type.findFieldByName("tags"), tag.asText()));
        return builder.build();
    }

    static String base64(FileDescriptorProto file) {
        return Base64.getEncoder().encodeToString(file.toByteArray());
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
