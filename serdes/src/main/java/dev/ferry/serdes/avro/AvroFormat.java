package dev.ferry.serdes.avro;

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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * The Avro {@link SchemaFormat}: parses {@code .avsc} texts with their references, gives their
 * canonical and normalized forms, and judges compatibility with Avro's own
 * {@link SchemaCompatibility} at every {@link CompatibilityLevel}.
 *
 * <pre>{@code
 * AvroFormat avro = new AvroFormat();
 * ParsedSchema v2 = avro.parse(Schema.avro(v2Text), Map.of());
 * List<String> problems = avro.checkCompatibility(CompatibilityLevel.BACKWARD, v2, List.of(v1));
 * // ["com.acme.Order.note: reader field has no default value and is missing in the writer (...)"]
 * }</pre>
 *
 * <p>References are the texts of other {@code .avsc} schemas, keyed by the full name of the type
 * they define (Confluent's convention). The canonical form is Avro's JSON rendering of the parsed
 * schema without the referenced types inlined; the normalized form also sorts every JSON object's
 * keys, which never changes an Avro schema's meaning.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class AvroFormat implements SchemaFormat {

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public ParsedSchema parse(Schema schema, Map<String, String> references) {
        Objects.requireNonNull(schema, "schema");
        org.apache.avro.Schema.Parser parser = new org.apache.avro.Schema.Parser();
        List<org.apache.avro.Schema> referenced = parseReferences(parser, references);
        org.apache.avro.Schema avro;
        try {
            avro = parser.parse(schema.text());
        } catch (AvroRuntimeException e) {
            throw new InvalidSchemaException("invalid Avro schema: " + e.getMessage(), -1, e);
        }
        return AvroParsedSchema.of(schema, avro, referenced);
    }

    /**
     * The Avro schema held by a {@link ParsedSchema} this format parsed.
     *
     * @throws IllegalArgumentException if another format parsed it
     */
    public static org.apache.avro.Schema avroSchema(ParsedSchema parsed) {
        return BaseParsedSchema.parsedBy(AvroFormat.class, AvroParsedSchema.class, parsed).avro;
    }

    /** A {@link ParsedSchema} for an Avro schema already in hand (a generated class's {@code SCHEMA$}). */
    public static ParsedSchema of(org.apache.avro.Schema avro) {
        return AvroParsedSchema.of(Schema.avro(avro.toString()), avro, List.of());
    }

    @Override
    public List<String> checkCompatibility(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst) {
        return CompatibilityCheck.check(
                level,
                candidate,
                previousNewestFirst,
                (reader, writer) -> problems(avroSchema(reader), avroSchema(writer)));
    }

    /** Problems when {@code reader} reads data written with {@code writer}, each naming the field. */
    static List<String> problems(org.apache.avro.Schema reader, org.apache.avro.Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(AvroPaths.describe(reader, incompatibility.getLocation()) + ": " + explain(incompatibility));
        }
        return problems;
    }

    private static String explain(Incompatibility incompatibility) {
        String message = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case NAME_MISMATCH -> "named type renamed: " + message;
            case FIXED_SIZE_MISMATCH -> "fixed size changed: " + message;
            case MISSING_ENUM_SYMBOLS -> "enum symbols missing in the reader: " + message;
            case READER_FIELD_MISSING_DEFAULT_VALUE ->
                "reader field '" + message + "' has no default value and is missing in the writer";
            case TYPE_MISMATCH -> "type changed: " + message;
            case MISSING_UNION_BRANCH -> "union branch missing in the reader: " + message;
        };
    }

    private static List<org.apache.avro.Schema> parseReferences(
            org.apache.avro.Schema.Parser parser, Map<String, String> references) {
        // References may depend on each other in any order: parse until no progress is made.
        Map<String, String> remaining = new LinkedHashMap<>(references);
        List<org.apache.avro.Schema> parsed = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Map<String, RuntimeException> failures = new LinkedHashMap<>();
            int before = remaining.size();
            for (Map.Entry<String, String> reference : List.copyOf(remaining.entrySet())) {
                try {
                    org.apache.avro.Schema.Parser attempt = new org.apache.avro.Schema.Parser();
                    attempt.addTypes(parser.getTypes().values());
                    attempt.parse(reference.getValue());
                    parsed.add(parser.parse(reference.getValue()));
                    remaining.remove(reference.getKey());
                } catch (AvroRuntimeException e) {
                    failures.put(reference.getKey(), e);
                }
            }
            if (remaining.size() == before) {
                Map.Entry<String, RuntimeException> first =
                        failures.entrySet().iterator().next();
                throw new InvalidSchemaException(
                        "invalid Avro reference '" + first.getKey() + "': "
                                + first.getValue().getMessage(),
                        -1,
                        first.getValue());
            }
        }
        return parsed;
    }

    private static final class AvroParsedSchema extends BaseParsedSchema {
        private final org.apache.avro.Schema avro;

        private AvroParsedSchema(
                Schema schema,
                org.apache.avro.Schema avro,
                String canonical,
                List<String> definedNames,
                List<String> declaredReferences) {
            super(schema, canonical, sortKeys(canonical), definedNames, declaredReferences);
            this.avro = avro;
        }

        // Schema.toString(known, pretty) is deprecated, yet it is Avro's only rendering that names the
        // referenced types instead of inlining them, which is what a registry stores for this schema
        @SuppressWarnings("deprecation")
        static AvroParsedSchema of(
                Schema schema, org.apache.avro.Schema avro, List<org.apache.avro.Schema> references) {
            List<org.apache.avro.Schema> referenced = List.copyOf(references);
            String canonical = avro.toString(referenced, false);
            Set<String> referencedNames = new LinkedHashSet<>();
            for (org.apache.avro.Schema reference : referenced) {
                collectNames(reference, referencedNames);
            }
            Set<String> all = new LinkedHashSet<>();
            collectNames(avro, all);
            List<String> defined = new ArrayList<>();
            List<String> declared = new ArrayList<>();
            Set<String> roots = new LinkedHashSet<>();
            for (org.apache.avro.Schema reference : referenced) {
                if (isNamed(reference)) {
                    roots.add(reference.getFullName());
                }
            }
            for (String name : all) {
                if (!referencedNames.contains(name)) {
                    defined.add(name);
                } else if (roots.contains(name)) {
                    declared.add(name);
                }
            }
            return new AvroParsedSchema(schema, avro, canonical, defined, declared);
        }

        @Override
        public String toString() {
            return "AvroSchema" + definedNames();
        }

        private static String sortKeys(String json) {
            try {
                return SortedJson.sort(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidSchemaException("cannot normalize Avro schema: " + e.getOriginalMessage(), -1, e);
            }
        }

        private static boolean isNamed(org.apache.avro.Schema s) {
            return switch (s.getType()) {
                case RECORD, ENUM, FIXED -> true;
                default -> false;
            };
        }

        private static void collectNames(org.apache.avro.Schema root, Set<String> names) {
            List<org.apache.avro.Schema> queue = new ArrayList<>();
            queue.add(root);
            for (int i = 0; i < queue.size(); i++) {
                org.apache.avro.Schema s = queue.get(i);
                if (isNamed(s) && !names.add(s.getFullName())) {
                    continue;
                }
                queue.addAll(children(s));
            }
        }

        private static Collection<org.apache.avro.Schema> children(org.apache.avro.Schema s) {
            return switch (s.getType()) {
                case RECORD ->
                    s.getFields().stream()
                            .map(org.apache.avro.Schema.Field::schema)
                            .toList();
                case ARRAY -> List.of(s.getElementType());
                case MAP -> List.of(s.getValueType());
                case UNION -> s.getTypes();
                default -> List.of();
            };
        }
    }
}
