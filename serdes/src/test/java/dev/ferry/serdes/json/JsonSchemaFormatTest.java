package dev.ferry.serdes.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonSchemaFormatTest {

    private static final JsonSchemaFormat FORMAT = new JsonSchemaFormat();

    static ParsedSchema parse(String properties, String required, String extra) {
        return FORMAT.parse(
                Schema.json("{\"title\":\"Order\",\"type\":\"object\",\"properties\":{" + properties
                        + "},\"required\":[" + required + "]" + extra + "}"),
                Map.of());
    }

    @Test
    void parsesNamesAndReferences() {
        ParsedSchema parsed = FORMAT.parse(Schema.json("""
                {"title": "Order", "type": "object",
                 "properties": {"total": {"$ref": "money.json"}, "self": {"$ref": "#/definitions/x"}}}"""), Map.of());

        assertThat(SchemaFormats.find(SchemaType.JSON)).get().isInstanceOf(JsonSchemaFormat.class);
        assertThat(parsed.definedNames()).containsExactly("Order");
        assertThat(parsed.declaredReferences()).containsExactly("money.json");
        assertThat(parsed.canonical()).doesNotContain(" ").startsWith("{\"title\":\"Order\"");
        assertThat(FORMAT.parse(
                                Schema.json(
                                        "{\"type\":\"object\",\"title\":\"Order\",\"properties\":{\"self\":{\"$ref\":"
                                                + "\"#/definitions/x\"},\"total\":{\"$ref\":\"money.json\"}}}"),
                                Map.of())
                        .normalized())
                .isEqualTo(parsed.normalized());
    }

    @Test
    void invalidJsonNamesTheLine() {
        assertThatThrownBy(() -> FORMAT.parse(Schema.json("{\n\"type\": }"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> FORMAT.parse(Schema.json("[1]"), Map.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("object or a boolean");
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void aNewlyRequiredPropertyBreaksOnlyBackward(CompatibilityLevel level) {
        ParsedSchema v1 = parse("\"id\":{\"type\":\"string\"}", "", "");
        ParsedSchema v2 = parse("\"id\":{\"type\":\"string\"}", "\"id\"", "");

        List<String> problems = FORMAT.checkCompatibility(level, v2, List.of(v1));

        if (level.checksBackward()) {
            assertThat(problems).singleElement().asString().contains("Order.id: required by the reader");
        } else {
            assertThat(problems).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void aPropertyTypeChangeBreaksBothAndAnOptionalAdditionBreaksNothing(CompatibilityLevel level) {
        ParsedSchema v1 = parse("\"n\":{\"type\":\"integer\"}", "", "");
        ParsedSchema changed = parse("\"n\":{\"type\":\"string\"}", "", "");
        ParsedSchema added = parse("\"n\":{\"type\":\"integer\"},\"m\":{\"type\":\"string\"}", "", "");

        assertThat(FORMAT.checkCompatibility(level, changed, List.of(v1)))
                .hasSize((level.checksBackward() ? 1 : 0) + (level.checksForward() ? 1 : 0))
                .allSatisfy(p -> assertThat(p).contains("Order.n: type changed"));
        assertThat(FORMAT.checkCompatibility(level, added, List.of(v1))).isEmpty();
    }

    @Test
    void aClosedReaderRejectsWriterProperties() {
        ParsedSchema closed = parse("\"id\":{\"type\":\"string\"}", "", ",\"additionalProperties\":false");
        ParsedSchema wider = parse("\"id\":{\"type\":\"string\"},\"extra\":{\"type\":\"string\"}", "", "");

        assertThat(FORMAT.checkCompatibility(CompatibilityLevel.FORWARD, wider, List.of(closed)))
                .singleElement()
                .asString()
                .contains("Order.extra: written by the writer but forbidden by the reader");
    }
}
