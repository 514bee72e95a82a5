package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.EveryLevel;
import dev.ferry.serdes.TransitiveLevels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of Confluent's Protobuf rules with a compatible and an incompatible change, at every level. The expected
 * verdicts are Confluent Schema Registry's: its {@code protobuf.diff} classes (SchemaDiff, MessageSchemaDiff,
 * FieldSchemaDiff) find typed differences from an original schema to an update, those not in
 * {@code SchemaDiff.COMPATIBLE_CHANGES} are incompatible, BACKWARD diffs (previous, new) and FORWARD (new, previous).
 * Each row names the Difference type that decides it; the rows were run through those classes unchanged.
 */
class ProtobufCompatibilityRulesTest {

    private static final ProtobufFormat FORMAT = new ProtobufFormat();

    /**
     * @param decidedBy      the Confluent Difference type that decides the verdict (several when each direction
     *                       has its own); a row's rule for {@link #everyDifferenceTypeHasACase()}
     * @param syntax         the syntax of a file {@code package p; message M { body }}, or null when previous and
     *                       candidate are whole files
     * @param breaksBackward the new schema cannot read data of the previous one
     * @param breaksForward  the previous schema cannot read data of the new one
     * @param fragment       what every message must say (naming the field), or null when compatible
     */
    record Rule(
            String decidedBy,
            String name,
            String syntax,
            String previous,
            String candidate,
            boolean breaksBackward,
            boolean breaksForward,
            String fragment) {

        String previousText() {
            return text(previous);
        }

        String candidateText() {
            return text(candidate);
        }

        private String text(String body) {
            return syntax == null ? body : messageFile(syntax, body);
        }
    }

    private static Rule ok(String decidedBy, String name, String syntax, String previous, String candidate) {
        return new Rule(decidedBy, name, syntax, previous, candidate, false, false, null);
    }

    private static Rule both(
            String decidedBy, String name, String syntax, String previous, String candidate, String fragment) {
        return new Rule(decidedBy, name, syntax, previous, candidate, true, true, fragment);
    }

    private static Rule backward(
            String decidedBy, String name, String syntax, String previous, String candidate, String fragment) {
        return new Rule(decidedBy, name, syntax, previous, candidate, true, false, fragment);
    }

    private static Rule forward(
            String decidedBy, String name, String syntax, String previous, String candidate, String fragment) {
        return new Rule(decidedBy, name, syntax, previous, candidate, false, true, fragment);
    }

