package dev.ferry.serdes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.CachedSchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema id the registry knows whose reference it does not: the error names that reference, not
 * the id, as the culprit. Served by WireMock speaking Confluent's REST API, which (unlike the
 * in-memory registry) can hold a schema whose reference is gone.
 */
class MissingReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ORDERS_PROTO = """
            syntax = "proto3";
            package golden;
            import "money.proto";
            message Priced { golden.money.Money price = 1; }
            """;
    static final String ORDER_AVRO = """
            {"type":"record","name":"Order","namespace":"golden","fields":[{"name":"price","type":"golden.Money"}]}""";

    static WireMockServer registry;
    static CachedSchemaRegistryClient client;
    final Headers headers = new Headers();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        registry.start();
        client = new CachedSchemaRegistryClient(
                SchemaRegistryConfig.builder().urls(registry.baseUrl()).build());
        stub(
                "/schemas/ids/5",
                200,
                Map.of("schema", ORDERS_PROTO, "schemaType", "PROTOBUF", "references", new Object[] {
                    Map.of("name", "money.proto", "subject", "money.proto", "version", 3)
                }));
        stub("/subjects/money.proto/versions/3", 404, Map.of("error_code", 40402, "message", "Version 3 not found."));
        stub("/schemas/ids/6", 200, Map.of("schema", ORDER_AVRO, "references", new Object[] {
            Map.of("name", "golden.Money", "subject", "money-avro", "version", -1)
        }));
        stub(
                "/subjects/money-avro/versions/latest",
                404,
                Map.of("error_code", 40401, "message", "Subject 'money-avro' not found."));
        stub(
                "/schemas/ids/8",
                200,
                Map.of("schema", "{\"type\":\"object\"}", "schemaType", "JSON", "references", new Object[] {
                    Map.of("name", "money.json", "subject", "money-json", "version", 1)
                }));
        stub(
                "/subjects/money-json/versions/1",
                404,
                Map.of("error_code", 40401, "message", "Subject 'money-json' not found."));
        stub("/schemas/ids/9", 404, Map.of("error_code", 40403, "message", "Schema 9 not found"));
    }

    private static void stub(String path, int status, Map<String, Object> body) throws Exception {
        registry.stubFor(get(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .withBody(JSON.writeValueAsString(body))));
    }

    @AfterAll
    static void stopRegistry() {
        client.close();
        registry.stop();
    }

    static byte[] frame(int id) {
        return new byte[] {0, 0, 0, 0, (byte) id, 0, 0};
    }

    @Test
    void eachDeserializerNamesTheMissingReferenceRatherThanTheId() {
        Deserializer<?> protobuf = ProtobufDeserializer.builder(client).build();
        Deserializer<?> avro = AvroDeserializer.builder(client).build();
        Deserializer<?> json =
                JsonSchemaDeserializer.builder(client).forKeys(true).build();

        assertThatThrownBy(() -> protobuf.deserialize("orders", headers, frame(5)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize value of topic 'orders': schema id 5 (bytes 1 to 4) references "
                                + "'money.proto' (subject 'money.proto', version 3), which is unknown to the registry: ")
                .hasMessageContaining("Version 3 not found.");
        assertThatThrownBy(() -> avro.deserialize("orders", headers, frame(6)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize value of topic 'orders': schema id 6 (bytes 1 to 4) references "
                                + "'golden.Money' (subject 'money-avro', latest version), which is unknown to the registry: ")
                .hasMessageContaining("Subject 'money-avro' not found.");
        assertThatThrownBy(() -> json.deserialize("orders", headers, frame(8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize key of topic 'orders': schema id 8 (bytes 1 to 4) references "
                                + "'money.json' (subject 'money-json', version 1), which is unknown to the registry: ");
        assertThatThrownBy(() -> avro.deserialize("orders", headers, frame(9)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize value of topic 'orders': schema id 9 (bytes 1 to 4) is unknown "
                                + "to the registry: ");
    }

    @Test
    void aSerializerWithAFixedIdNamesTheMissingReference() {
        AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(client)
                .config(SerdeConfig.builder()
                        .autoRegisterSchemas(false)
                        .useSchemaId(6)
                        .idCompatibilityStrict(false)
                        .build())
                .build();
        GenericRecord order = new GenericData.Record(
                new org.apache.avro.Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"golden\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"));
        order.put("id", "o-1");

        assertThatThrownBy(() -> serializer.serialize("orders", headers, order))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot serialize value of topic 'orders' under subject 'orders-value': the registry's "
                                + "schema references 'golden.Money' (subject 'money-avro', latest version), which is unknown to the registry: ");
    }
}
