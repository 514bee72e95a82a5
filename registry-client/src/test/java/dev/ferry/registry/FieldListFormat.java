package dev.ferry.registry;

import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tiny schema language for testing the in-memory registry's use of the SPI, registered for
 * {@link SchemaType#JSON} in test resources: the text is comma-separated field names, {@code ?}
 * marks an optional field. A reader needs every required field it declares in what it reads.
 */
public final class FieldListFormat implements SchemaFormat {

    record Parsed(Schema schema, List<String> fields) implements ParsedSchema {
        @Override
        public String canonical() {
            return String.join(",", fields);
        }

        @Override
        public String normalized() {
            return String.join(",", fields.stream().sorted().toList());
        }

        @Override
        public List<String> definedNames() {
            return List.of("Record");
        }

        @Override
        public List<String> declaredReferences() {
            return List.of();
        }

        boolean has(String name) {
            return fields.contains(name) || fields.contains(name + "?");
        }
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public ParsedSchema parse(Schema schema, Map<String, String> references) {
        List<String> fields = new ArrayList<>();
        for (String field : schema.text().split(",")) {
            String trimmed = field.trim();
            if (!trimmed.matches("[a-z]+\\??")) {
                throw new InvalidSchemaException("field name '" + trimmed + "' is not lower-case letters", 1, null);
            }
            fields.add(trimmed);
        }
        return new Parsed(schema, List.copyOf(fields));
    }

    @Override
    public List<String> checkCompatibility(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst) {
        List<String> problems = new ArrayList<>();
        List<ParsedSchema> against = level.isTransitive() ? previousNewestFirst : previousNewestFirst.subList(0, 1);
        for (ParsedSchema previous : against) {
            if (level.checksBackward()) {
                missing((Parsed) candidate, (Parsed) previous, "new", problems);
            }
            if (level.checksForward()) {
                missing((Parsed) previous, (Parsed) candidate, "old", problems);
            }
        }
        return problems;
    }

    private static void missing(Parsed reader, Parsed writer, String readerName, List<String> problems) {
        for (String field : reader.fields()) {
            if (!field.endsWith("?") && !writer.has(field)) {
                problems.add("Record." + field + ": required in the " + readerName + " schema, missing in "
                        + Arrays.toString(writer.fields().toArray()));
            }
        }
    }
}
