package dev.ferry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.registry.spi.SchemaFormats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The factory, and the mock:// in-memory registry behind it, held to Confluent's behaviour: ids
 * shared by equal schemas, versions per subject, deletes and their error codes, compatibility
 * through the SPI ({@link FieldListFormat} for JSON here; no format for Avro, so Avro is unchecked).
 */
class SchemaRegistryClientsTest {

    static final String SCOPE = "clients-test";

    private static SchemaRegistryClient mock() {
        return SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
    }

    @AfterEach
    void drop() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    @Test
    void httpUrlsGiveTheCachedClient() {
        try (SchemaRegistryClient client =
                SchemaRegistryClients.create(Map.of("schema.registry.url", "http://localhost:1"))) {
            assertThat(client).isInstanceOf(CachedSchemaRegistryClient.class);
        }
    }

    @Test
    void clientsOfOneScopeShareOneRegistryUntilDropped() {
        int id = mock().register("a-value", Schema.avro("\"string\""));

        assertThat(mock().schemaById(id)).isEqualTo(Schema.avro("\"string\""));
        SchemaRegistryClients.dropMockScope(SCOPE);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> mock().schemaById(id))
                        .errorCode())
                .isEqualTo(40403);
        assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://other"))
                        .subjects())
                .isEmpty();
    }

    @Test
    void aVersionRegisteredThroughAnotherClientOfTheScopeReachesThisOneAfterTheTtlAsWithARealRegistry() {
        MutableClock clock = new MutableClock();
        SchemaRegistryClient reader = SchemaRegistryClients.create(SchemaRegistryConfig.builder()
                .urls("mock://" + SCOPE)
                .latestCacheTtl(Duration.ofSeconds(60))
                .clock(clock)
                .build());
        int v1 = mock().register("a-value", Schema.avro("\"string\""));
        assertThat(reader.latest("a-value").id()).isEqualTo(v1);
        assertThat(reader.compatibility("a-value", true)).contains(CompatibilityLevel.BACKWARD);

        int v2 = mock().register("a-value", Schema.avro("\"long\""));
        mock().setCompatibility("a-value", CompatibilityLevel.FULL);
        clock.advance(Duration.ofSeconds(59));
        assertThat(reader.latest("a-value").id()).as("within the TTL").isEqualTo(v1);
        assertThat(reader.compatibility("a-value", true)).contains(CompatibilityLevel.BACKWARD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(reader.latest("a-value").id()).as("served, then refreshed").isEqualTo(v1);
        assertThat(reader.compatibility("a-value", true)).contains(CompatibilityLevel.BACKWARD);

        assertThat(reader.latest("a-value").id()).isEqualTo(v2);
        assertThat(reader.compatibility("a-value", true)).contains(CompatibilityLevel.FULL);
        assertThat(reader.refreshStats())
                .isEqualTo(new RefreshStats(2, 2, 0, Optional.of(clock.instant()), Optional.empty()));
    }

    @Test
    void aClientSeesItsOwnWritesAtOnce() {
        SchemaRegistryClient registry = mock();
        registry.register("a-value", Schema.avro("\"string\""));
        registry.latest("a-value");
        registry.compatibility("a-value", false);

        int v2 = registry.register("a-value", Schema.avro("\"long\""));
        registry.setCompatibility("a-value", CompatibilityLevel.NONE);

        assertThat(registry.latest("a-value").id()).isEqualTo(v2);
        assertThat(registry.compatibility("a-value", false)).contains(CompatibilityLevel.NONE);
        assertThat(registry.refreshStats().staleServed()).isZero();
    }

    @Test
    void idsAreSharedByEqualSchemasAndVersionsCountPerSubject() {
        SchemaRegistryClient registry = mock();

        int a1 = registry.register("a-value", Schema.avro("\"string\""));
        int a1again = registry.register("a-value", Schema.avro("\"string\""));
        int b1 = registry.register("b-value", Schema.avro("\"string\""));
        int a2 = registry.register("a-value", Schema.avro("\"long\""));

        assertThat(a1again).isEqualTo(a1);
        assertThat(b1).isEqualTo(a1);
        assertThat(a2).isNotEqualTo(a1);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.latest("a-value"))
                .isEqualTo(new RegisteredSchema(
                        "a-value", a2, 2, Schema.avro("\"long\""), Optional.of(UUID.fromString(LONG_GUID))));
        assertThat(registry.lookup("a-value", Schema.avro("\"string\"")))
                .isEqualTo(new RegisteredSchema(
                        "a-value", a1, 1, Schema.avro("\"string\""), Optional.of(UUID.fromString(STRING_GUID))));
        assertThat(registry.schema("b-value", 1).id()).isEqualTo(a1);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    /** Confluent's GUID, the MD5 of the schema text (and references), computed apart with Python's hashlib. */
    static final String STRING_GUID = "095d71cf-1255-6b9d-5e33-0ad575b3df5d";

    static final String LONG_GUID = "e1dd9a1e-f98b-451b-5369-0370b393966b";
    static final String LONG_WITH_REFERENCE_GUID = "06daf597-9ecb-2e44-635f-1e9939d7a6f1";

    @Test
    void everyIdHasConfluentsGuidAnsweredAndLookedUp() {
        SchemaRegistryClient registry = mock();
        int ref = registry.register("ref-value", Schema.avro("\"string\""));
        Schema withReference =
                new Schema(SchemaType.AVRO, "\"long\"", List.of(new SchemaReference("ref.avsc", "ref-value", 1)));

        int id = registry.register("a-value", withReference);

        assertThat(registry.guidById(ref)).contains(UUID.fromString(STRING_GUID));
        assertThat(registry.guidById(id)).contains(UUID.fromString(LONG_WITH_REFERENCE_GUID));
        assertThat(registry.latest("a-value").guid()).contains(UUID.fromString(LONG_WITH_REFERENCE_GUID));
        assertThat(registry.schemaByGuid(UUID.fromString(LONG_WITH_REFERENCE_GUID)))
                .isEqualTo(withReference);
        assertThatThrownBy(() -> registry.schemaByGuid(UUID.fromString(LONG_GUID)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                })
                .hasMessageContaining(LONG_GUID);
        assertThatThrownBy(() -> registry.guidById(999)).isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void withoutAFormatEverySchemaIsAcceptedAndIdentifiedByItsText() {
        SchemaRegistryClient registry = mock();
        assertThat(SchemaFormats.find(SchemaType.AVRO)).isEmpty();

        int first = registry.register("a-value", Schema.avro("not even json"));
        int second = registry.register("a-value", Schema.avro(" not even json"));

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.testCompatibility("a-value", Schema.avro("{}")).compatible())
                .isTrue();
    }

    @Test
    void theFormatIsFoundWithServiceLoaderAndDecidesCanonicalForm() {
        SchemaRegistryClient registry = mock();
        assertThat(SchemaFormats.find(SchemaType.JSON)).get().isInstanceOf(FieldListFormat.class);

        int id = registry.register("r-value", Schema.json("a, b"));

        assertThat(registry.register("r-value", Schema.json("a,b"))).isEqualTo(id);
        assertThat(registry.lookup("r-value", Schema.json(" a ,b")).id()).isEqualTo(id);
        assertThat(catchThrowableOfType(
                                SchemaRegistryException.class, () -> registry.lookup("r-value", Schema.json("b,a")))
                        .errorCode())
                .isEqualTo(40403);
        assertThat(registry.lookup("r-value", Schema.json("b,a"), true).id()).isEqualTo(id);
    }

    @Test
    void invalidSchemasAre42201() {
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> mock().register("r-value", Schema.json("a,B")));

        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.isInvalidSchema()).isTrue();
        assertThat(e.serverMessage()).contains("'B'");
        assertThat(e.request()).isEqualTo("POST /subjects/r-value/versions");
    }

    @ParameterizedTest(name = "{0}: {1} after [a] then [a,b?]")
    @CsvSource({
        // level, candidate, compatible
        "BACKWARD, 'a,b?,c', false",
        "BACKWARD, 'a,b?,c?', true",
        "BACKWARD, 'a', true",
        "FORWARD, 'b?', false",
        "FORWARD, 'a,c', true",
        "FULL, 'a,c', false",
        "FULL, 'a,c?', true",
        "NONE, 'z', true",
    })
    void compatibilityLevelsAreJudgedByTheFormat(String level, String candidate, boolean compatible) {
        SchemaRegistryClient registry = mock();
        registry.setCompatibility("r-value", CompatibilityLevel.NONE);
        registry.register("r-value", Schema.json("a"));
        registry.register("r-value", Schema.json("a,b?"));
        registry.setCompatibility("r-value", CompatibilityLevel.parse(level));

        CompatibilityResult result = registry.testCompatibility("r-value", Schema.json(candidate));

        assertThat(result.compatible()).isEqualTo(compatible);
        if (compatible) {
            assertThat(registry.register("r-value", Schema.json(candidate))).isPositive();
        } else {
            assertThat(result.messages()).isNotEmpty().allSatisfy(m -> assertThat(m)
                    .startsWith("Record."));
            SchemaRegistryException e = catchThrowableOfType(
                    SchemaRegistryException.class, () -> registry.register("r-value", Schema.json(candidate)));
            assertThat(e.isIncompatible()).isTrue();
            assertThat(e.errorCode()).isEqualTo(40901);
            assertThat(e.httpStatus()).isEqualTo(409);
        }
    }

    @Test
    void transitiveLevelsCheckEveryLiveVersionAndPlainOnesOnlyTheNewest() {
        SchemaRegistryClient registry = mock();
        registry.setCompatibility("r-value", CompatibilityLevel.NONE);
        registry.register("r-value", Schema.json("x"));
        registry.register("r-value", Schema.json("y"));

        registry.setCompatibility("r-value", CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("r-value", Schema.json("y,x?")).compatible())
                .isTrue();
        registry.setCompatibility("r-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class, () -> registry.register("r-value", Schema.json("y,x?")));

        assertThat(e.isIncompatible()).isTrue();
        assertThat(e.serverMessage()).contains("Record.y");
    }

    @Test
    void compatibilityForSubjectAppliesATransitiveLevelToEveryVersionAsRegisterDoes() {
        SchemaRegistryClient registry = mock();
        assertThat(registry.testCompatibilityForSubject("r-value", Schema.json("z")))
                .isEqualTo(new CompatibilityResult(true, List.of()));
        registry.setCompatibility("r-value", CompatibilityLevel.NONE);
        registry.register("r-value", Schema.json("x"));
        registry.register("r-value", Schema.json("y"));

        registry.setCompatibility("r-value", CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibilityForSubject("r-value", Schema.json("y,x?"))
                        .compatible())
                .isTrue();
        registry.setCompatibility("r-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(registry.testCompatibility("r-value", Schema.json("y,x?")).compatible())
                .as("against the newest version only")
                .isTrue();
        CompatibilityResult all = registry.testCompatibilityForSubject("r-value", Schema.json("y,x?"));
        assertThat(all.compatible()).isFalse();
        assertThat(all.messages()).anySatisfy(m -> assertThat(m).contains("Record.y"));
    }

    @Test
    void defaultLevelIsBackwardAndSubjectLevelsOverrideIt() {
        SchemaRegistryClient registry = mock();

        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.compatibility("r-value", false)).isEmpty();
        assertThat(registry.compatibility("r-value", true)).contains(CompatibilityLevel.BACKWARD);
        registry.setCompatibility("r-value", CompatibilityLevel.FULL);
        assertThat(registry.compatibility("r-value", false)).contains(CompatibilityLevel.FULL);
        registry.deleteCompatibility("r-value");
        assertThat(registry.compatibility("r-value", false)).isEmpty();
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> registry.deleteCompatibility("r-value"))
                        .errorCode())
                .isEqualTo(40408);
        registry.setGlobalCompatibility(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("r-value", true)).contains(CompatibilityLevel.NONE);
    }

    @Test
    void softThenHardDeletesWithConfluentsErrorCodes() {
        SchemaRegistryClient registry = mock();
        registry.setCompatibility("d-value", CompatibilityLevel.NONE);
        int id1 = registry.register("d-value", Schema.avro("\"string\""));
        registry.register("d-value", Schema.avro("\"long\""));

        assertThat(code(() -> registry.deleteVersion("d-value", 2, true))).isEqualTo(40407);
        assertThat(registry.deleteVersion("d-value", 2, false)).isEqualTo(2);
        assertThat(code(() -> registry.deleteVersion("d-value", 2, false))).isEqualTo(40406);
        assertThat(code(() -> registry.schema("d-value", 2))).isEqualTo(40402);
        assertThat(registry.versions("d-value")).containsExactly(1);
        assertThat(registry.versions("d-value", true)).containsExactly(1, 2);
        assertThat(registry.deleteVersion("d-value", 2, true)).isEqualTo(2);
        assertThat(registry.versions("d-value", true)).containsExactly(1);
        assertThat(registry.register("d-value", Schema.avro("\"int\""))).isPositive();
        assertThat(registry.versions("d-value")).containsExactly(1, 2);

        assertThat(code(() -> registry.deleteSubject("d-value", true))).isEqualTo(40405);
        assertThat(registry.deleteSubject("d-value", false)).containsExactly(1, 2);
        assertThat(code(() -> registry.deleteSubject("d-value", false))).isEqualTo(40404);
        assertThat(code(() -> registry.latest("d-value"))).isEqualTo(40401);
        assertThat(registry.subjects()).doesNotContain("d-value");
        assertThat(registry.subjects(true)).contains("d-value");
        assertThat(registry.deleteSubject("d-value", true)).containsExactly(1, 2);
        assertThat(registry.subjects(true)).doesNotContain("d-value");
        assertThat(registry.schemaById(id1)).isEqualTo(Schema.avro("\"string\""));
        assertThat(registry.register("d-value", Schema.avro("\"string\""))).isEqualTo(id1);
        assertThat(registry.versions("d-value")).containsExactly(1);
    }

    @Test
    void referencesMustExistAndReferencedVersionsCannotBeDeleted() {
        SchemaRegistryClient registry = mock();
        registry.register("money-value", Schema.protobuf("message Money {}"));
        Schema order = Schema.protobuf(
                "import \"money.proto\"; message Order { Money total = 1; }",
                List.of(new SchemaReference("money.proto", "money-value", 1)));
        Schema dangling =
                Schema.protobuf("import \"tax.proto\";", List.of(new SchemaReference("tax.proto", "tax-value", 1)));

        assertThat(registry.register("order-value", order)).isPositive();
        assertThat(code(() -> registry.register("x-value", dangling))).isEqualTo(42201);
        assertThat(code(() -> registry.deleteVersion("money-value", 1, false))).isEqualTo(42206);
    }

    @Test
    void readOnlyModeRejectsRegistrations() {
        SchemaRegistryClient registry = mock();

        registry.setMode("m-value", Mode.READONLY);

        assertThat(registry.mode("m-value")).isEqualTo(Mode.READONLY);
        assertThat(registry.mode()).isEqualTo(Mode.READWRITE);
        assertThat(code(() -> registry.register("m-value", Schema.avro("\"string\""))))
                .isEqualTo(42205);
        registry.setMode(Mode.READONLY_OVERRIDE);
        assertThat(code(() -> registry.register("other-value", Schema.avro("\"string\""))))
                .isEqualTo(42205);
    }

    @Test
    void unknownThingsAreNotFound() {
        SchemaRegistryClient registry = mock();

        assertThat(code(() -> registry.schemaById(1))).isEqualTo(40403);
        assertThat(code(() -> registry.versions("nope"))).isEqualTo(40401);
        assertThat(code(() -> registry.lookup("nope", Schema.avro("\"string\""))))
                .isEqualTo(40401);
        assertThatThrownBy(() -> registry.preload("nope")).isInstanceOf(SchemaRegistryException.class);
        assertThat(registry.subjects()).isEmpty();
    }

    private static int code(Runnable call) {
        return catchThrowableOfType(SchemaRegistryException.class, call::run).errorCode();
    }
}
