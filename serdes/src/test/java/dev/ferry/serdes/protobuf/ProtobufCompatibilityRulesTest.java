package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.EveryLevel;
import dev.ferry.serdes.TransitiveLevels;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule with a compatible and an incompatible change, at every level. */
class ProtobufCompatibilityRulesTest {

    private static final ProtobufFormat FORMAT = new ProtobufFormat();

    /**
     * @param key            the rule of {@code ProtoCompatibility} this case exercises
     * @param breaksBackward the new schema cannot read data of the previous one
     * @param breaksForward  the previous schema cannot read data of the new one
     * @param fragment       what the message must say (naming the field), or null when compatible
     */
    record Rule(
            String key,
            String name,
            String syntax,
            String previous,
            String candidate,
            boolean breaksBackward,
            boolean breaksForward,
            String fragment) {}

    static List<Rule> rules() {
        return List.of(
                new Rule(
                        "type",
                        "type change to another encoding",
                        "proto3",
                        "int64 a = 1;",
                        "string a = 1;",
                        true,
                        true,
                        "p.M.a (field 1): type changed from int64 to string"),
                new Rule(
                        "type",
                        "type change within one encoding",
                        "proto3",
                        "int32 a = 1;",
                        "int64 a = 1;",
                        false,
                        false,
                        null),
                new Rule(
                        "type",
                        "message type change",
                        "proto3",
                        "X a = 1; message X {} message Y {}",
                        "Y a = 1; message X {} message Y {}",
                        true,
                        true,
                        "p.M.a (field 1): type changed from p.M.X to p.M.Y"),
                new Rule(
                        "type",
                        "field renamed, same number and type",
                        "proto3",
                        "int32 a = 1;",
                        "int32 renamed = 1;",
                        false,
                        false,
                        null),
                new Rule(
                        "removal",
                        "field removed without reserving",
                        "proto3",
                        "int32 a = 1; string b = 2;",
                        "int32 a = 1;",
                        true,
                        true,
                        "p.M.b (field 2) was removed without reserving number 2"),
                new Rule(
                        "removal",
                        "field removed and reserved",
                        "proto3",
                        "int32 a = 1; string b = 2;",
                        "int32 a = 1; reserved 2;",
                        false,
                        false,
                        null),
                new Rule(
                        "required removal",
                        "required field removed even though reserved",
                        "proto2",
                        "optional int32 a = 1; required string b = 2;",
                        "optional int32 a = 1; reserved 2;",
                        false,
                        true,
                        "p.M.b (field 2): a required field was removed"),
                new Rule(
                        "required removal",
                        "optional field removed and reserved",
                        "proto2",
                        "optional int32 a = 1; optional string b = 2;",
                        "optional int32 a = 1; reserved 2;",
                        false,
                        false,
                        null),
                new Rule(
                        "reserved number",
                        "reserved number reused",
                        "proto3",
                        "int32 a = 1; reserved 2;",
                        "int32 a = 1; string c = 2;",
                        true,
                        true,
                        "p.M.c (field 2) reuses the reserved number 2"),
                new Rule(
                        "reserved number",
                        "new field on a fresh number",
                        "proto3",
                        "int32 a = 1; reserved 2;",
                        "int32 a = 1; string c = 3;",
                        false,
                        false,
                        null),
                new Rule(
                        "reserved name",
                        "reserved name reused",
                        "proto3",
                        "int32 a = 1; reserved \"b\";",
                        "int32 a = 1; string b = 3;",
                        true,
                        true,
                        "p.M.b (field 3) reuses the reserved name b"),
                new Rule(
                        "reserved name",
                        "new field on a fresh name",
                        "proto3",
                        "int32 a = 1; reserved \"b\";",
                        "int32 a = 1; string c = 3;",
                        false,
                        false,
                        null),
                new Rule(
                        "required added",
                        "required field added",
                        "proto2",
                        "optional int32 a = 1;",
                        "optional int32 a = 1; required int32 b = 2;",
                        true,
                        false,
                        "p.M.b (field 2): a required field was added"),
                new Rule(
                        "required added",
                        "optional field added",
                        "proto2",
                        "optional int32 a = 1;",
                        "optional int32 a = 1; optional int32 b = 2;",
                        false,
                        false,
                        null),
                new Rule(
                        "optionality",
                        "optional made required",
                        "proto2",
                        "optional int32 a = 1;",
                        "required int32 a = 1;",
                        true,
                        false,
                        "p.M.a (field 1): changed from optional to required"),
                new Rule(
                        "optionality",
                        "required made optional",
                        "proto2",
                        "required int32 a = 1;",
                        "optional int32 a = 1;",
                        false,
                        true,
                        "p.M.a (field 1): changed from required to optional"),
                new Rule(
                        "optionality",
                        "required kept required, renamed",
                        "proto2",
                        "required int32 a = 1;",
                        "required int32 b = 1;",
                        false,
                        false,
                        null),
                new Rule(
                        "repetition",
                        "singular made repeated",
                        "proto3",
                        "string a = 1;",
                        "repeated string a = 1;",
                        true,
                        true,
                        "p.M.a (field 1): changed from singular to repeated"),
                new Rule(
                        "repetition",
                        "repeated made singular",
                        "proto3",
                        "repeated int64 a = 1;",
                        "int64 a = 1;",
                        true,
                        true,
                        "p.M.a (field 1): changed from repeated to singular"),
                new Rule(
                        "repetition",
                        "repeated kept repeated, element within one encoding",
                        "proto3",
                        "repeated string a = 1;",
                        "repeated bytes a = 1;",
                        false,
                        false,
                        null),
                new Rule(
                        "map",
                        "map value type changed",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<string, string> m = 1;",
                        true,
                        true,
                        "p.M.m (field 1): type changed from map<string, int32> to map<string, string>"),
                new Rule(
                        "map",
                        "map key type changed",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<int64, int32> m = 1;",
                        true,
                        true,
                        "p.M.m (field 1): type changed from map<string, int32> to map<int64, int32>"),
                new Rule(
                        "map",
                        "map made a repeated message",
                        "proto3",
                        "map<string, int32> m = 1; message E {}",
                        "repeated E m = 1; message E {}",
                        true,
                        true,
                        "p.M.m (field 1): type changed from map<string, int32> to p.M.E"),
                new Rule(
                        "map",
                        "map renamed, same number and types",
                        "proto3",
                        "map<string, int32> m = 1;",
                        "map<string, int32> counts = 1;",
                        false,
                        false,
                        null),
                new Rule(
                        "map",
                        "map field added",
                        "proto3",
                        "int32 a = 1;",
                        "int32 a = 1; map<string, int32> m = 2;",
                        false,
                        false,
                        null),
                new Rule(
                        "oneof",
                        "field moved into an existing oneof",
                        "proto3",
                        "oneof o { int32 a = 1; } int32 b = 2;",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        true,
                        true,
                        "p.M.b (field 2) was moved into the existing oneof o"),
                new Rule(
                        "oneof",
                        "several fields moved into a new oneof",
                        "proto3",
                        "int32 a = 1; int32 b = 2;",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        true,
                        true,
                        "was moved into the new oneof o together with other existing fields"),
                new Rule(
                        "oneof",
                        "one field moved into a new oneof",
                        "proto3",
                        "int32 a = 1; int32 b = 2;",
                        "oneof o { int32 a = 1; } int32 b = 2;",
                        false,
                        false,
                        null),
                new Rule(
                        "oneof",
                        "field moved out of a oneof",
                        "proto3",
                        "oneof o { int32 a = 1; int32 b = 2; }",
                        "int32 a = 1; oneof o { int32 b = 2; }",
                        false,
                        true,
                        "p.M.a (field 1) was moved out of the oneof o"),
                new Rule(
                        "enum",
                        "enum value removed",
                        "proto3",
                        "E e = 1; enum E { Z = 0; A = 1; B = 2; }",
                        "E e = 1; enum E { Z = 0; A = 1; }",
                        true,
                        false,
                        "p.M.E.B (enum value 2) was removed"),
                new Rule(
                        "enum",
                        "enum value added",
                        "proto3",
                        "E e = 1; enum E { Z = 0; A = 1; }",
                        "E e = 1; enum E { Z = 0; A = 1; B = 2; }",
                        false,
                        false,
                        null),
                new Rule(
                        "message",
                        "nested message removed or renamed",
                        "proto3",
                        "int32 a = 1; message Old {}",
                        "int32 a = 1; message New {}",
                        true,
                        false,
                        "message p.M.Old was removed or renamed"),
                new Rule(
                        "message",
                        "nested message added",
                        "proto3",
                        "int32 a = 1;",
                        "int32 a = 1; message Extra {}",
                        false,
                        false,
                        null));
    }

