package dev.ferry.serdes.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.serdes.internal.BaseParsedSchema;
import dev.ferry.serdes.internal.CompatibilityCheck;
import dev.ferry.serdes.internal.SortedJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON Schema {@link SchemaFormat}: parses a JSON Schema as JSON, gives its canonical (compact)
 * and normalized (keys sorted) texts, its {@code title} as defined name and its external
 * {@code $ref}s as references.
 *
 * <pre>{@code
 * ParsedSchema schema = new JsonSchemaFormat().parse(Schema.json(text), Map.of());
 * }</pre>
 *
 * <p><b>Compatibility is limited</b>: only the top level of an object schema and its direct
 * {@code properties} are compared — a changed root or property {@code type}, a property the reader
 * requires that the writer does not, and a writer property the reader forbids through
 * {@code "additionalProperties": false}. Nested objects, {@code $ref}, combinators ({@code allOf},
 * {@code oneOf}...), numeric ranges and formats are not compared, so a schema reported compatible
 * may still be incompatible; the registry's own check remains the authority. The schema is not
 * used to validate payloads.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class JsonSchemaFormat implements SchemaFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public ParsedSchema parse(Schema schema, Map<String, String> references) {
        Objects.requireNonNull(schema, "schema");
        JsonNode tree;
        try {
            tree = MAPPER.readTree(schema.text());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new InvalidSchemaException(
                    "invalid JSON Schema at line " + line + ": " + e.getOriginalMessage(), line, e);
        }
        if (tree == null || !(tree.isObject() || tree.isBoolean())) {
            throw new InvalidSchemaException("invalid JSON Schema: the top level must be an object or a boolean");
        }
        return JsonParsedSchema.of(schema, tree);
    }

    /** The parsed JSON tree of a schema this format parsed. */
    public static JsonNode tree(ParsedSchema parsed) {
        return BaseParsedSchema.parsedBy(JsonSchemaFormat.class, JsonParsedSchema.class, parsed).tree;
    }

    @Override
    public List<String> checkCompatibility(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst) {
        return CompatibilityCheck.check(
                level, candidate, previousNewestFirst, (reader, writer) -> problems(tree(reader), tree(writer)));
    }

    private static List<String> problems(JsonNode reader, JsonNode writer) {
        List<String> problems = new ArrayList<>();
        String root = reader.path("title").asText("(root)");
        if (!reader.path("type").equals(writer.path("type"))) {
            problems.add(root + ": type changed from " + writer.path("type") + " to " + reader.path("type"));
            return problems;
        }
        JsonNode readerProperties = reader.path("properties");
        JsonNode writerProperties = writer.path("properties");
        readerProperties.properties().forEach(property -> {
            JsonNode writerProperty = writerProperties.get(property.getKey());
            if (writerProperty != null
                    && property.getValue().has("type")
                    && writerProperty.has("type")
                    && !property.getValue().get("type").equals(writerProperty.get("type"))) {
                problems.add(root + "." + property.getKey() + ": type changed from " + writerProperty.get("type")
                        + " to " + property.getValue().get("type"));
            }
        });
        Set<String> writerRequired = strings(writer.path("required"));
        for (String required : strings(reader.path("required"))) {
            if (!writerRequired.contains(required)) {
                problems.add(root + "." + required + ": required by the reader but not by the writer");
            }
        }
        if (reader.path("additionalProperties").isBoolean()
                && !reader.path("additionalProperties").asBoolean()) {
            writerProperties.fieldNames().forEachRemaining(name -> {
                if (!readerProperties.has(name)) {
                    problems.add(root + "." + name + ": written by the writer but forbidden by the reader "
                            + "(additionalProperties is false)");
                }
            });
        }
        return problems;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static final class JsonParsedSchema extends BaseParsedSchema {
        private final JsonNode tree;

        private JsonParsedSchema(
                Schema schema, JsonNode tree, String canonical, String normalized, List<String> references) {
            super(schema, canonical, normalized, definedNames(tree), references);
            this.tree = tree;
        }

        static JsonParsedSchema of(Schema schema, JsonNode tree) {
            String canonical;
            String normalized;
            try {
                canonical = MAPPER.writeValueAsString(tree);
                normalized = SortedJson.write(tree);
            } catch (JsonProcessingException e) {
                throw new InvalidSchemaException("cannot render JSON Schema: " + e.getOriginalMessage(), -1, e);
            }
            Set<String> refs = new LinkedHashSet<>();
            collectRefs(tree, refs);
            return new JsonParsedSchema(schema, tree, canonical, normalized, List.copyOf(refs));
        }

        private static List<String> definedNames(JsonNode tree) {
            JsonNode title = tree.path("title");
            return title.isTextual() ? List.of(title.asText()) : List.of();
        }

        private static void collectRefs(JsonNode node, Set<String> refs) {
            if (node.isObject()) {
                JsonNode ref = node.get("$ref");
                if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                    refs.add(ref.asText());
                }
                node.elements().forEachRemaining(child -> collectRefs(child, refs));
            } else if (node.isArray()) {
                node.elements().forEachRemaining(child -> collectRefs(child, refs));
            }
        }
    }
}
