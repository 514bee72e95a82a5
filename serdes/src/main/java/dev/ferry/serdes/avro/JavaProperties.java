package dev.ferry.serdes.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Strips the {@code avro.java.*} properties that Avro's compiler writes into a generated class's
 * schema ({@code "avro.java.string": "String"} on every string with {@code stringType=String}). They
 * steer Java code generation only, but make the schema's text differ from its {@code .avsc}, so a
 * registry that holds the file's version does not find the class's ({@code avro.remove.java.properties}).
 */
final class JavaProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "avro.java.";

    private JavaProperties() {}

    static Schema removed(Schema schema) {
        String text = schema.toString();
        if (!text.contains("\"" + PREFIX)) {
            return schema;
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            strip(tree);
            return new Schema.Parser().parse(MAPPER.writeValueAsString(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(
                    "Avro's own rendering of schema " + schema.getFullName() + " is not JSON", e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().startsWith(PREFIX)) {
                    fields.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(JavaProperties::strip);
        }
    }
}
