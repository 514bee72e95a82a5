package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.ferry.registry.CachedSchemaRegistryClientTest.error;
import static dev.ferry.registry.CachedSchemaRegistryClientTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GUIDs (Confluent Platform 8): the {@code guid} of register, lookup and {@code /schemas/ids/{id}}
 * answers, {@code GET /schemas/guids/{guid}}, and registries that send none, against WireMock
 * speaking the REST API's JSON as Confluent's {@code RegisterSchemaResponse}/{@code SchemaString} write it.
 */
class CachedSchemaRegistryClientGuidTest {

    static final UUID GUID = UUID.fromString("095d71cf-1255-6b9d-5e33-0ad575b3df5d");

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private CachedSchemaRegistryClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private CachedSchemaRegistryClient client() {
        client = new CachedSchemaRegistryClient(SchemaRegistryConfig.builder()
                .urls(registry.baseUrl())
                .maxRetries(0)
                .retryWait(Duration.ofMillis(1))
                .retryMaxWait(Duration.ofMillis(5))
                .build());
        return client;
    }

    @Test
    void theGuidOfARegisterAnswerIsKeptWithItsIdAndSchema() {
        registry.stubFor(post("/subjects/orders-value/versions")
                .willReturn(json("{\"id\":3,\"guid\":\"" + GUID
                        + "\",\"version\":1,\"schemaType\":\"AVRO\",\"schema\":\"\\\"string\\\"\"}")));
        CachedSchemaRegistryClient client = client();

        int id = client.register("orders-value", Schema.avro("\"string\""));

        assertThat(id).isEqualTo(3);
        assertThat(client.guidById(3)).contains(GUID);
        assertThat(client.schemaByGuid(GUID)).isEqualTo(Schema.avro("\"string\""));
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/ids/3")));
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/guids/" + GUID)));
    }

    @Test
    void schemaByGuidAsksOnceAndCaches() {
        registry.stubFor(get("/schemas/guids/" + GUID)
                .willReturn(json("{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\\n\",\"guid\":\""
                        + GUID + "\"}")));
        CachedSchemaRegistryClient client = client();

        Schema first = client.schemaByGuid(GUID);
        Schema second = client.schemaByGuid(GUID);

        assertThat(first).isEqualTo(Schema.protobuf("syntax = \"proto3\";\n")).isSameAs(second);
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/guids/" + GUID)));
    }

    @Test
    void guidByIdReadsTheIdAnswerOnceAndAlsoLearnsTheSchema() {
        registry.stubFor(
                get("/schemas/ids/8").willReturn(json("{\"schema\":\"\\\"string\\\"\",\"guid\":\"" + GUID + "\"}")));
        CachedSchemaRegistryClient client = client();

        assertThat(client.guidById(8)).contains(GUID);
        assertThat(client.guidById(8)).contains(GUID);
        assertThat(client.schemaById(8)).isEqualTo(Schema.avro("\"string\""));
        assertThat(client.schemaByGuid(GUID)).isEqualTo(Schema.avro("\"string\""));
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/8")));
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/guids/" + GUID)));
    }

    @Test
    void aRegistryWithoutGuidsAnswersEmptyAndIsNotAskedAgain() {
        registry.stubFor(get("/schemas/ids/4").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));
        CachedSchemaRegistryClient client = client();

        assertThat(client.guidById(4)).isEmpty();
        assertThat(client.guidById(4)).isEmpty();
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/4")));
    }

    @Test
    void anUnknownGuidIsAnErrorWithTheRegistrysCode() {
        registry.stubFor(get("/schemas/guids/" + GUID).willReturn(error(404, 40403, "Schema not found")));

        assertThatThrownBy(() -> client().schemaByGuid(GUID))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("/schemas/guids/" + GUID);
    }

    @Test
    void aMalformedGuidInAnAnswerIsAnUnexpectedResponse() {
        registry.stubFor(
                get("/schemas/ids/5").willReturn(json("{\"schema\":\"\\\"string\\\"\",\"guid\":\"not-a-uuid\"}")));

        assertThatThrownBy(() -> client().guidById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("a UUID 'guid'");
    }

    @Test
    void lookupAndVersionAnswersCarryTheGuid() {
        registry.stubFor(get("/subjects/orders-value/versions/2")
                .willReturn(json("{\"subject\":\"orders-value\",\"version\":2,\"id\":6,\"guid\":\"" + GUID
                        + "\",\"schema\":\"\\\"string\\\"\"}")));

        RegisteredSchema found = client().schema("orders-value", 2);

        assertThat(found.guid()).contains(GUID);
        assertThat(client.guidById(6)).contains(GUID);
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/ids/6")));
    }
}