    static Stream<Arguments> rulesAtEveryLevel() {
        return EveryLevel.crossed(rules(), Rule::name);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("rulesAtEveryLevel")
    void ruleAppliesInTheDirectionsTheLevelChecks(Rule rule, CompatibilityLevel level) {
        ParsedSchema previous = parse(rule.syntax(), rule.previous());
        ParsedSchema candidate = parse(rule.syntax(), rule.candidate());

        List<String> problems = FORMAT.checkCompatibility(level, candidate, List.of(previous));

        boolean incompatible =
                (level.checksBackward() && rule.breaksBackward()) || (level.checksForward() && rule.breaksForward());
        if (incompatible) {
            assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).contains(rule.fragment()));
        } else {
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void everyRuleHasACompatibleAndAnIncompatibleCase() {
        Map<String, List<Rule>> byKey = rules().stream().collect(Collectors.groupingBy(Rule::key));

        assertThat(byKey.keySet())
                .containsExactlyInAnyOrder(
                        "type",
                        "removal",
                        "required removal",
                        "reserved number",
                        "reserved name",
                        "required added",
                        "optionality",
                        "repetition",
                        "map",
                        "oneof",
                        "enum",
                        "message");
        byKey.forEach((key, cases) -> {
            assertThat(cases).as("compatible cases of rule '%s'", key).anySatisfy(r -> assertThat(
                            r.fragment() == null && !r.breaksBackward() && !r.breaksForward())
                    .isTrue());
            assertThat(cases).as("incompatible cases of rule '%s'", key).anySatisfy(r -> assertThat(
                            r.fragment() != null && (r.breaksBackward() || r.breaksForward()))
                    .isTrue());
        });
        assertThat(rules()).allSatisfy(r -> assertThat(r.fragment() == null)
                .as("%s: a fragment exactly when something breaks", r.name())
                .isEqualTo(!r.breaksBackward() && !r.breaksForward()));
    }

    @Test
    void transitiveLevelsCompareWithEveryEarlierVersion() {
        ParsedSchema v1 = parse("proto3", "int32 a = 1; string b = 2;");
        ParsedSchema v2 = parse("proto3", "int32 a = 1; reserved 2;");
        ParsedSchema v3 = parse("proto3", "int32 a = 1;");

        TransitiveLevels.onlyTheTransitiveLevelComparesWithTheOldest(
                FORMAT,
                v3,
                v2,
                v1,
                "p.M.b (field 2) was removed without reserving number 2",
                "previous schema 2 (newest first)");
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

    private static ParsedSchema parse(String syntax, String body) {
        return FORMAT.parse(
                Schema.protobuf("syntax = \"" + syntax + "\";\npackage p;\nmessage M {\n" + body + "\n}\n"), Map.of());
    }
}
