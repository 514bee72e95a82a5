package dev.ferry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.ApicurioRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against a real registry (Apicurio 3.3.3's Confluent API). Asserts only what
 * Confluent's API documents, not one server's quirks (Apicurio: default level NONE, content ids
 * shared across subjects).
 */
class CachedSchemaRegistryClientIT {

    static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    static final String V2_ADDS_FIELD_WITH_DEFAULT =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}";
    static final String V3_ADDS_FIELD_WITHOUT_DEFAULT =
            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"com.acme\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"},"
                    + "{\"name\":\"total\",\"type\":\"double\"}]}";

    private static ApicurioRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void start() {
        registry = ApicurioRegistry.start();
        client = SchemaRegistryClients.create(SchemaRegistryConfig.builder()
                .urls(registry.url())
                .maxRetries(1)
                .retryWait(Duration.ofMillis(50))
                .retryMaxWait(Duration.ofMillis(200))
                .readTimeout(Duration.ofSeconds(20))
                .build());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void registerLookupByIdVersionsAndLatest() throws Exception {
        String subject = "it-orders-value";

        int id = client.register(subject, Schema.avro(V1));
        int again = client.register(subject, Schema.avro(V1));
        RegisteredSchema found = client.lookup(subject, Schema.avro(V1));
        Schema byId = client.schemaById(id);

        assertThat(again).isEqualTo(id);
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.subject()).isEqualTo(subject);
        assertThat(byId.type()).isEqualTo(SchemaType.AVRO);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(byId.text())).isEqualTo(json.readTree(V1));
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.latest(subject).id()).isEqualTo(id);
        assertThat(client.schema(subject, 1).id()).isEqualTo(id);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void compatibilityLevelsAndChecks() {
        String subject = "it-compat-value";
        client.register(subject, Schema.avro(V1));
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        CompatibilityResult compatible = client.testCompatibility(subject, Schema.avro(V2_ADDS_FIELD_WITH_DEFAULT));
        int v2 = client.register(subject, Schema.avro(V2_ADDS_FIELD_WITH_DEFAULT));
        CompatibilityResult incompatible =
                client.testCompatibility(subject, Schema.avro(V3_ADDS_FIELD_WITHOUT_DEFAULT));
        SchemaRegistryException rejected = catchThrowableOfType(
                SchemaRegistryException.class,
                () -> client.register(subject, Schema.avro(V3_ADDS_FIELD_WITHOUT_DEFAULT)));

        assertThat(client.compatibility(subject, false)).contains(CompatibilityLevel.BACKWARD);
        assertThat(compatible.compatible()).isTrue();
        assertThat(incompatible.compatible()).isFalse();
        assertThat(rejected.isIncompatible()).as(rejected.getMessage()).isTrue();
        assertThat(rejected.httpStatus()).isEqualTo(409);
        assertThat(client.latest(subject).id()).isEqualTo(v2);
        assertThat(client.versions(subject)).containsExactly(1, 2);
    }

    @Test
    void globalConfig() {
        CompatibilityLevel before = client.globalCompatibility();
        try {
            client.register("it-global-level-value", Schema.avro(V1));
            client.setGlobalCompatibility(CompatibilityLevel.FULL);

            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility("it-global-level-value", true)).contains(CompatibilityLevel.FULL);
            assertThat(client.compatibility("it-never-registered-value", true)).contains(CompatibilityLevel.FULL);
        } finally {
            client.setGlobalCompatibility(before);
        }
    }

    @Test
    void softAndHardDeletes() {
        String subject = "it-delete-value";
        client.register(subject, Schema.avro(V1));
        client.setCompatibility(subject, CompatibilityLevel.NONE);
        client.register(subject, Schema.avro(V2_ADDS_FIELD_WITH_DEFAULT));

        assertThat(client.deleteVersion(subject, 2, false)).isEqualTo(2);
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.deleteVersion(subject, 2, true)).isEqualTo(2);
        assertThat(client.deleteSubject(subject, false)).containsExactly(1);
        assertThat(client.subjects()).doesNotContain(subject);
        assertThat(client.subjects(true)).contains(subject);
        assertThat(client.deleteSubject(subject, true)).containsExactly(1);
        assertThat(client.subjects(true)).doesNotContain(subject);
        SchemaRegistryException gone =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.versions(subject));
        assertThat(gone.isNotFound()).as(gone.getMessage()).isTrue();
    }

    @Test
    void unknownIdIsNotFound() {
        SchemaRegistryException e =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(987_654));

        assertThat(e.isNotFound()).as(e.getMessage()).isTrue();
        assertThat(e.request()).isEqualTo("GET /schemas/ids/987654");
    }
}