    // Rows marked F1/F2 are the findings of review s38 (review-plugin.md), where Ferry's own rules had differed.
    static List<Rule> rules() {
        return List.of(
                // Field types: Confluent compares kinds (scalar, map, message), then scalar groups, then message names.
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "type change to another encoding",
                        "proto3",
                        "int64 a = 1;",
                        "string a = 1;",
                        "p.M.a (field 1): type changed from int64 to string"),
                ok(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "type change within one encoding",
                        "proto3",
                        "int32 a = 1;",
                        "int64 a = 1;"),
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "zigzag to plain varint",
                        "proto3",
                        "sint32 a = 1;",
                        "int32 a = 1;",
                        "p.M.a (field 1): type changed from sint32 to int32"),
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "float to double",
                        "proto3",
                        "float a = 1;",
                        "double a = 1;",
                        "p.M.a (field 1): type changed from float to double"),
                // F2: an enum is a GENERAL_NUMBER scalar (FieldSchemaDiff.scalarKind), so it is int32's kin
                ok(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "int32 made an enum (F2)",
                        "proto3",
                        "int32 e = 1; enum E { Z = 0; }",
                        "E e = 1; enum E { Z = 0; }"),
                ok(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "one enum type for another (F2)",
                        "proto3",
                        "A e = 1; enum A { Z = 0; } enum B { Y = 0; }",
                        "B e = 1; enum A { Z = 0; } enum B { Y = 0; }"),
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "enum made a string",
                        "proto3",
                        "E e = 1; enum E { Z = 0; }",
                        "string e = 1; enum E { Z = 0; }",
                        "p.M.e (field 1): type changed from p.M.E to string"),
                both(
                        "FIELD_KIND_CHANGED",
                        "scalar made a message",
                        "proto3",
                        "int32 a = 1; message X {}",
                        "X a = 1; message X {}",
                        "p.M.a (field 1): type changed from int32 to p.M.X"),
                ok(
                        "FIELD_KIND_CHANGED",
                        "message kept a message",
                        "proto3",
                        "X a = 1; message X {}",
                        "X a = 1; message X {}"),
                both(
                        "FIELD_NAMED_TYPE_CHANGED",
                        "message type change",
                        "proto3",
                        "X a = 1; message X {} message Y {}",
                        "Y a = 1; message X {} message Y {}",
                        "p.M.a (field 1): type changed from p.M.X to p.M.Y"),
                ok(
                        "FIELD_NAMED_TYPE_CHANGED",
                        "message type kept in a file without a package",
                        null,
                        "syntax = \"proto3\"; message X {} message M { X a = 1; }",
                        "syntax = \"proto3\"; message X {} message M { X a = 1; int32 b = 2; }"),
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "a field of a nested message changed",
                        "proto3",
                        "X a = 1; message X { int32 b = 1; }",
                        "X a = 1; message X { string b = 1; }",
                        "p.M.X.b (field 1): type changed from int32 to string"),
                ok(
                        "FIELD_NAME_CHANGED",
                        "field renamed, same number and type",
                        "proto3",
                        "int32 a = 1;",
                        "int32 renamed = 1;"),
                // Removal and addition: Confluent reads no reserved statement at all.
                ok(
                        "FIELD_REMOVED",
                        "field removed without reserving (F2)",
                        "proto3",
                        "int32 a = 1; string b = 2;",
                        "int32 a = 1;"),
                ok(
                        "FIELD_REMOVED",
                        "field removed and reserved",
                        "proto3",
                        "int32 a = 1; string b = 2;",
                        "int32 a = 1; reserved 2;"),
                ok("FIELD_REMOVED, FIELD_ADDED", "field renumbered (F2)", "proto3", "int32 a = 1;", "int32 a = 2;"),
                ok(
                        "FIELD_ADDED",
                        "reserved number reused",
                        "proto3",
                        "int32 a = 1; reserved 2;",
                        "int32 a = 1; string c = 2;"),
                ok(
                        "FIELD_ADDED",
                        "reserved name reused (F2)",
                        "proto3",
                        "int32 a = 1; reserved \"b\";",
                        "int32 a = 1; string b = 3;"),
                both(
                        "REQUIRED_FIELD_REMOVED, REQUIRED_FIELD_ADDED",
                        "required field removed even though reserved (F1)",
                        "proto2",
                        "optional int32 a = 1; required int32 b = 2;",
                        "optional int32 a = 1; reserved 2;",
                        "p.M.b (field 2): a required field was removed"),
                ok(
                        "FIELD_REMOVED",
                        "optional field removed and reserved",
                        "proto2",
                        "optional int32 a = 1; optional string b = 2;",
                        "optional int32 a = 1; reserved 2;"),
                both(
                        "REQUIRED_FIELD_ADDED, REQUIRED_FIELD_REMOVED",
                        "required field added (F1)",
                        "proto2",
                        "optional int32 a = 1;",
                        "optional int32 a = 1; required int32 b = 2;",
                        "p.M.b (field 2): a required field was added"),
                ok(
                        "FIELD_ADDED",
                        "optional field added",
                        "proto2",
                        "optional int32 a = 1;",
                        "optional int32 a = 1; optional int32 b = 2;"),
                // Labels: compared only for scalars, only when both have one (a proto3 field without a label has none).
                both(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "optional made required (F1)",
                        "proto2",
                        "optional int32 a = 1;",
                        "required int32 a = 1;",
                        "p.M.a (field 1): changed from optional to required"),
                both(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "required made optional (F1)",
                        "proto2",
                        "required int32 a = 1;",
                        "optional int32 a = 1;",
                        "p.M.a (field 1): changed from required to optional"),
                both(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "proto3 optional made repeated",
                        "proto3",
                        "optional int32 a = 1;",
                        "repeated int32 a = 1;",
                        "p.M.a (field 1): changed from optional to repeated"),
                ok(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "required kept required, renamed",
                        "proto2",
                        "required int32 a = 1;",
                        "required int32 b = 1;"),
                ok(
                        "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
                        "proto2 optional string made required (F2)",
                        "proto2",
                        "optional string a = 1;",
                        "required string a = 1;"),
                ok(
                        "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
                        "singular string made repeated (F2)",
                        "proto3",
                        "string a = 1;",
                        "repeated string a = 1;"),
                ok(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "proto3 int64 made repeated (F2)",
                        "proto3",
                        "int64 a = 1;",
                        "repeated int64 a = 1;"),
                ok(
                        "FIELD_NUMERIC_LABEL_CHANGED",
                        "proto3 repeated int64 made singular",
                        "proto3",
                        "repeated int64 a = 1;",
                        "int64 a = 1;"),
                ok(
                        "FIELD_NAMED_TYPE_CHANGED",
                        "message made repeated (F2)",
                        "proto3",
                        "X a = 1; message X {}",
                        "repeated X a = 1; message X {}"),
                ok(
                        "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
                        "repeated kept repeated, element within one encoding",
                        "proto3",
                        "repeated string a = 1;",
                        "repeated bytes a = 1;"),
                // Maps: key and value are compared as field types without labels.
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "map value type changed",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<string, string> m = 1;",
                        "p.M.m (field 1): type changed from map<string, int32> to map<string, string>"),
                both(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "map key type changed",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<int64, int32> m = 1;",
                        "p.M.m (field 1): type changed from map<string, int32> to map<int64, int32>"),
                ok(
                        "FIELD_SCALAR_KIND_CHANGED",
                        "map key within one encoding (F2)",
                        "proto3",
                        "map<int32, string> m = 1;",
                        "map<int64, string> m = 1;"),
                both(
                        "FIELD_KIND_CHANGED",
                        "map made a repeated message",
                        "proto3",
                        "map<string, int32> m = 1; message E {}",
                        "repeated E m = 1; message E {}",
                        "p.M.m (field 1): type changed from map<string, int32> to p.M.E"),
                ok(
                        "FIELD_NAME_CHANGED",
                        "map renamed, same number and types",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<string, int32> counts = 1;"),
                ok(
                        "FIELD_ADDED",
                        "map field added",
                        "proto3",
                        "int32 a = 1;",
                        "int32 a = 1; map<string, int32> m = 2;"),
                // Oneofs: fields that could be set together must stay so, and a surviving oneof keeps its members.
                backward(
                        "FIELD_MOVED_TO_EXISTING_ONEOF",
                        "field moved into an existing oneof (F2)",
                        "proto3",
                        "oneof o { int32 a = 1; } int32 b = 2;",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "p.M.b (field 2) outside any oneof"),
                backward(
                        "FIELD_MOVED_TO_EXISTING_ONEOF",
                        "two oneofs merged",
                        "proto3",
                        "oneof o { int32 a = 1; } oneof q { int32 b = 2; }",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "p.M.b (field 2) in the oneof q"),
                backward(
                        "MULTIPLE_FIELDS_MOVED_TO_ONEOF",
                        "several fields moved into a new oneof (F2)",
                        "proto3",
                        "int32 a = 1; int32 b = 2;",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "oneof p.M.o now holds fields that could be set together before"),
                ok(
                        "ONEOF_ADDED",
                        "one field moved into a new oneof",
                        "proto3",
                        "int32 a = 1; int32 b = 2;",
                        "oneof o { int32 a = 1; } int32 b = 2;"),
                ok(
                        "ONEOF_ADDED",
                        "oneof added with new fields",
                        "proto3",
                        "int32 x = 3;",
                        "int32 x = 3; oneof o { int32 a = 1; }"),
                ok(
                        "ONEOF_ADDED, ONEOF_REMOVED",
                        "oneof renamed",
                        "proto3",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "oneof q { int32 a = 1; int32 b = 2; }"),
                forward(
                        "FIELD_MOVED_TO_EXISTING_ONEOF",
                        "field moved out of a oneof",
                        "proto3",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "int32 a = 1; oneof o { int32 b = 2; }",
                        "p.M.a (field 1) outside any oneof"),
                ok(
                        "ONEOF_FIELD_MOVED_TO_TOP_LEVEL",
                        "single member of a oneof moved out (F2)",
                        "proto3",
                        "oneof o { int32 a = 1; } int32 c = 3;",
                        "int32 a = 1; int32 c = 3;"),
                backward(
                        "ONEOF_FIELD_REMOVED",
                        "oneof member removed (F2)",
                        "proto3",
                        "oneof o { int32 a = 1; string b = 2; }",
                        "oneof o { int32 a = 1; }",
                        "p.M.b (field 2) was removed from the oneof o"),
                backward(
                        "ONEOF_FIELD_REMOVED",
                        "oneof member removed and reserved (F1)",
                        "proto3",
                        "oneof o { int32 a = 1; string b = 2; }",
                        "oneof o { int32 a = 1; } reserved 2;",
                        "p.M.b (field 2) was removed from the oneof o"),
                forward(
                        "ONEOF_FIELD_ADDED, ONEOF_FIELD_REMOVED",
                        "oneof member added",
                        "proto3",
                        "oneof o { int32 a = 1; }",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "p.M.b (field 2) was added to the oneof o"),
                forward(
                        "ONEOF_FIELD_REMOVED",
                        "field moved into a new oneof with a new field",
                        "proto3",
                        "int32 a = 1;",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "p.M.b (field 2) was added to the oneof o"),
                ok(
                        "ONEOF_REMOVED",
                        "whole oneof deleted (F2)",
                        "proto3",
                        "int32 x = 3; oneof o { int32 a = 1; string b = 2; }",
                        "int32 x = 3;"),
                // Enums: every enum change is in COMPATIBLE_CHANGES.
                ok(
                        "ENUM_CONST_REMOVED",
                        "enum value removed (F2)",
                        "proto3",
                        "E e = 1; enum E { Z = 0; A = 1; B = 2; }",
                        "E e = 1; enum E { Z = 0; A = 1; }"),
                ok(
                        "ENUM_CONST_ADDED",
                        "enum value added",
                        "proto3",
                        "E e = 1; enum E { Z = 0; A = 1; }",
                        "E e = 1; enum E { Z = 0; A = 1; B = 2; }"),
                ok(
                        "ENUM_CONST_CHANGED",
                        "enum value renamed",
                        "proto3",
                        "E e = 1; enum E { Z = 0; A = 1; }",
                        "E e = 1; enum E { Z = 0; B = 1; }"),
                ok("ENUM_REMOVED", "nested enum removed", "proto3", "int32 a = 1; enum E { Z = 0; }", "int32 a = 1;"),
                // Messages: one missing from the update is incompatible, so adding one breaks FORWARD.
                backward(
                        "MESSAGE_REMOVED",
                        "nested message removed",
                        "proto3",
                        "int32 a = 1; message Old {}",
                        "int32 a = 1;",
                        "message p.M.Old was removed or renamed"),
                ok("ENUM_ADDED", "nested enum added", "proto3", "int32 a = 1;", "int32 a = 1; enum E { Z = 0; }"),
                forward(
                        "MESSAGE_ADDED, MESSAGE_REMOVED",
                        "nested message added",
                        "proto3",
                        "int32 a = 1;",
                        "int32 a = 1; message Extra {}",
                        "message p.M.Extra was added"),
                forward(
                        "MESSAGE_REMOVED",
                        "top-level message added",
                        null,
                        "syntax = \"proto3\"; package p; message A {}",
                        "syntax = \"proto3\"; package p; message A {} message B {}",
                        "message p.B was added"),
                ok(
                        "MESSAGE_MOVED",
                        "top-level messages reordered",
                        null,
                        "syntax = \"proto3\"; package p; message A {} message B {}",
                        "syntax = \"proto3\"; package p; message B {} message A {}"),
                // Packages: the file's package is compared, whatever it holds.
                both(
                        "PACKAGE_CHANGED",
                        "package changed (F1)",
                        null,
                        "syntax = \"proto3\"; package p; message M { int32 a = 1; }",
                        "syntax = \"proto3\"; package q; message M { int32 a = 1; }",
                        "the package changed from p to q"),
                both(
                        "PACKAGE_CHANGED",
                        "package of a file of enums changed (F1)",
                        null,
                        "syntax = \"proto3\"; package p; enum E { Z = 0; }",
                        "syntax = \"proto3\"; package q; enum E { Z = 0; }",
                        "the package changed from p to q"),
                both(
                        "PACKAGE_CHANGED",
                        "package added",
                        null,
                        "syntax = \"proto3\"; message M { int32 a = 1; }",
                        "syntax = \"proto3\"; package p; message M { int32 a = 1; }",
                        "the package changed from none to p"),
                ok(
                        "PACKAGE_CHANGED",
                        "package kept",
                        null,
                        "syntax = \"proto3\"; package p; message M { int32 a = 1; }",
                        "syntax = \"proto3\"; package p; message M { int32 b = 1; }"));
    }

    static Stream<Arguments> rulesAtEveryLevel() {
        return EveryLevel.crossed(rules(), Rule::name);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("rulesAtEveryLevel")
    void ruleAppliesInTheDirectionsTheLevelChecks(Rule rule, CompatibilityLevel level) {
        ParsedSchema previous = parse(rule.previousText());
        ParsedSchema candidate = parse(rule.candidateText());

        List<String> problems = FORMAT.checkCompatibility(level, candidate, List.of(previous));

        boolean incompatible =
                (level.checksBackward() && rule.breaksBackward()) || (level.checksForward() && rule.breaksForward());
        if (incompatible) {
            assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains(rule.fragment()));
        } else {
            assertThat(problems).isEmpty();
        }
    }

    /** Confluent's Difference types; those not in its SchemaDiff.COMPATIBLE_CHANGES make a change incompatible. */
    private static final Set<String> INCOMPATIBLE_TYPES = Set.of(
            "PACKAGE_CHANGED",
            "MESSAGE_REMOVED",
            "FIELD_KIND_CHANGED",
            "FIELD_SCALAR_KIND_CHANGED",
            "FIELD_NAMED_TYPE_CHANGED",
            "FIELD_NUMERIC_LABEL_CHANGED",
            "REQUIRED_FIELD_ADDED",
            "REQUIRED_FIELD_REMOVED",
            "ONEOF_FIELD_REMOVED",
            "MULTIPLE_FIELDS_MOVED_TO_ONEOF",
            "FIELD_MOVED_TO_EXISTING_ONEOF");

    private static final Set<String> COMPATIBLE_TYPES = Set.of(
            "MESSAGE_ADDED",
            "MESSAGE_MOVED",
            "ENUM_ADDED",
            "ENUM_REMOVED",
            "ENUM_CONST_ADDED",
            "ENUM_CONST_CHANGED",
            "ENUM_CONST_REMOVED",
            "FIELD_ADDED",
            "FIELD_REMOVED",
            "FIELD_NAME_CHANGED",
            "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
            "ONEOF_ADDED",
            "ONEOF_REMOVED",
            "ONEOF_FIELD_ADDED",
            "ONEOF_FIELD_MOVED_TO_TOP_LEVEL");

    @Test
    void everyDifferenceTypeHasACase() {
        Map<String, List<Rule>> byType = rules().stream()
                .flatMap(r -> Stream.of(r.decidedBy().split(", ")).map(type -> Map.entry(type, r)))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));

        assertThat(byType.keySet())
                .allSatisfy(type -> assertThat(INCOMPATIBLE_TYPES.contains(type) || COMPATIBLE_TYPES.contains(type))
                        .as("%s is one of Confluent's Difference types", type)
                        .isTrue());
        INCOMPATIBLE_TYPES.forEach(type -> assertThat(byType.get(type))
                .as("a change %s makes incompatible", type)
                .anySatisfy(
                        r -> assertThat(r.breaksBackward() || r.breaksForward()).isTrue()));
        COMPATIBLE_TYPES.forEach(type -> assertThat(byType.get(type))
                .as("a change %s accepts", type)
                .anySatisfy(r ->
                        assertThat(!r.breaksBackward() || !r.breaksForward()).isTrue()));
        assertThat(rules()).allSatisfy(r -> assertThat(r.fragment() == null)
                .as("%s: a fragment exactly when something breaks", r.name())
                .isEqualTo(!r.breaksBackward() && !r.breaksForward()));
        assertThat(rules()).extracting(Rule::name).doesNotHaveDuplicates();
    }

    @Test
    void transitiveLevelsCompareWithEveryEarlierVersion() {
        ParsedSchema v1 = parse("proto3", "int64 a = 1;");
        ParsedSchema v2 = parse("proto3", "int32 b = 2;");
        ParsedSchema v3 = parse("proto3", "string a = 1; int32 b = 2;");

        TransitiveLevels.onlyTheTransitiveLevelComparesWithTheOldest(
                FORMAT,
                v3,
                v2,
                v1,
                "p.M.a (field 1): type changed from int64 to string",
                "previous schema 2 (newest first)");
    }

    @Test
    void aTypeFromAnImportIsComparedThroughTheFieldThatUsesIt() {
        String order = "syntax = \"proto3\"; package shop; import \"money.proto\"; message Order { Money total = 1; }";
        String money = "syntax = \"proto3\"; package shop; message Money { int64 units = 1; }";
        ParsedSchema previous = FORMAT.parse(Schema.protobuf(order), Map.of("money.proto", money));
        ParsedSchema sameImport = FORMAT.parse(
                Schema.protobuf(order.replace("total = 1;", "total = 1; string note = 2;")),
                Map.of("money.proto", money));
        ParsedSchema changedImport = FORMAT.parse(
                Schema.protobuf(order), Map.of("money.proto", money.replace("int64 units", "string units")));

        assertThat(FORMAT.checkCompatibility(CompatibilityLevel.FULL, sameImport, List.of(previous)))
                .isEmpty();
        assertThat(FORMAT.checkCompatibility(CompatibilityLevel.FULL, changedImport, List.of(previous)))
                .containsExactly(
                        "shop.Money.units (field 1): type changed from int64 to string (the new schema cannot read data"
                                + " written with the previous schema)",
                        "shop.Money.units (field 1): type changed from int64 to string (the previous schema cannot read"
                                + " data written with the new schema)");
    }

    @Test
    void topLevelMessageRenameIsReported() {
        ParsedSchema previous =
                FORMAT.parse(Schema.protobuf("syntax=\"proto3\"; package p; message Order {}"), Map.of());
        ParsedSchema candidate =
                FORMAT.parse(Schema.protobuf("syntax=\"proto3\"; package p; message Purchase {}"), Map.of());

        assertThat(FORMAT.checkCompatibility(CompatibilityLevel.BACKWARD, candidate, List.of(previous)))
                .singleElement()
                .asString()
                .contains("message p.Order was removed or renamed");
    }

    private static String messageFile(String syntax, String body) {
        return "syntax = \"" + syntax + "\";\npackage p;\nmessage M {\n" + body + "\n}\n";
    }

    private static ParsedSchema parse(String syntax, String body) {
        return parse(messageFile(syntax, body));
    }

    private static ParsedSchema parse(String text) {
        return FORMAT.parse(Schema.protobuf(text), Map.of());
    }
}
