package dev.ferry.codegen.internal.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.ferry.codegen.internal.CodegenFailure;
import dev.ferry.codegen.internal.SchemaProblemsException;
import dev.ferry.codegen.internal.avro.AvroSchemaReader;
import dev.ferry.codegen.internal.protobuf.ProtobufOptions;
import dev.ferry.codegen.internal.protobuf.ProtobufSchemaReader;
import dev.ferry.codegen.testing.TestProtoc;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real schema files, the real protoc, and serdes' formats; Avro's own checker is the oracle for Avro. */
class CompatibilityCheckerTest {
    private static final String MONEY = """
      {"type": "record", "name": "Money", "namespace": "shop", "fields": [{"name": "cents", "type": "long"}]}""";
    private static final String ORDER_V1 = """
      {"type": "record", "name": "OrderEvent", "namespace": "shop", "fields": [
        {"name": "orderId", "type": "string"},
        {"name": "total", "type": "Money"}]}""";
    private static final String PROTO_V1 = """
      syntax = "proto3";
      package shop;
      import "shop/money.proto";
      message Shipment {
        string shipment_id = 1;
        int64 weight_grams = 2;
        Money fee = 3;
      }
      """;
    private static final String PROTO_MONEY = """
      syntax = "proto3";
      package shop;
      message Money { int64 cents = 1; }
      """;

    @TempDir
    Path dir;

    private Path project;
    private Path baseline;
    private Path protoc;

    @BeforeEach
    void setUp() throws Exception {
        project = dir.resolve("project");
        baseline = dir.resolve("baseline");
        write(baseline, "money.avsc", MONEY);
        write(baseline, "order.avsc", ORDER_V1);
        write(baseline, "shop/money.proto", PROTO_MONEY);
        write(baseline, "shop/shipment.proto", PROTO_V1);
        write(project, "avro/money.avsc", MONEY);
        write(project, "avro/events/order.avsc", ORDER_V1);
        write(project, "proto/shop/money.proto", PROTO_MONEY);
        write(project, "proto/shop/shipment.proto", PROTO_V1);
        protoc = TestProtoc.install(dir.resolve("bin"));
    }

    @Test
    void unchangedSchemasAreCompatibleAndPairedByNameWhereverTheFileMoved() {
        CompatibilityReport report = check(CompatibilityLevel.FULL_TRANSITIVE, baseline);

        assertThat(report.compatible()).isTrue();
        assertThat(report.checked()).isEqualTo(4);
        assertThat(report.added()).isEmpty();
        assertThat(report.removed()).isEmpty();
    }

