package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Confluent's JSON Schema envelope ({@code JsonSchemaUtils.envelope}), the way it documents for sending
 * dynamic JSON: an object node whose {@code schema} field holds the value's JSON Schema, {@code payload}
 * the value, and {@code references}, if any, the schema's references as the registry's REST API writes
 * them. Recognised as Confluent's {@code JsonSchemaUtils.isEnvelope} does: any object node with a
 * {@code schema} field.
 */
final class JsonEnvelope {
    static final String SCHEMA = "schema";
    static final String PAYLOAD = "payload";
    static final String REFERENCES = "references";

    private JsonEnvelope() {}

    /** The value as an envelope, or null when it is none. */
    static ObjectNode of(Object value) {
        return value instanceof ObjectNode node && node.has(SCHEMA) ? node : null;
    }

    /** What names the envelope's schema: its schema and references, without the payload. */
    static ObjectNode schemaPart(ObjectNode envelope) {
        ObjectNode part = JsonNodeFactory.instance.objectNode();
        part.set(SCHEMA, envelope.get(SCHEMA));
        JsonNode references = envelope.get(REFERENCES);
        if (references != null && !references.isEmpty()) {
            part.set(REFERENCES, references);
        }
        return part;
    }

    /**
     * The envelope's schema, with its references, as registered: the compact text of the schema node,
     * as Confluent's {@code JsonSchema} prints it.
     *
     * @param what the record part, for errors: {@code "value of topic 'orders'"}
     * @throws SerializationException when the schema is no JSON Schema or a reference is malformed
     */
    static ParsedSchema schema(ObjectNode schemaPart, String what) {
        Schema schema = new Schema(
                SchemaType.JSON, schemaPart.get(SCHEMA).toString(), references(schemaPart.get(REFERENCES), what));
        try {
            return new JsonSchemaFormat().parse(schema, Map.of());
        } catch (InvalidSchemaException e) {
            throw new SerializationException(
                    "Cannot serialize " + what + ": the envelope's \"schema\" field is not a JSON Schema: "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<SchemaReference> references(JsonNode references, String what) {
        if (references == null) {
            return List.of();
        }
        if (!references.isArray()) {
            throw malformed(what, "\"references\" must be an array, was " + references.getNodeType());
        }
        List<SchemaReference> parsed = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            JsonNode reference = references.get(i);
            JsonNode name = reference.path("name");
            JsonNode subject = reference.path("subject");
            JsonNode version = reference.path("version");
            if (!name.isTextual() || !subject.isTextual() || !version.canConvertToExactIntegral()) {
                throw malformed(
                        what,
                        "references[" + i
                                + "] must hold a text \"name\" and \"subject\" and an integer \"version\", was "
                                + reference);
            }
            try {
                parsed.add(new SchemaReference(name.asText(), subject.asText(), version.asInt()));
            } catch (IllegalArgumentException e) {
                throw malformed(what, "references[" + i + "]: " + e.getMessage());
            }
        }
        return parsed;
    }

    private static SerializationException malformed(String what, String problem) {
        return new SerializationException("Cannot serialize " + what + ": the envelope's " + problem);
    }
}
