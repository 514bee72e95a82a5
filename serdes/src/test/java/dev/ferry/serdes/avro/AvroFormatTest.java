package dev.ferry.serdes.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormats;
import dev.ferry.serdes.EveryLevel;
import dev.ferry.serdes.TransitiveLevels;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroFormatTest {

    private static final AvroFormat FORMAT = new AvroFormat();

    static final String MONEY = """
            {"type":"record","name":"Money","namespace":"com.acme","fields":[
              {"name":"currency","type":"string"},{"name":"units","type":"long"}]}""";

    static final String ORDER = """
            {"type": "record", "name": "Order", "namespace": "com.acme",
             "fields": [
               {"name": "id", "type": "string"},
               {"name": "total", "type": "com.acme.Money"},
               {"name": "lines", "type": {"type": "array", "items":
                 {"type": "record", "name": "Line", "fields": [{"name": "sku", "type": "string"}]}}}
             ]}""";

    @Test
    void isFoundThroughServiceLoader() {
        assertThat(SchemaFormats.find(SchemaType.AVRO)).get().isInstanceOf(AvroFormat.class);
    }

    @Test
    void parsesWithReferencesAndNamesWhatItDefinesAndReferences() {
        ParsedSchema parsed = FORMAT.parse(Schema.avro(ORDER), Map.of("com.acme.Money", MONEY));

        assertThat(parsed.definedNames()).containsExactly("com.acme.Order", "com.acme.Line");
        assertThat(parsed.declaredReferences()).containsExactly("com.acme.Money");
        assertThat(parsed.canonical()).doesNotContain("currency").contains("\"type\":\"Money\"");
        assertThat(AvroFormat.avroSchema(parsed).getField("total").schema().getField("units"))
                .isNotNull();
    }

    @Test
    void referencesMayDependOnEachOtherInAnyOrder() {
        String amount = """
                {"type":"record","name":"Amount","namespace":"com.acme","fields":[{"name":"money","type":"com.acme.Money"}]}""";
        String uses = """
                {"type":"record","name":"Invoice","namespace":"com.acme","fields":[{"name":"amount","type":"com.acme.Amount"}]}""";
        Map<String, String> references = new java.util.LinkedHashMap<>();
        references.put("com.acme.Amount", amount);
        references.put("com.acme.Money", MONEY);

        ParsedSchema parsed = FORMAT.parse(Schema.avro(uses), references);

        assertThat(parsed.definedNames()).containsExactly("com.acme.Invoice");
    }

    @Test
    void canonicalIgnoresWhitespaceAndNormalizedIgnoresKeyOrder() {
        ParsedSchema a = FORMAT.parse(
                Schema.avro("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}"),
                Map.of());
        ParsedSchema b = FORMAT.parse(
                Schema.avro(
                        "{ \"type\" : \"record\" , \"name\" : \"R\",\n \"fields\" : [ {\"name\":\"x\",\"type\":\"int\"} ] }"),
                Map.of());
        ParsedSchema c = FORMAT.parse(
                Schema.avro("{\"fields\":[{\"type\":\"int\",\"name\":\"x\"}],\"name\":\"R\",\"type\":\"record\"}"),
                Map.of());

        assertThat(b.canonical()).isEqualTo(a.canonical());
        assertThat(c.normalized()).isEqualTo(a.normalized());
    }

    @Test
    void invalidSchemasAndMissingReferencesAreRejected() {
        assertThatThrownBy(() -> FORMAT.parse(Schema.avro(ORDER), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("com.acme.Money");
        assertThatThrownBy(() -> FORMAT.parse(Schema.avro("{\"type\":\"record\"}"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("invalid Avro schema");
    }

    record Rule(String name, String previousFields, String candidateFields, String fragment) {}

    static List<Rule> rules() {
        return List.of(
                new Rule(
                        "field added without default",
                        "{\"name\":\"a\",\"type\":\"int\"}",
                        "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}",
                        "com.acme.R.b"),
                new Rule(
                        "field added with default",
                        "{\"name\":\"a\",\"type\":\"int\"}",
                        "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}",
                        null),
                new Rule(
                        "field removed that had no default",
                        "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}",
                        "{\"name\":\"a\",\"type\":\"int\"}",
                        "com.acme.R.b"),
                new Rule(
                        "type changed",
                        "{\"name\":\"a\",\"type\":\"int\"}",
                        "{\"name\":\"a\",\"type\":\"string\"}",
                        "com.acme.R.a"),
                new Rule(
                        "type promoted",
                        "{\"name\":\"a\",\"type\":\"int\"}",
                        "{\"name\":\"a\",\"type\":\"long\"}",
                        "com.acme.R.a"),
                new Rule(
                        "enum symbol removed",
                        "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}}",
                        "{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}}",
                        "com.acme.R.e"),
                new Rule(
                        "nested field type changed",
                        "{\"name\":\"n\",\"type\":{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}}",
                        "{\"name\":\"n\",\"type\":{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"x\",\"type\":\"boolean\"}]}}",
                        "com.acme.R.n.x"),
                new Rule(
                        "union branch removed",
                        "{\"name\":\"u\",\"type\":[\"null\",\"int\",\"string\"]}",
                        "{\"name\":\"u\",\"type\":[\"null\",\"int\"]}",
                        "com.acme.R.u"));
    }

    static Stream<Arguments> rulesAtEveryLevel() {
        return EveryLevel.crossed(rules(), Rule::name);
    }

    /** Oracle: Avro's own reader/writer check, in the directions the level asks for. */
    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("rulesAtEveryLevel")
    void levelsFollowAvrosOwnChecker(Rule rule, CompatibilityLevel level) {
        ParsedSchema previous = parse(rule.previousFields());
        ParsedSchema candidate = parse(rule.candidateFields());

        List<String> problems = FORMAT.checkCompatibility(level, candidate, List.of(previous));

        boolean backwardOk = avroSays(AvroFormat.avroSchema(candidate), AvroFormat.avroSchema(previous));
        boolean forwardOk = avroSays(AvroFormat.avroSchema(previous), AvroFormat.avroSchema(candidate));
        boolean incompatible = (level.checksBackward() && !backwardOk) || (level.checksForward() && !forwardOk);
        assertThat(problems.isEmpty()).isEqualTo(!incompatible);
        if (incompatible) {
            assertThat(problems).allSatisfy(p -> assertThat(p).contains(rule.fragment() + ":"));
        }
        assertThat(rule.fragment() == null).isEqualTo(backwardOk && forwardOk);
    }

    @Test
    void messagesSayWhatChangedAndInWhichDirection() {
        List<String> problems = FORMAT.checkCompatibility(
                CompatibilityLevel.FULL,
                parse("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}"),
                List.of(parse("{\"name\":\"a\",\"type\":\"int\"}")));

        assertThat(problems)
                .containsExactly("com.acme.R.b: reader field 'b' has no default value and is missing in "
                        + "the writer (the new schema cannot read data written with the previous schema)");
    }

    @Test
    void transitiveLevelsCompareWithEveryEarlierVersion() {
        ParsedSchema v1 = parse("{\"name\":\"a\",\"type\":\"int\"}");
        ParsedSchema v2 =
                parse("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}");
        ParsedSchema v3 = parse("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");

        TransitiveLevels.onlyTheTransitiveLevelComparesWithTheOldest(
                FORMAT, v3, v2, v1, "com.acme.R.b", "previous schema 2");
    }

    private static boolean avroSays(org.apache.avro.Schema reader, org.apache.avro.Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static ParsedSchema parse(String fields) {
        return FORMAT.parse(
                Schema.avro(
                        "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"com.acme\",\"fields\":[" + fields + "]}"),
                Map.of());
    }
}