    @Test
    void anAvroFieldAddedWithoutADefaultBreaksBackwardNamingFileTypeAndField() throws Exception {
        String v2 = orderWithNote("{\"name\": \"note\", \"type\": \"string\"}");
        write(project, "avro/events/order.avsc", v2);

        CompatibilityReport report = check(CompatibilityLevel.BACKWARD, baseline);

        assertThat(report.incompatibilities()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(project.resolve("avro/events/order.avsc"));
            assertThat(problem.message()).startsWith("shop.OrderEvent.note: reader field 'note' has no default value");
        });
        assertThat(avroOracleCompatible(v2, ORDER_V1)).isFalse();
        assertThat(check(CompatibilityLevel.FORWARD, baseline).compatible())
                .as("old readers ignore the new field")
                .isTrue();
    }

    @Test
    void anAvroFieldAddedWithADefaultIsCompatibleBothWays() throws Exception {
        String v2 = orderWithNote("{\"name\": \"note\", \"type\": \"string\", \"default\": \"\"}");
        write(project, "avro/events/order.avsc", v2);

        assertThat(check(CompatibilityLevel.FULL, baseline).compatible()).isTrue();
        assertThat(avroOracleCompatible(v2, ORDER_V1)).isTrue();
    }

    @Test
    void aChangeInAReferencedAvroTypeBreaksEverySchemaUsingIt() throws Exception {
        write(project, "avro/money.avsc", MONEY.replace("\"long\"", "\"string\""));

        CompatibilityReport report = check(CompatibilityLevel.BACKWARD, baseline);

        assertThat(report.incompatibilities())
                .extracting(Incompatibility::format)
                .containsExactlyInAnyOrder(
                        project.resolve("avro/money.avsc")
                                + ": shop.Money.cents: type changed: reader type: STRING not compatible"
                                + " with writer type: LONG (the new schema cannot read data written with the previous schema)",
                        project.resolve("avro/events/order.avsc")
                                + ": shop.OrderEvent.total.cents: type changed: reader type: STRING"
                                + " not compatible with writer type: LONG (the new schema cannot read data written with the previous schema)");
    }

    @Test
    void aProtobufFieldTypeChangeBreaksNamingFileMessageAndField() throws Exception {
        write(
                project,
                "proto/shop/shipment.proto",
                PROTO_V1.replace("int64 weight_grams = 2;", "string weight_grams = 2;"));

        CompatibilityReport report = check(CompatibilityLevel.BACKWARD, baseline);

        assertThat(report.incompatibilities())
                .extracting(Incompatibility::format)
                .containsExactly(project.resolve("proto/shop/shipment.proto")
                        + ": shop.Shipment.weight_grams (field 2): type changed from int64"
                        + " to string (the new schema cannot read data written with the previous schema)");
    }

    @Test
    void anEditionsFileIsReadCheckedAndKeepsItsEditionInTheTextItRegisters() throws Exception {
        String parcel = """
        edition = "2023";
        package shop;
        message Parcel {
          string parcel_id = 1;
          int64 weight_grams = 2 [features.field_presence = IMPLICIT];
          repeated int32 sizes = 3 [features.repeated_field_encoding = EXPANDED];
        }
        """;
        write(baseline, "shop/parcel.proto", parcel);
        write(project, "proto/shop/parcel.proto", parcel);
        assertThat(check(CompatibilityLevel.FULL, baseline).compatible()).isTrue();

        write(project, "proto/shop/parcel.proto", parcel.replace("int64 weight_grams", "string weight_grams"));
        assertThat(check(CompatibilityLevel.BACKWARD, baseline).incompatibilities())
                .extracting(Incompatibility::message)
                .singleElement()
                .asString()
                .startsWith("shop.Parcel.weight_grams (field 2): type changed from int64 to string");

        ParsedSchema read = new ProtobufSchemaReader(options(), () -> protoc, dir.resolve("work/read"), false)
                .read(project.resolve("proto"), "main")
                .get("shop/parcel.proto")
                .schema();
        assertThat(read.canonical())
                .startsWith("edition = \"2023\";\n")
                .contains(
                        "  string weight_grams = 2 [\n    features.field_presence = IMPLICIT,\n    json_name = \"weightGrams\"\n  ];\n");
        ParsedSchema reparsed =
                new ProtobufFormat().parse(dev.ferry.registry.Schema.protobuf(read.canonical()), Map.of());
        assertThat(reparsed.canonical()).isEqualTo(read.canonical());
        assertThat(ProtobufFormat.fileDescriptor(reparsed)
                        .findMessageTypeByName("Parcel")
                        .findFieldByName("sizes")
                        .isPacked())
                .isFalse();
    }

    @Test
    void aProtobufFieldRemovedIsCompatibleReservedOrNotAsInConfluentsRules() throws Exception {
        write(project, "proto/shop/shipment.proto", PROTO_V1.replace("int64 weight_grams = 2;", "reserved 2;"));
        assertThat(check(CompatibilityLevel.FULL, baseline).compatible()).isTrue();

        // Confluent's registry reads no reserved statement: a removed field is FIELD_REMOVED, a compatible change.
        write(project, "proto/shop/shipment.proto", PROTO_V1.replace("int64 weight_grams = 2;", ""));
        assertThat(check(CompatibilityLevel.FULL, baseline).compatible()).isTrue();

        // Fields that could be set together put into one oneof: Confluent's MULTIPLE_FIELDS_MOVED_TO_ONEOF, which
        // breaks readers of the new schema only.
        write(
                project,
                "proto/shop/shipment.proto",
                PROTO_V1.replace(
                        "string shipment_id = 1;\n  int64 weight_grams = 2;",
                        "oneof key { string shipment_id = 1; int64 weight_grams = 2; }"));
        assertThat(check(CompatibilityLevel.FORWARD, baseline).compatible()).isTrue();
        assertThat(check(CompatibilityLevel.FULL, baseline).incompatibilities())
                .extracting(Incompatibility::message)
                .containsExactly("oneof shop.Shipment.key now holds fields that could be set together before:"
                        + " shop.Shipment.shipment_id (field 1) outside any oneof, shop.Shipment.weight_grams (field 2)"
                        + " outside any oneof (the new schema cannot read data written with the previous schema)");
    }

    @Test
    void transitiveLevelsCompareWithEveryBaselineAndOthersWithTheNewestOnly() throws Exception {
        Path older = dir.resolve("older");
        write(older, "order.avsc", ORDER_V1.replace("\"type\": \"Money\"", "\"type\": \"long\""));
        write(older, "money.avsc", MONEY);

        List<Baseline> both = List.of(new Baseline("v2", baseline), new Baseline("v1", older));

        assertThat(checker().check(CompatibilityLevel.BACKWARD, both, true).compatible())
                .isTrue();
        assertThat(checker()
                        .check(CompatibilityLevel.BACKWARD_TRANSITIVE, both, true)
                        .incompatibilities())
                .extracting(Incompatibility::message)
                .containsExactly(
                        "shop.OrderEvent.total: type changed: reader type: RECORD not compatible with writer type: LONG"
                                + " (the new schema cannot read data written with previous schema 2 (newest first))");
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void everyLevelAgreesWithAvrosCheckerOnARemovedFieldWithoutDefault(CompatibilityLevel level) throws Exception {
        String v2 = """
        {"type": "record", "name": "OrderEvent", "namespace": "shop", "fields": [{"name": "total", "type": "Money"}]}""";
        write(project, "avro/events/order.avsc", v2);
        Schema candidate = withMoney().parse(v2);
        Schema previous = withMoney().parse(ORDER_V1);
        boolean oracle = (!level.checksBackward() || compatible(candidate, previous))
                && (!level.checksForward() || compatible(previous, candidate));

        assertThat(check(level, baseline).compatible()).isEqualTo(oracle);
        assertThat(oracle).isEqualTo(!level.checksForward());
    }

    @Test
    void newAndRemovedSchemasAreReportedNotJudged() throws Exception {
        write(project, "avro/payment.avsc", """
        {"type": "record", "name": "PaymentEvent", "namespace": "shop", "fields": []}""");
        Files.delete(project.resolve("proto/shop/shipment.proto"));

        CompatibilityReport report = check(CompatibilityLevel.BACKWARD, baseline);

        assertThat(report.compatible()).isTrue();
        assertThat(report.added())
                .containsExactly(project.resolve("avro/payment.avsc").toString());
        assertThat(report.removed())
                .containsExactly(baseline.resolve("shop/shipment.proto").toString());
    }

    @Test
    void aSchemaRenamedSoItIsNoLongerPairedFailsNamingTheBaselineFileAndTheNewSchema() throws Exception {
        // Under TopicNameStrategy the subject stays, so the registry would compare these two: at BACKWARD
        // it refuses the new field without a default, which a pairing by full name never sees.
        Path renamed = project.resolve("avro/events/order.avsc");
        write(project, "avro/events/order.avsc", """
        {"type": "record", "name": "OrderEvent", "namespace": "shop.v2", "fields": [
          {"name": "orderId", "type": "string"},
          {"name": "total", "type": "shop.Money"},
          {"name": "note", "type": "string"}]}""");

        CompatibilityReport report =
                checker().check(CompatibilityLevel.BACKWARD, List.of(new Baseline("test", baseline)), true);

        assertThat(report.added()).containsExactly(renamed.toString());
        assertThat(report.incompatibilities())
                .containsExactly(new Incompatibility(
                        baseline.resolve("order.avsc"),
                        "shop.OrderEvent is not in the project, which has new shop.v2.OrderEvent (" + renamed
                                + "). A schema renamed or moved keeps its subject (TopicNameStrategy), where the"
                                + " registry compares old and new, but this check pairs schemas by name and cannot:"
                                + " keep the name shop.OrderEvent, or, if nothing reads or writes it any more, set"
                                + " <failOnRemovedSchema>false</failOnRemovedSchema>"));
    }

    @Test
    void aProtoFileMovedIsNamedByItsImportPath() throws Exception {
        Files.move(
                project.resolve("proto/shop/shipment.proto"),
                Files.createDirectories(project.resolve("proto/shop/v2")).resolve("shipment.proto"));

        CompatibilityReport report =
                checker().check(CompatibilityLevel.BACKWARD, List.of(new Baseline("test", baseline)), true);

        assertThat(report.incompatibilities())
                .extracting(Incompatibility::file, Incompatibility::message)
                .singleElement()
                .satisfies(t -> assertThat(t.toList())
                        .containsExactly(
                                baseline.resolve("shop/shipment.proto"),
                                "shop/shipment.proto is not in the project, which has new shop/v2/shipment.proto ("
                                        + project.resolve("proto/shop/v2/shipment.proto") + "). A schema renamed"
                                        + " or moved keeps its subject (TopicNameStrategy), where the registry compares"
                                        + " old and new, but this check pairs schemas by name and cannot: keep the name"
                                        + " shop/shipment.proto, or, if nothing reads or writes it any more, set"
                                        + " <failOnRemovedSchema>false</failOnRemovedSchema>"));
    }

    @Test
    void aBaselineOfProtosBelowProtoIsRead() throws Exception {
        Path nested = dir.resolve("nested");
        write(nested, "proto/shop/money.proto", PROTO_MONEY);
        write(nested, "proto/shop/shipment.proto", PROTO_V1.replace("Money fee = 3;", ""));

        CompatibilityReport report = check(CompatibilityLevel.BACKWARD, nested);

        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.incompatibilities()).isEmpty();
    }

    @Test
    void aSchemaOfTheProjectThatDoesNotParseIsReportedWithItsPosition() throws Exception {
        write(
                project,
                "proto/shop/shipment.proto",
                PROTO_V1.replace("int64 weight_grams = 2;", "Nope weight_grams = 2;"));

        assertThatThrownBy(() -> check(CompatibilityLevel.BACKWARD, baseline))
                .isInstanceOf(SchemaProblemsException.class)
                .hasMessageContaining(project.resolve("proto/shop/shipment.proto") + ":6:3: \"Nope\" is not defined.");
    }

    @Test
    void aBaselineThatDoesNotParseIsNamed() throws Exception {
        write(baseline, "order.avsc", "{\"type\": \"record\", \"name\": \"OrderEvent\", \"fields\": [");

        assertThatThrownBy(() -> check(CompatibilityLevel.BACKWARD, baseline))
                .isInstanceOf(CodegenFailure.class)
                .hasMessageStartingWith(
                        "the baseline test's Avro schemas do not parse: " + baseline.resolve("order.avsc"));
    }

    private CompatibilityReport check(CompatibilityLevel level, Path baselineRoot) {
        return checker().check(level, List.of(new Baseline("test", baselineRoot)), false);
    }

    private static ProtobufOptions options() {
        try {
            return new ProtobufOptions(
                    "version:test",
                    List.of(),
                    List.of(Path.of(Message.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())),
                    Duration.ofMinutes(2));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompatibilityChecker checker() {
        ProtobufOptions options = options();
        return new CompatibilityChecker(List.of(
                new CompatibilityChecker.Language(
                        project.resolve("avro"),
                        new AvroSchemaReader(false, List.of()),
                        new AvroSchemaReader(true, List.of()),
                        root -> root),
                new CompatibilityChecker.Language(
                        project.resolve("proto"),
                        new ProtobufSchemaReader(options, () -> protoc, dir.resolve("work/current"), false),
                        new ProtobufSchemaReader(options, () -> protoc, dir.resolve("work/baseline"), true),
                        root -> Files.isDirectory(root.resolve("proto")) ? root.resolve("proto") : root)));
    }

    private static boolean avroOracleCompatible(String reader, String writer) {
        return compatible(withMoney().parse(reader), withMoney().parse(writer));
    }

    private static Schema.Parser withMoney() {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(MONEY);
        return parser;
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private static void write(Path root, String file, String content) throws Exception {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, content);
    }

    /** ORDER_V1 with this field declared after orderId. */
    private static String orderWithNote(String field) {
        String orderId = "{\"name\": \"orderId\", \"type\": \"string\"},";
        return ORDER_V1.replace(orderId, orderId + " " + field + ",");
    }
}
