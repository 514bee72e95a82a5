package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.common.SerializationException;
import dev.ferry.serdes.SerdeConfig;
import java.util.List;

/**
 * The class a writer's JSON Schema names for its values in its {@code type.property} (default
 * {@code javaType}), which Confluent's deserializer reads into when asked for {@code Object}: allowed by
 * {@code json.type.allowed.packages}, and only for an object or array payload, as Confluent's.
 */
final class SchemaJavaType {
    private static final List<String> COMBINATORS = List.of("oneOf", "anyOf", "allOf");

    private SchemaJavaType() {}

    /**
     * @param what the record and its schema, for errors: {@code "value of topic 'orders' with schema id 3"}
     * @return the class, or null when the schema names none
     * @throws SerializationException when the class is not allowed, not on the class path, or the payload
     *     is no object or array; or when the schema picks it among combined subschemas
     */
    static Class<?> named(JsonNode schema, SerdeConfig config, byte[] data, int offset, int length, String what) {
        String property = config.jsonTypeProperty();
        for (String combinator : COMBINATORS) {
            if (schema.has(combinator) && !schema.findValues(property).isEmpty()) {
                // Confluent validates the payload against each subschema to pick the one whose class it reads.
                throw new SerializationException("Cannot deserialize " + what + ": its schema names classes in \""
                        + property + "\" under \"" + combinator + "\", chosen by validating the payload against each "
                        + "subschema, which Ferry does not do; set json.key.type or json.value.type to the class");
            }
        }
        JsonNode name = schema.get(property);
        if (name == null || !name.isTextual()) {
            return null;
        }
        String typeName = name.asText();
        checkAllowed(typeName, config.jsonTypeAllowedPackages(), what);
        if (!isContainer(data, offset, length)) {
            throw new SerializationException("Cannot deserialize " + what + ": refusing to read the class " + typeName
                    + " its schema names in \"" + property + "\" from a payload that is no JSON object or array");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(typeName, false, context != null ? context : SchemaJavaType.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new SerializationException(
                    "Cannot deserialize " + what + ": its schema names the class " + typeName + " in \"" + property
                            + "\", which is not on the class path",
                    e);
        }
    }

    private static void checkAllowed(String typeName, List<String> packages, String what) {
        for (String allowed : packages) {
            if (allowed.equals("*") || !allowed.isEmpty() && typeName.startsWith(allowed)) {
                return;
            }
        }
        throw new SerializationException("Cannot deserialize " + what + ": its schema names the class " + typeName
                + ", which is not in " + SerdeConfig.JSON_TYPE_ALLOWED_PACKAGES + " " + packages);
    }

    private static boolean isContainer(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }
}
