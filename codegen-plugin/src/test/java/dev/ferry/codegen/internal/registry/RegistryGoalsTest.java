package dev.ferry.codegen.internal.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ferry.codegen.Reference;
import dev.ferry.codegen.Subject;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.internal.memory.InMemoryRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry goals' logic against WireMock answering as Confluent Schema Registry does. */
class RegistryGoalsTest {
    private static final String CT = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = """
      {"type": "record", "name": "OrderEvent", "namespace": "shop", "fields": [{"name": "id", "type": "string"}]}
      """;
    private static final String MONEY = "syntax = \"proto3\";\npackage shop;\nmessage Money { int64 cents = 1; }\n";
    private static final String SHIPMENT = "syntax = \"proto3\";\npackage shop;\nimport \"shop/money.proto\";\n"
            + "message Shipment { string id = 1; Money fee = 2; }\n";

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    private SchemaRegistryClient client;
    private Path order;
    private Path money;
    private Path shipment;

    @BeforeEach
    void setUp() throws Exception {
        client = SchemaRegistryClients.create(Map.of("schema.registry.url", registry.baseUrl(), "max.retries", "0"));
        order = Files.writeString(dir.resolve("order.avsc"), ORDER);
        money = Files.writeString(dir.resolve("money.proto"), MONEY);
        shipment = Files.writeString(dir.resolve("shipment.proto"), SHIPMENT);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void registerPutsReferencedSubjectsFirstAndUsesTheVersionJustRegistered() throws Exception {
        registry.stubFor(post("/subjects/money-value/versions?normalize=true").willReturn(json("{\"id\":5}")));
        registry.stubFor(post("/subjects/money-value?normalize=true").willReturn(moneyVersion(2, 5)));
        registry.stubFor(post("/subjects/shipments-value/versions?normalize=true")
                .withRequestBody(equalToJson(body(SHIPMENT, "PROTOBUF", "shop/money.proto", "money-value", 2)))
                .willReturn(json("{\"id\":6}")));
        registry.stubFor(
                post("/subjects/shipments-value?normalize=true")
                        .willReturn(
                                json(
                                        "{\"subject\":\"shipments-value\",\"version\":1,\"id\":6,\"schemaType\":\"PROTOBUF\",\"schema\":"
                                                + quote(SHIPMENT)
                                                + ",\"references\":[{\"name\":\"shop/money.proto\",\"subject\":\"money-value\",\"version\":2}]}")));

        List<SubjectRegistrar.Registered> registered = new SubjectRegistrar(client)
                .register(
                        SubjectSpecs.validate(List.of(
                                new Subject(
                                        "shipments-value",
                                        shipment.toFile(),
                                        null,
                                        List.of(new Reference("shop/money.proto", "money-value", null))),
                                new Subject("money-value", money.toFile(), null, null))),
                        true);

        assertThat(registered)
                .containsExactly(
                        new SubjectRegistrar.Registered("money-value", 5, 2),
                        new SubjectRegistrar.Registered("shipments-value", 6, 1));
        List<LoggedRequest> posts =
                registry.findAll(postRequestedFor(urlEqualTo("/subjects/money-value/versions?normalize=true")));
        assertThat(posts).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Content-Type")).isEqualTo(CT);
            assertThat(r.getBodyAsString()).isEqualTo("{\"schema\":" + quote(MONEY) + ",\"schemaType\":\"PROTOBUF\"}");
        });
    }

    @Test
    void registerPutsAListedReferencedSubjectFirstEvenWhenTheReferencePinsItsVersion() {
        String scope = "registrar-pinned-" + System.nanoTime();
        try (SchemaRegistryClient mock =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope))) {
            List<SubjectRegistrar.Registered> registered = new SubjectRegistrar(mock)
                    .register(
                            SubjectSpecs.validate(List.of(
                                    new Subject(
                                            "shipments-value",
                                            shipment.toFile(),
                                            null,
                                            List.of(new Reference("shop/money.proto", "money-value", 1))),
                                    new Subject("money-value", money.toFile(), null, null))),
                            false);

            assertThat(registered)
                    .extracting(SubjectRegistrar.Registered::subject, SubjectRegistrar.Registered::version)
                    .containsExactly(tuple("money-value", 1), tuple("shipments-value", 1));
            assertThat(mock.latest("shipments-value").schema().references())
                    .containsExactly(new SchemaReference("shop/money.proto", "money-value", 1));
        } finally {
            InMemoryRegistry.dropScope(scope);
        }
    }

    @Test
    void aPinnedVersionTheRegistryLacksIsNamedWithTheVersionJustRegistered() {
        String scope = "registrar-missing-" + System.nanoTime();
        try (SchemaRegistryClient mock =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope))) {
            assertThatThrownBy(() -> new SubjectRegistrar(mock)
                            .register(
                                    SubjectSpecs.validate(List.of(
                                            new Subject(
                                                    "shipments-value",
                                                    shipment.toFile(),
                                                    null,
                                                    List.of(new Reference("shop/money.proto", "money-value", 2))),
                                            new Subject("money-value", money.toFile(), null, null))),
                                    false))
                    .isInstanceOf(CodegenFailure.class)
                    .hasMessageStartingWith("subject 'shipments-value': its reference shop/money.proto pins version 2"
                            + " of subject 'money-value', which the registry does not have; this run registered that"
                            + " subject as version 1: pin 1 or leave <version> out");
        } finally {
            InMemoryRegistry.dropScope(scope);
        }
    }

    @Test
    void aReferenceWithoutVersionToAnotherSubjectTakesItsLatest() {
        registry.stubFor(get("/subjects/money-value/versions/latest").willReturn(moneyVersion(3, 9)));
        registry.stubFor(post("/compatibility/subjects/shipments-value/versions?verbose=true")
                .withRequestBody(equalToJson(body(SHIPMENT, "PROTOBUF", "shop/money.proto", "money-value", 3)))
                .willReturn(json("{\"is_compatible\":true,\"messages\":[]}")));

        List<CompatibilityTester.Verdict> verdicts = new CompatibilityTester(client)
                .test(SubjectSpecs.validate(List.of(new Subject(
                        "shipments-value",
                        shipment.toFile(),
                        null,
                        List.of(new Reference("shop/money.proto", "money-value", null))))));

        assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.compatible())
                .isTrue());
    }

    @Test
    void testCompatibilityReportsEverySubjectWithTheRegistrysReasonsAndNewSubjectsPass() {
        registry.stubFor(post("/compatibility/subjects/orders-value/versions?verbose=true")
                .willReturn(json(
                        "{\"is_compatible\":false,\"messages\":[\"Incompatibility{type:READER_FIELD_MISSING_DEFAULT_VALUE,"
                                + " location:/fields/0, message:id, reader:{...}, writer:{...}}\",\"{oldSchemaVersion: 3}\","
                                + "\"{compatibility: 'BACKWARD'}\"]}")));
        registry.stubFor(post("/compatibility/subjects/refunds-value/versions?verbose=true")
                .willReturn(error(404, 40401, "Subject 'refunds-value' not found.")));

        List<CompatibilityTester.Verdict> verdicts = new CompatibilityTester(client)
                .test(SubjectSpecs.validate(List.of(
                        new Subject("orders-value", order.toFile(), null, null),
                        new Subject("refunds-value", order.toFile(), null, null))));

        assertThat(verdicts.get(0).compatible()).isFalse();
        assertThat(verdicts.get(0).result().messages())
                .hasSize(3)
                .first()
                .asString()
                .startsWith("Incompatibility{type:READER_FIELD_MISSING_DEFAULT_VALUE, location:/fields/0, message:id");
        assertThat(verdicts.get(1).isNew()).isTrue();
        // Without a version the registry checks as register does: every version at a transitive level.
        assertThat(registry.findAll(postRequestedFor(urlMatching("/compatibility/.*"))))
                .extracting(LoggedRequest::getUrl)
                .containsExactly(
                        "/compatibility/subjects/orders-value/versions?verbose=true",
                        "/compatibility/subjects/refunds-value/versions?verbose=true");
    }

    @Test
    void aRefusedRegistrationNamesTheSubjectAndFile() {
        registry.stubFor(
                post("/subjects/orders-value/versions")
                        .willReturn(
                                error(
                                        409,
                                        40901,
                                        "Schema being registered is incompatible with an earlier schema for subject \\\"orders-value\\\"")));

        assertThatThrownBy(() -> new SubjectRegistrar(client)
                        .register(
                                SubjectSpecs.validate(List.of(new Subject("orders-value", order.toFile(), null, null))),
                                false))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageStartingWith(
                        "subject 'orders-value' (" + order + "): the registry refuses it as incompatible with"
                                + " the subject's earlier versions: Schema registry POST /subjects/orders-value/versions failed: HTTP 409,"
                                + " error_code 40901");
    }

    @Test
    void aServerErrorStaysARegistryFailure() {
        registry.stubFor(post("/subjects/orders-value/versions")
                .willReturn(error(500, 50001, "Error in the backend data store")));

        assertThatThrownBy(() -> new SubjectRegistrar(client)
                        .register(
                                SubjectSpecs.validate(List.of(new Subject("orders-value", order.toFile(), null, null))),
                                false))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 500, error_code 50001");
    }

    @Test
    void aMissingReferencedSubjectIsNamed() {
        registry.stubFor(get("/subjects/money-value/versions/latest")
                .willReturn(error(404, 40401, "Subject 'money-value' not found.")));

        assertThatThrownBy(() -> new CompatibilityTester(client)
                        .test(SubjectSpecs.validate(List.of(new Subject(
                                "shipments-value",
                                shipment.toFile(),
                                null,
                                List.of(new Reference("shop/money.proto", "money-value", null)))))))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageStartingWith("subject 'shipments-value': its reference shop/money.proto names the subject"
                        + " 'money-value', which the registry does not have");
    }

    @Test
    void subjectsReferencingEachOtherInACycleAreRefused() {
        assertThatThrownBy(() -> SubjectRegistrar.inReferenceOrder(SubjectSpecs.validate(List.of(
                        new Subject("a-value", order.toFile(), null, List.of(new Reference("B", "b-value", null))),
                        new Subject("b-value", order.toFile(), null, List.of(new Reference("A", "a-value", null)))))))
                .hasMessage("the subjects reference each other in a cycle: a-value -> b-value -> a-value");
    }

    @Test
    void downloadWritesTheLatestSchemaOfEveryMatchingSubject() throws Exception {
        registry.stubFor(
                get("/subjects").willReturn(json("[\"orders-value\",\"payments-value\",\"shipments-value\"]")));
        registry.stubFor(get("/subjects/orders-value/versions/latest")
                .willReturn(
                        json("{\"subject\":\"orders-value\",\"version\":4,\"id\":7,\"schema\":" + quote(ORDER) + "}")));
        registry.stubFor(
                get("/subjects/shipments-value/versions/latest")
                        .willReturn(
                                json(
                                        "{\"subject\":\"shipments-value\",\"version\":1,\"id\":6,\"schemaType\":\"PROTOBUF\",\"schema\":"
                                                + quote(SHIPMENT)
                                                + ",\"references\":[{\"name\":\"shop/money.proto\",\"subject\":\"money-value\",\"version\":2}]}")));

        List<SchemaDownloader.Downloaded> downloaded = new SchemaDownloader(client)
                .download(
                        List.of(Pattern.compile("orders-.*"), Pattern.compile("shipments-value")), dir.resolve("out"));

        assertThat(downloaded)
                .extracting(SchemaDownloader.Downloaded::subject)
                .containsExactly("orders-value", "shipments-value");
        assertThat(dir.resolve("out/orders-value.avsc")).hasContent(ORDER);
        assertThat(dir.resolve("out/shipments-value.proto")).hasContent(SHIPMENT);
        assertThat(dir.resolve("out/payments-value.avsc")).doesNotExist();
        assertThat(SchemaDownloader.fileName("com.acme/Order:v2")).isEqualTo("com.acme_Order_v2");
    }

    @Test
    void downloadWritesAProtobufSchemaRegisteredAsADescriptorAsProtoSource() throws Exception {
        // Built with protobuf-java's builders, base64-encoded as Confluent's JavaScript serializer registers it.
        com.google.protobuf.DescriptorProtos.FileDescriptorProto descriptor =
                com.google.protobuf.DescriptorProtos.FileDescriptorProto.newBuilder()
                        .setName("interop.proto")
                        .setPackage("interop")
                        .setSyntax("proto3")
                        .addMessageType(com.google.protobuf.DescriptorProtos.DescriptorProto.newBuilder()
                                .setName("Ping")
                                .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder()
                                        .setName("id")
                                        .setNumber(1)
                                        .setType(
                                                com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type
                                                        .TYPE_STRING)
                                        .setLabel(
                                                com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label
                                                        .LABEL_OPTIONAL)))
                        .build();
        String base64 = java.util.Base64.getEncoder().encodeToString(descriptor.toByteArray());
        registry.stubFor(get("/subjects").willReturn(json("[\"pings-value\"]")));
        registry.stubFor(get("/subjects/pings-value/versions/latest")
                .willReturn(json(
                        "{\"subject\":\"pings-value\",\"version\":1,\"id\":3,\"schemaType\":\"PROTOBUF\",\"schema\":\""
                                + base64 + "\"}")));

        new SchemaDownloader(client).download(List.of(Pattern.compile(".*")), dir.resolve("out"));

        String written = java.nio.file.Files.readString(dir.resolve("out/pings-value.proto"));
        assertThat(written)
                .contains("syntax = \"proto3\";")
                .contains("package interop;")
                .contains("message Ping {")
                .contains("string id = 1;")
                .doesNotContain(base64);
        // protoc-equivalent check: the written source parses back to the registered descriptor's messages.
        assertThat(new dev.ferry.serdes.protobuf.ProtobufFormat()
                        .parse(dev.ferry.registry.Schema.protobuf(written), Map.of())
                        .definedNames())
                .containsExactly("interop.Ping");
    }

    @Test
    void subjectProblemsAreListedTogether() {
        assertThatThrownBy(() -> SubjectSpecs.validate(List.of(
                        new Subject(null, order.toFile(), null, null),
                        new Subject("orders-value", dir.resolve("missing.avsc").toFile(), null, null),
                        new Subject("notes-value", dir.resolve("notes.txt").toFile(), null, null),
                        new Subject("payments-value", order.toFile(), "XML", List.of(new Reference("x", null, null))),
                        new Subject("money-value", money.toFile(), null, List.of(new Reference("a", "b", 0))))))
                .isInstanceOf(CodegenFailure.class)
                .hasMessage(
                        String.join(
                                System.lineSeparator(),
                                "7 problems in <subjects>:",
                                "subjects[0]: <name> is missing: the registry subject, such as orders-value",
                                "subject 'orders-value': <file> " + dir.resolve("missing.avsc") + " does not exist",
                                "subject 'notes-value': cannot tell the schema type of " + dir.resolve("notes.txt")
                                        + " from its extension: name it .avsc, .proto or .json, or set <schemaType>",
                                "subject 'notes-value': <file> " + dir.resolve("notes.txt") + " does not exist",
                                "subject 'payments-value': <schemaType> is 'XML': allowed values are AVRO, PROTOBUF, JSON",
                                "subject 'payments-value': references[0]: needs <name> (the import path or full name the schema uses) and <subject>",
                                "subject 'money-value': references[0]: <version> is 0: versions start at 1; leave it out for the latest"));
    }

    private static String body(String schema, String type, String refName, String refSubject, int version) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema).put("schemaType", type);
        body.putArray("references")
                .addObject()
                .put("name", refName)
                .put("subject", refSubject)
                .put("version", version);
        return body.toString();
    }

    private static String quote(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    /** The registry's answer for a version of subject money-value holding MONEY. */
    private static ResponseDefinitionBuilder moneyVersion(int version, int id) {
        return json("{\"subject\":\"money-value\",\"version\":" + version + ",\"id\":" + id
                + ",\"schemaType\":\"PROTOBUF\",\"schema\":" + quote(MONEY) + "}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return okForContentType(CT, body);
    }

    private static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", CT)
                .withBody("{\"error_code\":" + code + ",\"message\":\"" + message + "\"}");
    }
}
