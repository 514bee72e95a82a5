package dev.ferry.testkit.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.common.Headers;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ferry's own registry client and serializers against the WireMock registry, plus the raw HTTP contract. */
class WireMockSchemaRegistryTest {

    static final String SUBJECT = "orders-value";
    static final String V1 = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"}]}""";
    static final String V2_COMPATIBLE = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},{"name":"channel","type":"string","default":"web"}]}""";
    static final String V2_INCOMPATIBLE = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},{"name":"amount","type":"long"}]}""";

    @RegisterExtension
    static WireMockSchemaRegistry registry = new WireMockSchemaRegistry();

    final HttpClient http = HttpClient.newHttpClient();
    SchemaRegistryClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    SchemaRegistryClient client(Object... extra) {
        Map<String, Object> properties = new HashMap<>(registry.clientProperties());
        properties.put("max.retries", "0");
        for (int i = 0; i < extra.length; i += 2) {
            properties.put((String) extra[i], extra[i + 1]);
        }
        client = SchemaRegistryClients.create(properties);
        return client;
    }

    static String subject(String name) {
        return name + "-" + System.nanoTime() + "-value";
    }

    @Test
    void assignsIdsAndVersionsPerSubject() {
        String subject = subject("ids");
        SchemaRegistryClient client = client();

        int first = client.register(subject, Schema.avro(V1));
        int again = client.register(subject, Schema.avro(V1));
        int second = client.register(subject, Schema.avro(V2_COMPATIBLE));

        assertThat(again).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions(subject))
                .extracting(RegisteredSchema::version, RegisteredSchema::id)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, first), org.assertj.core.groups.Tuple.tuple(2, second));
        assertThat(client.latest(subject).version()).isEqualTo(2);
        assertThat(client.lookup(subject, Schema.avro(V1)).version()).isEqualTo(1);
        assertThat(client.schemaById(first).text()).isEqualTo(V1);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void incompatibleSchemaIs409With40901UnderFerrysRules() {
        String subject = subject("incompatible");
        SchemaRegistryClient client = client();
        client.register(subject, Schema.avro(V1));

        assertThat(client.testCompatibility(subject, Schema.avro(V2_INCOMPATIBLE))
                        .compatible())
                .isFalse();
        assertThatThrownBy(() -> client.register(subject, Schema.avro(V2_INCOMPATIBLE)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(40901);
                    assertThat(e.serverMessage()).contains(subject).contains("amount");
                });
        assertThat(registry.versions(subject)).hasSize(1);

        client.setCompatibility(subject, CompatibilityLevel.NONE);
        assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.register(subject, Schema.avro(V2_INCOMPATIBLE))).isPositive();
        assertThat(registry.versions(subject)).hasSize(2);
    }

    /** POST /compatibility/subjects/{s}/versions, without a version: the check a registration makes. */
    @Test
    void aCompatibilityCheckWithoutVersionIsAnsweredAsRegisterChecks() {
        String subject = subject("every-version");
        SchemaRegistryClient client = client();
        client.register(subject, Schema.avro(V1));

        assertThat(client.testCompatibilityForSubject(subject, Schema.avro(V1)).compatible())
                .isTrue();
        assertThat(client.testCompatibilityForSubject(subject, Schema.avro(V2_INCOMPATIBLE))
                        .compatible())
                .isFalse();
        assertThat(client.testCompatibilityForSubject(subject("no-versions"), Schema.avro(V2_INCOMPATIBLE))
                        .compatible())
                .as("a subject without versions, as Confluent's registry answers")
                .isTrue();
    }

    @Test
    void speaksTheRestApiWithConfluentContentTypeAndErrorBodies() throws Exception {
        HttpResponse<String> missing = send("GET", "/subjects/nope/versions", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(missing.body()).isEqualTo("{\"error_code\":40401,\"message\":\"Subject 'nope' not found.\"}");

        HttpResponse<String> invalid = send("POST", "/subjects/bad-value/versions", "{\"schema\":\"{not avro\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).startsWith("{\"error_code\":42201,");

        String subject = subject("raw");
        HttpResponse<String> registered = send(
                "POST",
                "/subjects/" + subject + "/versions",
                "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(V1) + "}");
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body())
                .matches("\\{\"id\":\\d+,\"guid\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"}");
        assertThat(send("GET", "/subjects/" + subject + "/versions", null).body())
                .isEqualTo("[1]");
        assertThat(send("GET", "/config", null).body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(send("GET", "/config/" + subject, null).body()).startsWith("{\"error_code\":40408,");
        assertThat(send("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}")
                        .body())
                .isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(send("PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}")
                        .body())
                .startsWith("{\"error_code\":42203,");
        assertThat(send("GET", "/subjects/" + subject + "/versions/0", null).body())
                .startsWith("{\"error_code\":42202,");
        assertThat(send("GET", "/nowhere", null).statusCode()).isEqualTo(404);
    }

    @Test
    void requestCountsProveTheSerdesCache() {
        String topic = "cached-" + System.nanoTime();
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(V1);
        SchemaRegistryClient client = client();
        try (AvroSerializer<GenericRecord> serializer =
                        AvroSerializer.<GenericRecord>builder(client).build();
                AvroDeserializer<GenericRecord> deserializer =
                        AvroDeserializer.<GenericRecord>builder(client).build()) {
            for (int i = 0; i < 5; i++) {
                GenericRecord order = new GenericData.Record(avro);
                order.put("id", "order-" + i);
                byte[] frame = serializer.serialize(topic, new Headers(), order);
                assertThat(deserializer.deserialize(topic, new Headers(), frame).get("id"))
                        .hasToString("order-" + i);
            }
        }
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER, topic + "-value"))
                .isEqualTo(1);
        assertThat(registry.versions(topic + "-value")).hasSize(1);
        // the deserializer shares the client, whose register call already cached id -> schema
        assertThat(registry.requestCount(RegistryEndpoint.SCHEMA_BY_ID)).isLessThanOrEqualTo(1);
        assertThat(registry.store().latest(topic + "-value").schema().text()).isEqualTo(avro.toString());
    }

    @Test
    void countsStartAtZeroForEveryTest() {
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void downResetsTheConnectionUntilHealed() {
        String subject = subject("down");
        SchemaRegistryClient client = client();
        registry.down();

        assertThatThrownBy(() -> client.register(subject, Schema.avro(V1)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isRetriable()).isTrue();
                    assertThat(e.getMessage()).contains("I/O error");
                });
        registry.heal();
        assertThat(client.register(subject, Schema.avro(V1))).isPositive();
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER, subject)).isEqualTo(2);
    }

    @Test
    void failNextAnswers5xxThenServesAndTheClientRetriesThrough() {
        String subject = subject("flaky");
        SchemaRegistryClient client = client("max.retries", "3", "retries.wait.ms", "1", "retries.max.wait.ms", "5");
        registry.failNext(2, 503);

        assertThat(client.register(subject, Schema.avro(V1))).isPositive();
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER, subject)).isEqualTo(3);

        registry.failNext(1);
        SchemaRegistryClient noRetry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", registry.url(), "max.retries", "0"));
        try (noRetry) {
            assertThatThrownBy(() -> noRetry.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.errorCode()).isEqualTo(50001);
            });
        }
    }

    @Test
    void unauthorizedIs401With40101AndNotRetried() {
        SchemaRegistryClient client = client("max.retries", "3", "retries.wait.ms", "1");
        registry.unauthorized();

        assertThatThrownBy(() -> client.register(subject("secret"), Schema.avro(V1)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo(40101);
                    assertThat(e.isRetriable()).isFalse();
                });
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER)).isEqualTo(1);
    }

    @Test
    void slowDelaysEveryAnswer() {
        SchemaRegistryClient client = client("http.read.timeout.ms", "200");
        registry.slow(Duration.ofMillis(1500));

        assertThatThrownBy(() -> client.subjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
                        .contains("timed out"));
        registry.slow(Duration.ofMillis(300));
        long started = System.nanoTime();
        SchemaRegistryClient patient = SchemaRegistryClients.create(Map.of("schema.registry.url", registry.url()));
        try (patient) {
            patient.subjects();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void rejectAsIncompatibleRefusesAnySchemaForThatSubjectOnly() {
        String subject = subject("refused");
        SchemaRegistryClient client = client();
        registry.rejectAsIncompatible(subject);

        assertThatThrownBy(() -> client.register(subject, Schema.avro(V1)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.serverMessage()).contains(subject);
                });
        assertThat(client.register(subject("other"), Schema.avro(V1))).isPositive();
    }

    @Test
    void wireMocksOwnStubsWinOverTheRegistry() {
        registry.wireMock().stubFor(get("/subjects").willReturn(okJson("[\"from-a-user-stub\"]")));
        try {
            assertThat(client().subjects()).containsExactly("from-a-user-stub");
        } finally {
            registry.wireMock().resetMappings();
            registry.close();
            registry.start();
        }
    }

    @Test
    void answersWithGuidsAndServesSchemasByGuidAsConfluentPlatform8() throws Exception {
        String subject = subject("guid");
        int id = client().register(subject, Schema.avro(V1));
        UUID guid = client.guidById(id).orElseThrow();

        HttpResponse<String> byId = send("GET", "/schemas/ids/" + id, null);
        assertThat(byId.body()).contains("\"guid\":\"" + guid + "\"");
        try (SchemaRegistryClient reader = SchemaRegistryClients.create(registry.clientProperties())) {
            assertThat(reader.schemaByGuid(guid)).isEqualTo(Schema.avro(V1));
            assertThat(reader.schemaByGuid(guid)).isEqualTo(Schema.avro(V1));
        }
        assertThat(registry.requestCount(RegistryEndpoint.SCHEMA_BY_GUID)).isEqualTo(1);
        assertThat(send("GET", "/schemas/guids/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void preloadsGeneratedAvroClassesUnderTheTopicSubject() {
        RegisteredSchema preloaded = registry.register("preloaded-value", Schema.avro(V1));
        assertThat(client().latest("preloaded-value")).isEqualTo(preloaded);
        assertThat(registry.requestCount(RegistryEndpoint.REGISTER)).isZero();
        assertThatThrownBy(() -> registry.registerValueSchema("t", String.class))
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("t-value");
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
