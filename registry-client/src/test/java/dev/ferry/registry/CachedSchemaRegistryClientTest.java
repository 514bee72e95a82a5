package dev.ferry.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.ferry.common.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP client against WireMock speaking Confluent's REST API, byte for byte. */
class CachedSchemaRegistryClientTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final String STRING_SCHEMA = "\"string\"";
    static final String ORDER_AVSC =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    static final String PROTO = "syntax = \"proto3\";\npackage com.acme;\n\nimport \"money.proto\";\n\n"
            + "message Order {\n  int64 id = 1;\n  Money total = 2;\n}\n";

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private CachedSchemaRegistryClient client;

    private CachedSchemaRegistryClient client(SchemaRegistryConfigBuilder builder) {
        client = new CachedSchemaRegistryClient(builder.build());
        return client;
    }

    private SchemaRegistryConfigBuilder config() {
        return SchemaRegistryConfig.builder()
                .urls(registry.baseUrl())
                .maxRetries(0)
                .retryWait(Duration.ofMillis(1))
                .retryMaxWait(Duration.ofMillis(5));
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    static ResponseDefinitionBuilder json(String body) {
        return okForContentType(CT, body);
    }

    static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CT)
                .withBody("{\"error_code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    @Test
    void registerSendsConfluentsBodyAndContentTypeAndCachesTheId() {
        registry.stubFor(post("/subjects/orders-value/versions").willReturn(json("{\"id\":1}")));
        CachedSchemaRegistryClient client = client(config());

        int first = client.register("orders-value", Schema.avro(STRING_SCHEMA), false);
        int second = client.register("orders-value", Schema.avro(STRING_SCHEMA), false);

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        registry.verify(
                1,
                postRequestedFor(urlEqualTo("/subjects/orders-value/versions"))
                        .withHeader("Content-Type", equalTo(CT))
                        .withHeader(
                                "Accept",
                                equalTo(
                                        "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5"))
                        .withRequestBody(equalTo("{\"schema\":\"\\\"string\\\"\"}")));
        assertThat(client.schemaById(1)).isEqualTo(Schema.avro(STRING_SCHEMA));
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/ids/1")));
    }

    @Test
    void registerProtobufWithReferencesAndNormalize() {
        registry.stubFor(post("/subjects/orders-value/versions?normalize=true").willReturn(json("{\"id\":12}")));
        Schema schema = Schema.protobuf(PROTO, List.of(new SchemaReference("money.proto", "money-value", 3)));

        int id = client(config()).register("orders-value", schema, true);

        assertThat(id).isEqualTo(12);
        registry.verify(postRequestedFor(urlEqualTo("/subjects/orders-value/versions?normalize=true"))
                .withRequestBody(equalTo("{\"schema\":\"syntax = \\\"proto3\\\";\\npackage com.acme;\\n\\nimport "
                        + "\\\"money.proto\\\";\\n\\nmessage Order {\\n  int64 id = 1;\\n  Money total = 2;\\n}\\n\","
                        + "\"schemaType\":\"PROTOBUF\","
                        + "\"references\":[{\"name\":\"money.proto\",\"subject\":\"money-value\",\"version\":3}]}"))
                .withRequestBody(equalToJson("{\"schemaType\":\"PROTOBUF\",\"references\":[{\"name\":\"money.proto\","
                        + "\"subject\":\"money-value\",\"version\":3}],\"schema\":\""
                        + PROTO.replace("\"", "\\\"").replace("\n", "\\n") + "\"}")));
    }

    @Test
    void subjectNamesAreEncodedAsPathSegments() {
        registry.stubFor(post("/subjects/com.acme%2FOrder%20v2/versions").willReturn(json("{\"id\":4}")));

        int id = client(config()).register("com.acme/Order v2", Schema.avro(STRING_SCHEMA));

        assertThat(id).isEqualTo(4);
    }

    @Test
    void lookupReturnsIdAndVersion() {
        registry.stubFor(post("/subjects/orders-value?normalize=true")
                .willReturn(json("{\"subject\":\"orders-value\",\"version\":2,\"id\":7,\"schema\":" + quoted(ORDER_AVSC)
                        + "}")));
        CachedSchemaRegistryClient client = client(config());

        RegisteredSchema found = client.lookup("orders-value", Schema.avro(ORDER_AVSC), true);
        client.lookup("orders-value", Schema.avro(ORDER_AVSC), true);

        assertThat(found).isEqualTo(new RegisteredSchema("orders-value", 7, 2, Schema.avro(ORDER_AVSC)));
        registry.verify(1, postRequestedFor(urlEqualTo("/subjects/orders-value?normalize=true")));
    }

    @Test
    void schemaByIdReadsTypeAndReferences() {
        registry.stubFor(get("/schemas/ids/21")
                .willReturn(json("{\"schemaType\":\"PROTOBUF\",\"schema\":" + quoted(PROTO)
                        + ",\"references\":[{\"name\":\"money.proto\",\"subject\":\"money-value\",\"version\":1}]}")));
        CachedSchemaRegistryClient client = client(config());

        Schema schema = client.schemaById(21);

        assertThat(schema)
                .isEqualTo(Schema.protobuf(PROTO, List.of(new SchemaReference("money.proto", "money-value", 1))));
        assertThat(client.schemaById(21)).isSameAs(schema);
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/21")));
    }

    @Test
    void versionLatestVersionsAndSubjects() {
        registry.stubFor(get("/subjects/orders-value/versions/1")
                .willReturn(
                        json("{\"subject\":\"orders-value\",\"version\":1,\"id\":5,\"schema\":\"\\\"string\\\"\"}")));
        registry.stubFor(
                get("/subjects/orders-value/versions/latest")
                        .willReturn(
                                json(
                                        "{\"subject\":\"orders-value\",\"version\":2,\"id\":6,\"schemaType\":\"JSON\",\"schema\":\"{}\"}")));
        registry.stubFor(get("/subjects/orders-value/versions").willReturn(json("[1,2]")));
        registry.stubFor(get("/subjects/orders-value/versions?deleted=true").willReturn(json("[1,2,3]")));
        registry.stubFor(get("/subjects").willReturn(json("[\"orders-value\",\"payments-value\"]")));
        registry.stubFor(get("/subjects?deleted=true").willReturn(json("[\"old-value\",\"orders-value\"]")));
        CachedSchemaRegistryClient client = client(config());

        assertThat(client.schema("orders-value", 1))
                .isEqualTo(new RegisteredSchema("orders-value", 5, 1, Schema.avro(STRING_SCHEMA)));
        assertThat(client.schema("orders-value", 1)).isNotNull();
        assertThat(client.latest("orders-value"))
                .isEqualTo(new RegisteredSchema("orders-value", 6, 2, Schema.json("{}")));
        assertThat(client.versions("orders-value")).containsExactly(1, 2);
        assertThat(client.versions("orders-value", true)).containsExactly(1, 2, 3);
        assertThat(client.subjects()).containsExactly("orders-value", "payments-value");
        assertThat(client.subjects(true)).containsExactly("old-value", "orders-value");
        assertThat(client.schemaById(5)).isEqualTo(Schema.avro(STRING_SCHEMA));
        registry.verify(1, getRequestedFor(urlEqualTo("/subjects/orders-value/versions/1")));
        registry.verify(0, getRequestedFor(urlEqualTo("/schemas/ids/5")));
    }

    @Test
    void deletes() {
        registry.stubFor(delete("/subjects/orders-value").willReturn(json("[1,2]")));
        registry.stubFor(delete("/subjects/orders-value?permanent=true").willReturn(json("[1,2]")));
        registry.stubFor(delete("/subjects/orders-value/versions/2").willReturn(json("2")));
        registry.stubFor(
                delete("/subjects/orders-value/versions/2?permanent=true").willReturn(json("2")));
        CachedSchemaRegistryClient client = client(config());

        assertThat(client.deleteVersion("orders-value", 2, false)).isEqualTo(2);
        assertThat(client.deleteVersion("orders-value", 2, true)).isEqualTo(2);
        assertThat(client.deleteSubject("orders-value", false)).containsExactly(1, 2);
        assertThat(client.deleteSubject("orders-value", true)).containsExactly(1, 2);
        registry.verify(deleteRequestedFor(urlEqualTo("/subjects/orders-value?permanent=true")));
    }

    @Test
    void deletingASubjectForgetsItsCachedFacts() {
        registry.stubFor(post("/subjects/orders-value/versions").willReturn(json("{\"id\":1}")));
        registry.stubFor(delete("/subjects/orders-value").willReturn(json("[1]")));
        CachedSchemaRegistryClient client = client(config());

        client.register("orders-value", Schema.avro(STRING_SCHEMA));
        client.deleteSubject("orders-value", false);
        client.register("orders-value", Schema.avro(STRING_SCHEMA));

        registry.verify(2, postRequestedFor(urlEqualTo("/subjects/orders-value/versions")));
    }

    @Test
    void compatibilityTestIsVerboseAndReturnsTheServersMessages() {
        registry.stubFor(post("/compatibility/subjects/orders-value/versions/latest?verbose=true")
                .willReturn(json(
                        "{\"is_compatible\":false,\"messages\":[\"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', "
                                + "description:'The field 'total' at path '/fields/1' in the new schema has no default value "
                                + "and is missing in the old schema', additionalInfo:'total'}\"]}")));
        registry.stubFor(post("/compatibility/subjects/orders-value/versions/3?verbose=true")
                .withRequestBody(equalTo("{\"schema\":\"\\\"string\\\"\"}"))
                .willReturn(json("{\"is_compatible\":true}")));
        CachedSchemaRegistryClient client = client(config());

        CompatibilityResult latest = client.testCompatibility("orders-value", Schema.avro(ORDER_AVSC));
        CompatibilityResult v3 = client.testCompatibility("orders-value", 3, Schema.avro(STRING_SCHEMA));

        assertThat(latest.compatible()).isFalse();
        assertThat(latest.messages()).singleElement().asString().contains("'total'");
        assertThat(v3).isEqualTo(new CompatibilityResult(true, List.of()));
    }

    @Test
    void compatibilityForSubjectPostsWithoutAVersionSoTheServerAppliesTheSubjectsLevel() {
        registry.stubFor(post("/compatibility/subjects/orders-value/versions?verbose=true")
                .withRequestBody(equalTo("{\"schema\":\"\\\"string\\\"\"}"))
                .willReturn(json("{\"is_compatible\":false,\"messages\":[\"{oldSchemaVersion: 1}\"]}")));
        CachedSchemaRegistryClient client = client(config());

        CompatibilityResult result = client.testCompatibilityForSubject("orders-value", Schema.avro(STRING_SCHEMA));

        assertThat(result).isEqualTo(new CompatibilityResult(false, List.of("{oldSchemaVersion: 1}")));
        registry.verify(1, postRequestedFor(urlEqualTo("/compatibility/subjects/orders-value/versions?verbose=true")));
    }

    @Test
    void compatibilityConfig() {
        registry.stubFor(get("/config").willReturn(json("{\"compatibilityLevel\":\"BACKWARD\"}")));
        registry.stubFor(put("/config").willReturn(json("{\"compatibility\":\"FULL\"}")));
        registry.stubFor(get("/config/orders-value?defaultToGlobal=true")
                .willReturn(json("{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}")));
        registry.stubFor(get("/config/payments-value?defaultToGlobal=false")
                .willReturn(error(
                        404, 40408, "Subject 'payments-value' does not have subject-level compatibility configured")));
        registry.stubFor(put("/config/orders-value").willReturn(json("{\"compatibility\":\"NONE\"}")));
        registry.stubFor(delete("/config/orders-value").willReturn(json("{\"compatibilityLevel\":\"NONE\"}")));
        CachedSchemaRegistryClient client = client(config());

        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.compatibility("orders-value", true)).contains(CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(client.compatibility("payments-value", false)).isEmpty();
        client.setGlobalCompatibility(CompatibilityLevel.FULL);
        client.setCompatibility("orders-value", CompatibilityLevel.NONE);
        client.deleteCompatibility("orders-value");

        registry.verify(putRequestedFor(urlEqualTo("/config"))
                .withHeader("Content-Type", equalTo(CT))
                .withRequestBody(equalTo("{\"compatibility\":\"FULL\"}")));
        registry.verify(putRequestedFor(urlEqualTo("/config/orders-value"))
                .withRequestBody(equalTo("{\"compatibility\":\"NONE\"}")));
        registry.verify(deleteRequestedFor(urlEqualTo("/config/orders-value")));
    }

    @Test
    void modes() {
        registry.stubFor(get("/mode").willReturn(json("{\"mode\":\"READWRITE\"}")));
        registry.stubFor(put("/mode").willReturn(json("{\"mode\":\"READONLY\"}")));
        registry.stubFor(get("/mode/orders-value?defaultToGlobal=true").willReturn(json("{\"mode\":\"IMPORT\"}")));
        registry.stubFor(put("/mode/orders-value").willReturn(json("{\"mode\":\"IMPORT\"}")));
        CachedSchemaRegistryClient client = client(config());

        assertThat(client.mode()).isEqualTo(Mode.READWRITE);
        assertThat(client.mode("orders-value")).isEqualTo(Mode.IMPORT);
        client.setMode(Mode.READONLY);
        client.setMode("orders-value", Mode.IMPORT);

        registry.verify(putRequestedFor(urlEqualTo("/mode")).withRequestBody(equalTo("{\"mode\":\"READONLY\"}")));
        registry.verify(
                putRequestedFor(urlEqualTo("/mode/orders-value")).withRequestBody(equalTo("{\"mode\":\"IMPORT\"}")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "404|40401|Subject 'orders-value' not found.",
                "404|40402|Version 9 not found.",
                "404|40403|Schema not found",
                "404|40404|Subject 'orders-value' was soft deleted.Set permanent=true to delete permanently",
                "404|40405|Subject 'orders-value' was not deleted first before being permanently deleted",
                "404|40406|Subject 'orders-value' Version 1 was soft deleted.Set permanent=true to delete permanently",
                "404|40407|Subject 'orders-value' Version 1 was not deleted first before being permanently deleted",
                "409|409|Schema being registered is incompatible with an earlier schema",
                "409|40901|Schema being registered is incompatible with an earlier schema for subject \\\"orders-value\\\"",
                "422|42201|Either the input schema or one its references is invalid",
                "422|42202|The specified version '0' is not a valid version id.",
                "422|42203|Invalid compatibility level. Valid values are none, backward, forward, full",
                "422|42205|Subject orders-value is in read-only mode",
                "500|50001|Error in the backend data store",
                "500|50002|Operation timed out",
                "500|50003|Error while forwarding the request to the primary",
                "401|401|Unauthorized",
                "403|40301|User is denied operation Write on Subject: orders-value",
            })
    void everyErrorCodeBecomesOneExceptionWithStatusCodeMessageAndPath(int status, int code, String message) {
        registry.stubFor(post("/subjects/orders-value/versions").willReturn(error(status, code, message)));
        CachedSchemaRegistryClient client = client(config());

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> client.register("orders-value", Schema.avro(STRING_SCHEMA)));

        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.serverMessage()).isEqualTo(message.replace("\\\"", "\""));
        assertThat(e.request()).isEqualTo("POST /subjects/orders-value/versions");
        assertThat(e.isIncompatible()).isEqualTo(code == 409 || code == 40901);
        assertThat(e.isNotFound()).isEqualTo(status == 404);
        assertThat(e.isInvalidSchema()).isEqualTo(code == 42201);
        assertThat(e.isRetriable()).isEqualTo(status == 500);
        registry.verify(1, postRequestedFor(urlEqualTo("/subjects/orders-value/versions")));
    }

    @Test
    void malformedJsonIsAClearNonRetriableError() {
        registry.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\": \"\\\"string\\\"")));

        SchemaRegistryException e =
                catchThrowableOfType(SchemaRegistryException.class, () -> client(config().maxRetries(2))
                        .schemaById(1));

        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.errorCode()).isEqualTo(-1);
        assertThat(e.serverMessage()).startsWith("malformed JSON response: {\"schema\"");
        assertThat(e.isRetriable()).isFalse();
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/1")));
    }

    @Test
    void unexpectedJsonShapeNamesTheMissingField() {
        registry.stubFor(post("/subjects/s/versions").willReturn(json("{\"identifier\":1}")));

        assertThatThrownBy(() -> client(config()).register("s", Schema.avro(STRING_SCHEMA)))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unexpected response, expected an integer 'id': {\"identifier\":1}");
    }

    @Test
    void emptyBodies() {
        registry.stubFor(
                get("/schemas/ids/1").willReturn(aResponse().withStatus(200).withHeader("Content-Type", CT)));
        registry.stubFor(get("/schemas/ids/2").willReturn(aResponse().withStatus(404)));
        CachedSchemaRegistryClient client = client(config());

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessage("Schema registry GET /schemas/ids/1 failed: HTTP 200: empty response body (from "
                        + registry.baseUrl() + "/)");
        SchemaRegistryException notFound =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(2));
        assertThat(notFound.url()).isEqualTo(registry.baseUrl() + "/");
        assertThat(notFound.httpStatus()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo(-1);
        assertThat(notFound.isNotFound()).isTrue();
        assertThat(notFound.serverMessage()).isEqualTo("empty error body");
    }

    @Test
    void htmlErrorPageFromAProxyIsRetriedAndDescribed() {
        registry.stubFor(get("/schemas/ids/1")
                .willReturn(aResponse()
                        .withStatus(502)
                        .withHeader("Content-Type", "text/html")
                        .withBody(
                                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                                        + "</center><hr><center>nginx/1.25.3</center></body></html>")));

        SchemaRegistryException e =
                catchThrowableOfType(SchemaRegistryException.class, () -> client(config().maxRetries(2))
                        .schemaById(1));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.errorCode()).isEqualTo(-1);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.serverMessage())
                .isEqualTo("non-JSON error body (text/html): 502 Bad Gateway 502 Bad Gateway nginx/1.25.3");
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e).hasMessageEndingWith("(gave up after 3 attempts)");
        registry.verify(3, getRequestedFor(urlEqualTo("/schemas/ids/1")));
    }

    @Test
    void retriesOnlyRetriableStatusesAndThenSucceeds() {
        answersInTurn(
                "/schemas/ids/3",
                error(503, 50003, "Error while forwarding"),
                aResponse().withStatus(408),
                json("{\"schema\":\"\\\"string\\\"\"}"));

        Schema schema = client(config().maxRetries(3)).schemaById(3);

        assertThat(schema).isEqualTo(Schema.avro(STRING_SCHEMA));
        registry.verify(3, getRequestedFor(urlEqualTo("/schemas/ids/3")));
    }

    @Test
    void connectionResetIsRetried() {
        answersInTurn(
                "/schemas/ids/3",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                json("{\"schema\":\"\\\"string\\\"\"}"));

        assertThat(client(config().maxRetries(1)).schemaById(3)).isEqualTo(Schema.avro(STRING_SCHEMA));
    }

    @Test
    void readTimeoutIsARetriableErrorWithoutAnAnswer() {
        registry.stubFor(get("/schemas/ids/4")
                .willReturn(json("{\"schema\":\"\\\"string\\\"\"}").withFixedDelay(1500)));

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class,
                () -> client(config().readTimeout(Duration.ofMillis(200))).schemaById(4));

        assertThat(e.httpStatus()).isZero();
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.serverMessage()).contains("timed out on " + registry.baseUrl());
    }

    @Test
    void failsOverToTheNextUrlAndSticksToIt() {
        String deadUrl = "http://127.0.0.1:1";
        registry.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));
        registry.stubFor(get("/schemas/ids/2").willReturn(json("{\"schema\":\"\\\"int\\\"\"}")));
        CachedSchemaRegistryClient client = client(config().urls(deadUrl + "," + registry.baseUrl()));

        assertThat(client.schemaById(1)).isEqualTo(Schema.avro(STRING_SCHEMA));
        assertThat(client.schemaById(2)).isEqualTo(Schema.avro("\"int\""));
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/1")));
    }

    @Test
    void failsOverOn5xxButNotOn4xx() {
        com.github.tomakehurst.wiremock.WireMockServer backup = new com.github.tomakehurst.wiremock.WireMockServer(
                wireMockConfig().dynamicPort());
        backup.start();
        try {
            registry.stubFor(get("/schemas/ids/1").willReturn(error(500, 50001, "Error in the backend data store")));
            registry.stubFor(get("/schemas/ids/2").willReturn(error(404, 40403, "Schema 2 not found")));
            backup.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));
            backup.stubFor(get("/schemas/ids/2").willReturn(json("{\"schema\":\"\\\"int\\\"\"}")));
            CachedSchemaRegistryClient client = client(config().urls(registry.baseUrl() + "," + backup.baseUrl()));

            assertThatThrownBy(() -> client.schemaById(2)).isInstanceOf(SchemaRegistryException.class);
            assertThat(client.schemaById(1)).isEqualTo(Schema.avro(STRING_SCHEMA));

            backup.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/1")));
            backup.verify(0, getRequestedFor(urlEqualTo("/schemas/ids/2")));
        } finally {
            backup.stop();
        }
    }

    @Test
    void basicAuthFromUserInfoIsSentAndNeverLogged() {
        registry.stubFor(get("/schemas/ids/1").willReturn(error(503, 50003, "busy")));
        CachedSchemaRegistryClient client = client(config().maxRetries(1).basicAuth("alice", "hunter2"));

        try (LogCapture log = new LogCapture()) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

            assertThat(log.text())
                    .contains("GET /schemas/ids/1")
                    .doesNotContain("hunter2")
                    .doesNotContain("YWxpY2U6aHVudGVyMg");
            assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("alice");
        }
        registry.verify(
                2,
                getRequestedFor(urlEqualTo("/schemas/ids/1"))
                        .withHeader("Authorization", equalTo("Basic YWxpY2U6aHVudGVyMg==")));
    }

    @Test
    void basicAuthFromTheUrlUserInfo() {
        registry.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));
        String url = registry.baseUrl().replace("http://", "http://bob:s%40fe@");
        CachedSchemaRegistryClient client = client(config().urls(url));

        client.schemaById(1);

        registry.verify(getRequestedFor(urlEqualTo("/schemas/ids/1"))
                .withHeader("Authorization", equalTo("Basic Ym9iOnNAZmU=")));
        assertThat(client.config().toString()).doesNotContain("bob").doesNotContain("s@fe");
        SchemaRegistryException notFound =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(404));
        assertThat(notFound)
                .hasMessageStartingWith("Schema registry GET /schemas/ids/404 failed: HTTP 404")
                .hasMessageEndingWith(" (from " + registry.baseUrl() + "/)");
        assertThat(notFound.getMessage())
                .doesNotContain("bob")
                .doesNotContain("s@fe")
                .doesNotContain("s%40fe");
    }

    @Test
    void bearerTokenAndCustomHeaders() {
        registry.stubFor(get("/schemas/ids/1").willReturn(json("{\"schema\":\"\\\"string\\\"\"}")));

        client(config().bearerToken("eyJ.token.sig").requestHeader("X-Tenant", "blue"))
                .schemaById(1);

        registry.verify(getRequestedFor(urlEqualTo("/schemas/ids/1"))
                .withHeader("Authorization", equalTo("Bearer eyJ.token.sig"))
                .withHeader("X-Tenant", equalTo("blue")));
    }

    @Test
    void bearerTokenAndCustomHeaderValuesAreNeverLogged() {
        registry.stubFor(get("/subjects").willReturn(aResponse().withStatus(503).withBody("down")));
        CachedSchemaRegistryClient client = client(config().maxRetries(2).bearerToken("eyJ.secret-token.sig"));

        try (LogCapture log = new LogCapture()) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::subjects);

            assertThat(log.text()).contains("GET /subjects").doesNotContain("secret-token");
            assertThat(e.getMessage()).doesNotContain("secret-token");
        }
        registry.verify(
                3,
                getRequestedFor(urlEqualTo("/subjects"))
                        .withHeader("Authorization", equalTo("Bearer eyJ.secret-token.sig")));
    }

    @Test
    void missingAnswersAreRememberedForTheirTtl() {
        registry.stubFor(get("/schemas/ids/9").willReturn(error(404, 40403, "Schema 9 not found")));
        CachedSchemaRegistryClient client = client(config().missingIdCacheTtl(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> client.schemaById(9)).isInstanceOf(SchemaRegistryException.class);
        SchemaRegistryException again = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(9));

        assertThat(again.errorCode()).isEqualTo(40403);
        registry.verify(1, getRequestedFor(urlEqualTo("/schemas/ids/9")));
    }

    @Test
    void aMissingSchemaIsRememberedPerNormalizeFlag() {
        registry.stubFor(post("/subjects/orders-value").willReturn(error(404, 40403, "Schema not found")));
        registry.stubFor(post("/subjects/orders-value?normalize=true")
                .willReturn(json("{\"subject\":\"orders-value\",\"version\":1,\"id\":3,\"schema\":" + quoted(ORDER_AVSC)
                        + "}")));
        CachedSchemaRegistryClient client = client(config().missingSchemaCacheTtl(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> client.lookup("orders-value", Schema.avro(ORDER_AVSC), false))
                .isInstanceOf(SchemaRegistryException.class);
        RegisteredSchema normalized = client.lookup("orders-value", Schema.avro(ORDER_AVSC), true);
        SchemaRegistryException remembered = catchThrowableOfType(
                SchemaRegistryException.class, () -> client.lookup("orders-value", Schema.avro(ORDER_AVSC), false));

        assertThat(normalized.id()).isEqualTo(3);
        assertThat(remembered.errorCode()).isEqualTo(40403);
        registry.verify(1, postRequestedFor(urlEqualTo("/subjects/orders-value")));
        registry.verify(1, postRequestedFor(urlEqualTo("/subjects/orders-value?normalize=true")));
    }

    @Test
    void missingAnswersAreNotRememberedByDefault() {
        registry.stubFor(get("/schemas/ids/9").willReturn(error(404, 40403, "Schema 9 not found")));
        CachedSchemaRegistryClient client = client(config());

        assertThatThrownBy(() -> client.schemaById(9)).isInstanceOf(SchemaRegistryException.class);
        assertThatThrownBy(() -> client.schemaById(9)).isInstanceOf(SchemaRegistryException.class);

        registry.verify(2, getRequestedFor(urlEqualTo("/schemas/ids/9")));
    }

    @Test
    void preloadWarmsEveryCache() {
        registry.stubFor(get("/subjects/orders-value/versions").willReturn(json("[1,2]")));
        registry.stubFor(get("/subjects/orders-value/versions/1")
                .willReturn(
                        json("{\"subject\":\"orders-value\",\"version\":1,\"id\":5,\"schema\":\"\\\"string\\\"\"}")));
        registry.stubFor(get("/subjects/orders-value/versions/2")
                .willReturn(json("{\"subject\":\"orders-value\",\"version\":2,\"id\":6,\"schema\":\"\\\"int\\\"\"}")));
        CachedSchemaRegistryClient client = client(config());

        client.preload("orders-value");
        int requestsAfterPreload = registry.getAllServeEvents().size();

        assertThat(client.schemaById(5)).isEqualTo(Schema.avro(STRING_SCHEMA));
        assertThat(client.schemaById(6)).isEqualTo(Schema.avro("\"int\""));
        assertThat(client.latest("orders-value").version()).isEqualTo(2);
        assertThat(client.register("orders-value", Schema.avro("\"int\""))).isEqualTo(6);
        assertThat(client.lookup("orders-value", Schema.avro(STRING_SCHEMA)).version())
                .isEqualTo(1);
        assertThat(client.schema("orders-value", 1).id()).isEqualTo(5);
        assertThat(registry.getAllServeEvents()).hasSize(requestsAfterPreload);
    }

    @Test
    void rejectsMockUrlsAndCallsAfterClose() {
        assertThatThrownBy(() -> new CachedSchemaRegistryClient(
                        SchemaRegistryConfig.builder().urls("mock://x").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SchemaRegistryClients.create");
        CachedSchemaRegistryClient closed = client(config());
        closed.close();

        assertThatThrownBy(() -> closed.schemaById(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** GET path answers these in turn, one per request; the last one stays. */
    private static void answersInTurn(String path, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder stub =
                    get(path).inScenario(path).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i);
            if (i + 1 < answers.length) {
                stub = stub.willSetStateTo("answer " + (i + 1));
            }
            registry.stubFor(stub.willReturn(answers[i]));
        }
    }
}
