package dev.ferry.registry.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.CompatibilityResult;
import dev.ferry.registry.Mode;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryException;
import dev.ferry.registry.SchemaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Request bodies and answers of Confluent's REST API, as JSON. */
public final class RegistryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {}

    /** {@code {"schema": ..., "schemaType": ..., "references": [...]}}; Avro and no references are omitted. */
    public static String schemaBody(Schema schema) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("schema", schema.text());
        if (schema.type() != SchemaType.AVRO) {
            body.put("schemaType", schema.type().name());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        return body.toString();
    }

    /** {@code {"compatibility": "FULL"}}, the body of {@code PUT /config}. */
    public static String compatibilityBody(CompatibilityLevel level) {
        return MAPPER.createObjectNode().put("compatibility", level.name()).toString();
    }

    /** {@code {"mode": "READONLY"}}, the body of {@code PUT /mode}. */
    public static String modeBody(Mode mode) {
        return MAPPER.createObjectNode().put("mode", mode.name()).toString();
    }

    public static Schema schema(RestRequest request, JsonNode json) {
        JsonNode text = json.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected(request, json, "a string 'schema'");
        }
        SchemaType type;
        try {
            type = SchemaType.fromWireName(
                    json.hasNonNull("schemaType") ? json.get("schemaType").asText() : null);
        } catch (IllegalArgumentException e) {
            throw unexpected(request, json, "a known 'schemaType'");
        }
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : json.path("references")) {
            if (!reference.path("name").isTextual()
                    || !reference.path("subject").isTextual()
                    || !reference.path("version").canConvertToInt()) {
                throw unexpected(request, json, "references with 'name', 'subject' and 'version'");
            }
            references.add(new SchemaReference(
                    reference.get("name").asText(),
                    reference.get("subject").asText(),
                    reference.get("version").asInt()));
        }
        return new Schema(type, text.asText(), references);
    }

    public static RegisteredSchema registered(RestRequest request, JsonNode json, String subject) {
        String answered = json.path("subject").isTextual() ? json.get("subject").asText() : subject;
        return new RegisteredSchema(
                answered,
                intField(request, json, "id"),
                intField(request, json, "version"),
                schema(request, json),
                guid(request, json));
    }

    /** The {@code guid} of an answer (Confluent Platform 8 and later); empty when the registry sends none. */
    public static Optional<UUID> guid(RestRequest request, JsonNode json) {
        JsonNode guid = json.get("guid");
        if (guid == null || guid.isNull()) {
            return Optional.empty();
        }
        if (guid.isTextual()) {
            try {
                return Optional.of(UUID.fromString(guid.asText()));
            } catch (IllegalArgumentException e) {
                // falls through to the message below, which shows the answer
            }
        }
        throw unexpected(request, json, "a UUID 'guid'");
    }

    public static int intField(RestRequest request, JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw unexpected(request, json, "an integer '" + name + "'");
        }
        return value.asInt();
    }

    public static int intValue(RestRequest request, JsonNode json) {
        if (!json.isIntegralNumber() || !json.canConvertToInt()) {
            throw unexpected(request, json, "an integer");
        }
        return json.asInt();
    }

    public static List<Integer> intList(RestRequest request, JsonNode json) {
        if (!json.isArray()) {
            throw unexpected(request, json, "an array of integers");
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode value : json) {
            values.add(intValue(request, value));
        }
        return List.copyOf(values);
    }

    public static List<String> stringList(RestRequest request, JsonNode json) {
        if (!json.isArray()) {
            throw unexpected(request, json, "an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : json) {
            if (!value.isTextual()) {
                throw unexpected(request, json, "an array of strings");
            }
            values.add(value.asText());
        }
        return List.copyOf(values);
    }

    /** {@code {"is_compatible": false, "messages": [...]}}. */
    public static CompatibilityResult compatibility(RestRequest request, JsonNode json) {
        JsonNode compatible = json.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw unexpected(request, json, "a boolean 'is_compatible'");
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode message : json.path("messages")) {
            messages.add(message.asText());
        }
        return new CompatibilityResult(compatible.asBoolean(), messages);
    }

    /** {@code {"compatibilityLevel": "BACKWARD"}} (GET) or {@code {"compatibility": "BACKWARD"}} (PUT, some servers' GET). */
    public static CompatibilityLevel level(RestRequest request, JsonNode json) {
        JsonNode level =
                json.hasNonNull("compatibilityLevel") ? json.get("compatibilityLevel") : json.get("compatibility");
        return named(
                request,
                json,
                level,
                CompatibilityLevel::parse,
                "a 'compatibilityLevel'",
                "a known compatibility level");
    }

    public static Mode mode(RestRequest request, JsonNode json) {
        return named(request, json, json.get("mode"), Mode::parse, "a 'mode'", "a known mode");
    }

    /** A text field parsed as one of the names {@code parse} knows; {@code field} is null when absent. */
    private static <E> E named(
            RestRequest request,
            JsonNode json,
            JsonNode field,
            Function<String, E> parse,
            String expected,
            String expectedKnown) {
        if (field == null || !field.isTextual()) {
            throw unexpected(request, json, expected);
        }
        try {
            return parse.apply(field.asText());
        } catch (IllegalArgumentException e) {
            throw unexpected(request, json, expectedKnown);
        }
    }

    /** Empty when the subject has no level of its own (error 40408 or an answer without a level). */
    public static Optional<CompatibilityLevel> optionalLevel(RestRequest request, JsonNode json) {
        return json.hasNonNull("compatibilityLevel") || json.hasNonNull("compatibility")
                ? Optional.of(level(request, json))
                : Optional.empty();
    }

    private static SchemaRegistryException unexpected(RestRequest request, JsonNode json, String expected) {
        String text = json.toString();
        return new SchemaRegistryException(
                request.display(),
                200,
                -1,
                "unexpected response, expected " + expected + ": "
                        + (text.length() > 200 ? text.substring(0, 200) + "..." : text),
                null);
    }
}
