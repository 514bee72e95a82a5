package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import dev.ferry.serdes.json.JsonSchemaSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schema id whose registry schema is of another format is refused by every serde, as Confluent's
 * refuse it (their cast of the registry's schema to the format's class fails), with an error naming
 * topic, schema id and the schema's type, even where the text would parse in the serde's format; so
 * is a schema of the serde's format that does not parse.
 */
class WrongSchemaTypeTest {

    /** An Avro record of one long; as JSON it is also a JSON Schema (unknown keywords are allowed). */
    static final String AVRO_RECORD =
            "{\"type\":\"record\",\"name\":\"K\",\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}";

    /** A JSON Schema that is also a valid Avro schema. */
    static final String JSON_STRING = "{\"type\":\"string\"}";

    @RegisterExtension
    static final StubbedRegistry STUBBED = new StubbedRegistry();

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("wrong-type");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();

    static byte[] frame(int id, String payload) {
        return HexFormat.of().parseHex(String.format("00%08x", id) + payload.replace(" ", ""));
    }

    @Test
    void theJsonSchemaDeserializerRefusesAnAvroSchema() {
        int id = registry.register("keys-value", Schema.avro(AVRO_RECORD));
        // n = 24 is the zig-zag varint 0x30, which is also the JSON text "0".
        byte[] frame = frame(id, "30");

        assertThatThrownBy(
                        () -> JsonSchemaDeserializer.builder(registry).build().deserialize("keys", headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'keys': schema id " + id
                        + " (bytes 1 to 4) is an AVRO schema, not JSON");
    }

    @Test
    void theProtobufDeserializerRefusesAnAvroSchema() {
        int id = registry.register("keys-value", Schema.avro(AVRO_RECORD));
        // Message indexes [0], then field 1 = 24.
        byte[] frame = frame(id, "00 08 18");

        assertThatThrownBy(() -> ProtobufDeserializer.<DynamicMessage>builder(registry)
                        .build()
                        .deserialize("keys", headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'keys': schema id " + id
                        + " (bytes 1 to 4) is an AVRO schema, not PROTOBUF");
    }

    @Test
    void theAvroDeserializerRefusesAJsonSchema() {
        int id = registry.register("names-value", Schema.json(JSON_STRING));
        // The Avro string "a": length 1 as the zig-zag varint 0x02, then 'a'.
        byte[] frame = frame(id, "02 61");

        assertThatThrownBy(() -> AvroDeserializer.builder(registry).build().deserialize("names", headers, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize value of topic 'names': schema id " + id
                        + " (bytes 1 to 4) is a JSON schema, not AVRO");
    }

    @Test
    void aSerializerRefusesAFixedSchemaIdOfAnotherType() {
        int id = registry.register("keys-value", Schema.avro(AVRO_RECORD));
        SerdeConfig fixedId =
                SerdeConfig.builder().autoRegisterSchemas(false).useSchemaId(id).build();

        assertThatThrownBy(() -> JsonSchemaSerializer.<Map<String, Long>>builder(registry)
                        .config(fixedId)
                        .build()
                        .serialize("keys", headers, Map.of("n", 24L)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot serialize value of topic 'keys' under subject 'keys-value' with use.schema.id=" + id
                        + ": schema id " + id + " is an AVRO schema, not JSON");
        assertThatThrownBy(() -> ProtobufSerializer.<Timestamp>builder(registry)
                        .config(fixedId)
                        .build()
                        .serialize("keys", headers, Timestamp.getDefaultInstance()))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot serialize value of topic 'keys' under subject 'keys-value' with use.schema.id=" + id
                        + ": schema id " + id + " is an AVRO schema, not PROTOBUF");
    }

    @Test
    void aSerializerRefusesALatestVersionOfAnotherType() {
        int id = registry.register("keys-value", Schema.avro(AVRO_RECORD));

        assertThatThrownBy(() -> JsonSchemaSerializer.<Map<String, Long>>builder(registry)
                        .config(TestSerdeConfigs.USE_LATEST_VERSION)
                        .build()
                        .serialize("keys", headers, Map.of("n", 24L)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot serialize value of topic 'keys' under subject 'keys-value' with use.latest.version:"
                        + " its latest version 1, schema id " + id + ", is an AVRO schema, not JSON");
    }

    @Test
    void aSchemaOfTheSerdesFormatThatDoesNotParseIsNamedWithTopicAndId() {
        // A registry that took a text it cannot parse either (mock:// refuses it when registering).
        STUBBED.stub(
                get(urlEqualTo("/schemas/ids/77")), Map.of("schemaType", "PROTOBUF", "schema", "message Broken {"));

        assertThatThrownBy(() -> ProtobufDeserializer.<DynamicMessage>builder(STUBBED.client())
                        .build()
                        .deserialize("broken", headers, frame(77, "00")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot deserialize value of topic 'broken': schema id 77 (bytes 1 to 4)"
                        + " is a PROTOBUF schema that cannot be parsed: schema.proto:");
    }
}
