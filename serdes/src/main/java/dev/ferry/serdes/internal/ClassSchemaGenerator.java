package dev.ferry.serdes.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.ferry.serdes.json.JsonSchemaSpecVersion;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Derives a JSON Schema from a Java class with victools' generator and its Jackson module, so the
 * schema follows the same annotations ({@code @JsonProperty}, {@code @JsonIgnore},
 * {@code @JsonPropertyDescription}, {@code @JsonValue} enums) the serializing mapper honours.
 *
 * <p>The text must be the same for the same class in every JVM: the registry gives a new version
 * to every different text. Properties are sorted by name (victools' default order, independent of
 * reflection order) unless {@code @JsonPropertyOrder} says otherwise, and the text is rendered by
 * one plain mapper, not the user's (whose indentation settings would change it). Thread-safe.
 */
public final class ClassSchemaGenerator {

    private static final ObjectMapper RENDERER = new ObjectMapper();

    private final SchemaGenerator generator;

    public ClassSchemaGenerator(JsonSchemaSpecVersion version, boolean failUnknownProperties) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                        RENDERER, schemaVersion(version), OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(
                        JacksonOption.RESPECT_JSONPROPERTY_ORDER,
                        JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                // $schema names the draft, so the registry and readers validate with the one we wrote.
                .with(Option.SCHEMA_VERSION_INDICATOR)
                // Jackson writes a null field as null: the schema must accept it where Java allows it.
                .with(Option.NULLABLE_FIELDS_BY_DEFAULT)
                // Optional<T> is written by Jackson's Jdk8Module as T or null, not as an object.
                .with(Option.FLATTENED_OPTIONALS)
                // java.time, UUID, URI...: "format" tells readers what the string holds.
                .with(Option.STANDARD_FORMATS)
                .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) -> {
            Class<?> erased = javaType.getErasedType();
            // victools writes byte as a string; Jackson writes it as a number.
            if (erased == byte.class || erased == Byte.class) {
                return new CustomDefinition(
                        context.getGeneratorConfig().createObjectNode().put("type", "integer"));
            }
            // Jackson writes these without an offset, which RFC 3339's date-time and time formats require.
            if (erased == LocalDateTime.class || erased == LocalTime.class) {
                return new CustomDefinition(
                        context.getGeneratorConfig().createObjectNode().put("type", "string"));
            }
            return null;
        });
        if (failUnknownProperties) {
            config.with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
        }
        this.generator = new SchemaGenerator(config.build());
    }

    /** The schema of {@code type}, titled with its class name (the record name for the subject strategies). */
    public String generate(Class<?> type) {
        ObjectNode schema = generator.generateSchema(type);
        ObjectNode titled = RENDERER.createObjectNode();
        titled.set("$schema", schema.remove("$schema"));
        titled.put("title", type.getName());
        titled.setAll(schema);
        try {
            return RENDERER.writeValueAsString(titled);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the JSON Schema of " + type.getName(), e);
        }
    }

    private static SchemaVersion schemaVersion(JsonSchemaSpecVersion version) {
        return switch (version) {
            case DRAFT_6 -> SchemaVersion.DRAFT_6;
            case DRAFT_7 -> SchemaVersion.DRAFT_7;
            case DRAFT_2019_09 -> SchemaVersion.DRAFT_2019_09;
            case DRAFT_2020_12 -> SchemaVersion.DRAFT_2020_12;
        };
    }
}
