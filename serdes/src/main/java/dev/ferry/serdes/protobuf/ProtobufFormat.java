package dev.ferry.serdes.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaType;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.serdes.internal.BaseParsedSchema;
import dev.ferry.serdes.internal.CompatibilityCheck;
import dev.ferry.serdes.internal.proto.ProtoCompatibility;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Protobuf {@link SchemaFormat}: parses {@code .proto} text (proto2 and proto3) with its imports
 * into descriptors without protoc, gives canonical and normalized texts, and judges compatibility.
 *
 * <pre>{@code
 * ProtobufFormat protobuf = new ProtobufFormat();
 * ParsedSchema v1 = protobuf.parse(Schema.protobuf(orderProto), Map.of("money.proto", moneyProto));
 * ParsedSchema v2 = protobuf.parse(Schema.protobuf(orderProtoV2), Map.of("money.proto", moneyProto));
 * List<String> problems = protobuf.checkCompatibility(CompatibilityLevel.FULL, v2, List.of(v1));
 * // ["acme.Order.amount (field 2): type changed from int64 to string (the new schema cannot read ...)"]
 * }</pre>
 *
 * <p>A schema text may also be a base64-encoded {@code FileDescriptorProto}, as Confluent's
 * JavaScript and Go serializers register Protobuf schemas; it parses to the same descriptor (and
 * the same canonical text) as the {@code .proto} source it was compiled from.
 *
 * <p>References are the texts of imported files keyed by import path; the known types, which
 * Confluent's clients resolve without one ({@code google/protobuf/timestamp.proto},
 * {@code google/type/date.proto}, {@code confluent/type/decimal.proto}, ...), need none here either.
 * Parsing keeps the options that
 * matter to the wire format or that a language's code generator reads ({@code java_package},
 * {@code go_package}, {@code [jstype = JS_STRING]}, {@code [ctype = CORD]}, {@code json_name}, ...),
 * {@code extend} blocks, and the custom options whose extensions the file or its imports declare,
 * and tolerates (drops) the rest, so the canonical text (Ferry's rendering of the parsed file, type
 * names fully qualified) holds only those.
 * The normalized text also orders imports by name and fields by number.
 *
 * <p>Compatibility rules are Confluent Schema Registry's, so a check here gives the registry's verdict (see
 * the rule list in the class documentation of {@code ProtoCompatibility}): a changed package, a removed
 * (backward) or added (forward) message, a required field added or removed, a oneof member removed
 * (backward) or added (forward), a field type of another kind, scalar group or message name, a numeric
 * field's label change, and fields that could be set together put into one oneof are reported, each
 * naming the message or field. Removing a field without reserving its number and removing enum values
 * are compatible, as they are in Confluent's registry.
 *
 * <p>Stateless and thread-safe; registered for {@link java.util.ServiceLoader}.
 */
public final class ProtobufFormat implements SchemaFormat {

    /** The file name the main schema is parsed under (imports name the other files). */
    public static final String MAIN_FILE_NAME = "schema.proto";

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public ParsedSchema parse(Schema schema, Map<String, String> references) {
        Objects.requireNonNull(schema, "schema");
        FileDescriptor file = ProtoFiles.build(MAIN_FILE_NAME, schema.text(), references);
        return ProtobufParsedSchema.of(schema, file);
    }

    /**
     * The {@code .proto} source of a registry schema: its text, or, for a schema registered as a
     * base64-encoded {@code FileDescriptorProto} (as Confluent's JavaScript and Go serializers do),
     * that file printed as {@code .proto} source. A text that is neither is returned as it is; parsing
     * it reports what is wrong.
     */
    public static String protoSource(Schema schema) {
        if (schema.type() != SchemaType.PROTOBUF) {
            throw new IllegalArgumentException("not a Protobuf schema: " + schema.type());
        }
        return ProtoFiles.isDescriptor(schema.text())
                ? ProtoPrinter.printSource(ProtoFiles.parse(schema.text(), MAIN_FILE_NAME))
                : schema.text();
    }

    /** A {@link ParsedSchema} for a descriptor already in hand (a generated message's file). */
    public static ParsedSchema of(FileDescriptor file) {
        return ProtobufParsedSchema.of(Schema.protobuf(ProtoFiles.text(file)), file);
    }

    /**
     * The descriptor held by a {@link ParsedSchema} this format parsed.
     *
     * @throws IllegalArgumentException if another format parsed it
     */
    public static FileDescriptor fileDescriptor(ParsedSchema parsed) {
        return BaseParsedSchema.parsedBy(ProtobufFormat.class, ProtobufParsedSchema.class, parsed).file;
    }

    /** The entry messages the text of a schema this format parsed writes as {@code map<K, V>} fields. */
    static Set<String> mapFieldEntries(ParsedSchema parsed) {
        return BaseParsedSchema.parsedBy(ProtobufFormat.class, ProtobufParsedSchema.class, parsed).mapFieldEntries;
    }

    @Override
    public List<String> checkCompatibility(
            CompatibilityLevel level, ParsedSchema candidate, List<ParsedSchema> previousNewestFirst) {
        return CompatibilityCheck.checkDifferences(
                level,
                candidate,
                previousNewestFirst,
                (previous, next) -> ProtoCompatibility.differences(fileDescriptor(previous), fileDescriptor(next)));
    }

    private static final class ProtobufParsedSchema extends BaseParsedSchema {
        private final FileDescriptor file;
        private final Set<String> mapFieldEntries;

        private ProtobufParsedSchema(
                Schema schema,
                FileDescriptor file,
                Set<String> mapFieldEntries,
                String canonical,
                String normalized,
                List<String> definedNames) {
            super(schema, canonical, normalized, definedNames, file.toProto().getDependencyList());
            this.file = file;
            this.mapFieldEntries = mapFieldEntries;
        }

        static ProtobufParsedSchema of(Schema schema, FileDescriptor file) {
            var proto = ProtoFiles.resolvedProto(file);
            Set<String> mapFieldEntries = ProtoFiles.mapFieldEntries(schema.text());
            String canonical;
            String normalized;
            try {
                // Confluent's registry converts a base64 descriptor as its serializer converts a class's, and
                // keeps a source text as Wire parsed it.
                canonical = ProtoFiles.isDescriptor(schema.text())
                        ? ProtoPrinter.print(proto)
                        : ProtoPrinter.print(proto, mapFieldEntries);
                normalized = ProtoPrinter.printNormalized(proto);
            } catch (IllegalArgumentException e) {
                throw new InvalidSchemaException(e.getMessage(), -1, e);
            }
            List<String> names = new ArrayList<>();
            List<Descriptor> queue = new ArrayList<>(file.getMessageTypes());
            for (int i = 0; i < queue.size(); i++) {
                Descriptor message = queue.get(i);
                if (!message.getOptions().getMapEntry()) {
                    names.add(message.getFullName());
                    queue.addAll(message.getNestedTypes());
                }
            }
            return new ProtobufParsedSchema(schema, file, mapFieldEntries, canonical, normalized, names);
        }

        @Override
        public String toString() {
            return "ProtobufSchema" + definedNames();
        }
    }
}
