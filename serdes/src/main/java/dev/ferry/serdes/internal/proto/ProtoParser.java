package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.serdes.internal.proto.ProtoCursor.Option;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code .proto} text (proto2, proto3 and editions) into a {@link FileDescriptorProto} without protoc:
 * messages and nested messages, enums, fields with labels, oneofs, maps (as protoc does: a nested
 * {@code XxxEntry} message), proto3 {@code optional} (synthetic oneofs), reserved numbers and names,
 * extension ranges, imports, packages and services. Options are tolerated; those that matter to the
 * schema's meaning or that a language's code generator reads (the file options of
 * {@link #KEPT_FILE_OPTIONS}; the field options packed, deprecated, json_name, default, ctype, jstype,
 * lazy, unverified_lazy, debug_redact, retention, targets; the message options deprecated and
 * no_standard_descriptor_accessor; the enum options allow_alias and deprecated; the enum value
 * options deprecated and debug_redact; the service option deprecated; the method options deprecated and
 * idempotency_level; the message option map_entry, which Confluent's text declares; the editions
 * features {@code features.x = V} of every declaration, see {@link ProtoFeatures}) are kept, custom
 * options {@code (name)...} are kept for {@link ProtoOptions} to resolve, others dropped.
 * {@code extend} blocks become the file's or the message's extensions. Type names stay as written; {@code FileDescriptor.buildFrom}
 * resolves them.
 */
public final class ProtoParser {

    static final int MAX_FIELD_NUMBER = 536_870_911;

    // map_entry: protoc refuses it in source, but Confluent registers entry messages declared so.
    private static final Set<String> MESSAGE_FLAGS =
            Set.of("deprecated", "no_standard_descriptor_accessor", "map_entry");
    private static final Set<String> FIELD_FLAGS =
            Set.of("packed", "deprecated", "lazy", "unverified_lazy", "debug_redact");

    /** The file options kept: those Confluent's serializer keeps in the text it registers, in its order (the printer's). */
    static final List<String> KEPT_FILE_OPTIONS = List.of(
            "java_package",
            "java_outer_classname",
            "java_multiple_files",
            "java_generate_equals_and_hash",
            "java_string_check_utf8",
            "optimize_for",
            "go_package",
            "cc_generic_services",
            "java_generic_services",
            "py_generic_services",
            "deprecated",
            "cc_enable_arenas",
            "objc_class_prefix",
            "csharp_namespace",
            "swift_prefix",
            "php_class_prefix",
            "php_namespace",
            "php_metadata_namespace",
            "ruby_package");

    private static final Map<String, Type> SCALARS = Map.ofEntries(
            Map.entry("double", Type.TYPE_DOUBLE),
            Map.entry("float", Type.TYPE_FLOAT),
            Map.entry("int32", Type.TYPE_INT32),
            Map.entry("int64", Type.TYPE_INT64),
            Map.entry("uint32", Type.TYPE_UINT32),
            Map.entry("uint64", Type.TYPE_UINT64),
            Map.entry("sint32", Type.TYPE_SINT32),
            Map.entry("sint64", Type.TYPE_SINT64),
            Map.entry("fixed32", Type.TYPE_FIXED32),
            Map.entry("fixed64", Type.TYPE_FIXED64),
            Map.entry("sfixed32", Type.TYPE_SFIXED32),
            Map.entry("sfixed64", Type.TYPE_SFIXED64),
            Map.entry("bool", Type.TYPE_BOOL),
            Map.entry("string", Type.TYPE_STRING),
            Map.entry("bytes", Type.TYPE_BYTES));

    private final ProtoCursor in;
    private final ProtoFeatures features;
    private final String fileName;
    private boolean proto3;
    /** The messages being read, outermost first: the scope of a map field's entry message. */
    private final Deque<String> scope = new ArrayDeque<>();
    /** The entry messages made from {@code map<K, V>} fields, by name within the package. */
    private final Set<String> mapFieldEntries = new LinkedHashSet<>();

    private ProtoParser(String text, String fileName) {
        this.in = new ProtoCursor(text, fileName);
        this.features = new ProtoFeatures(in);
        this.fileName = fileName;
    }

    /**
     * @param fileName the name other files import this one by
     * @throws InvalidSchemaException naming the line and what was expected
     */
    public static FileDescriptorProto parse(String text, String fileName) {
        return parseSource(text, fileName).proto();
    }

    /**
     * A parsed source text and the entry messages its {@code map<K, V>} fields stand for (full names
     * without the leading dot). Confluent's text keeps a map field as it is written, so printing the
     * file again needs to know which entries the text declares itself and which a map field implies.
     */
    public record Source(FileDescriptorProto proto, Set<String> mapFieldEntries) {}

    /** {@link #parse} with the entries of the map fields. */
    public static Source parseSource(String text, String fileName) {
        ProtoParser parser = new ProtoParser(text, fileName);
        FileDescriptorProto proto = parser.file();
        String prefix = proto.getPackage().isEmpty() ? "" : proto.getPackage() + ".";
        Set<String> entries = new LinkedHashSet<>();
        parser.mapFieldEntries.forEach(entry -> entries.add(prefix + entry));
        return new Source(proto, Collections.unmodifiableSet(entries));
    }

    private FileDescriptorProto file() {
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName(fileName);
        if (in.peek().is("syntax")) {
            in.take();
            in.expect("=");
            Token syntax = in.take();
            if (syntax.kind() != Kind.STRING
                    || !(syntax.text().equals("proto2") || syntax.text().equals("proto3"))) {
                throw in.error(syntax, "syntax must be \"proto2\" or \"proto3\"");
            }
            proto3 = syntax.text().equals("proto3");
            in.expect(";");
        } else if (in.peek().is("edition")) {
            in.take();
            file.setSyntax("editions").setEdition(features.edition());
        }
        if (proto3) {
            file.setSyntax("proto3");
        }
        while (in.peek().kind() != Kind.END) {
            Token token = in.take();
            switch (token.text()) {
                case "import" -> {
                    if (in.peek().is("public")) {
                        in.take();
                        file.addPublicDependency(file.getDependencyCount());
                    } else if (in.peek().is("weak")) {
                        in.take();
                        file.addWeakDependency(file.getDependencyCount());
                    }
                    file.addDependency(in.string("import path"));
                    in.expect(";");
                }
                case "package" -> {
                    file.setPackage(in.identifier("package name"));
                    in.expect(";");
                }
                case "option" -> fileOption(file);
                case "message" -> file.addMessageType(message());
                case "enum" -> file.addEnumType(ProtoEnums.read(in, features));
                case "service" -> file.addService(ProtoServices.read(in, features));
                case "extend" -> file.addAllExtension(extend());
                case ";" -> {}
                default -> throw in.error(token, "expected import, package, option, message, enum, service or extend");
            }
        }
        return file.build();
    }

    private void fileOption(FileDescriptorProto.Builder file) {
        Option option = in.optionStatement();
        var options = file.getOptionsBuilder();
        if (features.read(option, options::getFeaturesBuilder) || ProtoOptions.record(option, options)) {
            return;
        }
        if (KEPT_FILE_OPTIONS.contains(option.name())) {
            FieldDescriptor kept = FileOptions.getDescriptor().findFieldByName(option.name());
            options.setField(
                    kept,
                    switch (kept.getJavaType()) {
                        case BOOLEAN -> in.bool(option);
                        case ENUM ->
                            in.enumValue(option, FileOptions.OptimizeMode.class).getValueDescriptor();
                        default -> option.value();
                    });
        }
        if (options.build().getAllFields().isEmpty()) {
            file.clearOptions();
        }
    }

    private DescriptorProto message() {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(in.name("message name"));
        scope.addLast(message.getName());
        in.expect("{");
        List<OneofDescriptorProto> synthetic = new ArrayList<>();
        while (!in.peek().is("}")) {
            Token token = in.peek();
            if (token.kind() == Kind.END) {
                throw in.error(token, "message " + message.getName() + " is not closed with '}'");
            }
            switch (token.text()) {
                case "message" -> {
                    in.take();
                    message.addNestedType(message());
                }
                case "enum" -> {
                    in.take();
                    message.addEnumType(ProtoEnums.read(in, features));
                }
                case "oneof" -> {
                    in.take();
                    oneof(message);
                }
                case "reserved" -> {
                    in.take();
                    reserved(message);
                }
                case "extensions" -> {
                    in.take();
                    extensions(message);
                }
                case "option" -> {
                    in.take();
                    ProtoOptions.read(in, features, in.optionStatement(), message.getOptionsBuilder(), MESSAGE_FLAGS);
                }
                case "extend" -> {
                    in.take();
                    message.addAllExtension(extend());
                }
                case ";" -> in.take();
                default -> field(message, -1, synthetic);
            }
        }
        in.take();
        // protoc places synthetic oneofs of proto3 optional fields after every real oneof.
        int firstSynthetic = message.getOneofDeclCount();
        for (int i = 0; i < synthetic.size(); i++) {
            message.addOneofDecl(synthetic.get(i));
        }
        for (int i = 0, s = 0; i < message.getFieldCount(); i++) {
            FieldDescriptorProto field = message.getField(i);
            if (field.getProto3Optional()) {
                message.setField(i, field.toBuilder().setOneofIndex(firstSynthetic + s++));
            }
        }
        scope.removeLast();
        return message.build();
    }

    /** The fields of an {@code extend} block, each naming the message it extends as written. */
    private List<FieldDescriptorProto> extend() {
        String extendee = in.identifier("extended message name");
        DescriptorProto.Builder fields = DescriptorProto.newBuilder();
        in.expect("{");
        while (!in.peek().is("}")) {
            Token token = in.peek();
            if (token.kind() == Kind.END) {
                throw in.error(token, "extend " + extendee + " is not closed with '}'");
            }
            if (token.is(";")) {
                in.take();
            } else if (token.is("map") && in.peekSecond().is("<")) {
                throw in.error(token, "extensions cannot be map fields");
            } else {
                field(fields, -1, new ArrayList<>());
            }
        }
        in.take();
        return fields.getFieldBuilderList().stream()
                .map(field -> field.setExtendee(extendee).build())
                .toList();
    }

    private void oneof(DescriptorProto.Builder message) {
        int index = message.getOneofDeclCount();
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName(in.name("oneof name")));
        in.expect("{");
        while (!in.peek().is("}")) {
            if (in.peek().kind() == Kind.END) {
                throw in.error(in.peek(), "oneof is not closed with '}'");
            }
            if (in.peek().is("option")) {
                in.take();
                ProtoOptions.read(
                        in,
                        features,
                        in.optionStatement(),
                        message.getOneofDeclBuilder(index).getOptionsBuilder(),
                        Set.of());
            } else if (in.peek().is(";")) {
                in.take();
            } else {
                field(message, index, null);
            }
        }
        in.take();
    }

    private void field(DescriptorProto.Builder message, int oneofIndex, List<OneofDescriptorProto> synthetic) {
        Token start = in.peek();
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setLabel(Label.LABEL_OPTIONAL);
        boolean explicitOptional = false;
        if (oneofIndex < 0) {
            switch (start.text()) {
                case "repeated" -> {
                    in.take();
                    field.setLabel(Label.LABEL_REPEATED);
                }
                case "required" -> {
                    in.take();
                    if (proto3) {
                        throw in.error(start, "required fields are not allowed in proto3");
                    }
                    if (features.inEditions()) {
                        throw in.error(
                                start,
                                "label required is not allowed in editions; use features.field_presence = LEGACY_REQUIRED");
                    }
                    field.setLabel(Label.LABEL_REQUIRED);
                }
                case "optional" -> {
                    in.take();
                    if (features.inEditions()) {
                        throw in.error(
                                start,
                                "label optional is not allowed in editions: singular fields have explicit presence");
                    }
                    explicitOptional = true;
                }
                default -> {}
            }
        }
        if (in.peek().is("group")) {
            throw in.error(in.peek(), "groups are not supported; use a nested message");
        }
        if (in.peek().is("map") && in.peekSecond().is("<")) {
            mapField(message, field);
            return;
        }
        setType(field, in.identifier("field type"));
        field.setName(in.name("field name"));
        in.expect("=");
        field.setNumber(fieldNumber());
        fieldOptions(field);
        in.expect(";");
        if (oneofIndex >= 0) {
            field.setOneofIndex(oneofIndex);
        } else if (explicitOptional && proto3) {
            field.setProto3Optional(true);
            synthetic.add(OneofDescriptorProto.newBuilder()
                    .setName(syntheticOneofName(message, field.getName()))
                    .build());
        }
        message.addField(field);
    }

    private static String syntheticOneofName(DescriptorProto.Builder message, String fieldName) {
        String name = "_" + fieldName;
        while (hasName(message, name)) {
            name = "X" + name;
        }
        return name;
    }

    private static boolean hasName(DescriptorProto.Builder message, String name) {
        return message.getFieldList().stream().anyMatch(f -> f.getName().equals(name))
                || message.getOneofDeclList().stream().anyMatch(o -> o.getName().equals(name));
    }

    private void mapField(DescriptorProto.Builder message, FieldDescriptorProto.Builder field) {
        Token start = in.take();
        if (field.getLabel() != Label.LABEL_OPTIONAL) {
            throw in.error(start, "map fields cannot have a label");
        }
        in.expect("<");
        FieldDescriptorProto.Builder key =
                FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setLabel(Label.LABEL_OPTIONAL);
        Token keyType = in.peek();
        setType(key, in.identifier("map key type"));
        if (!key.hasType()
                || key.getType() == Type.TYPE_DOUBLE
                || key.getType() == Type.TYPE_FLOAT
                || key.getType() == Type.TYPE_BYTES) {
            throw in.error(keyType, "map keys must be integral, bool or string");
        }
        in.expect(",");
        FieldDescriptorProto.Builder value =
                FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setLabel(Label.LABEL_OPTIONAL);
        setType(value, in.identifier("map value type"));
        in.expect(">");
        String name = in.name("field name");
        String entryName = camelCase(name, true) + "Entry";
        mapFieldEntries.add(String.join(".", scope) + "." + entryName);
        message.addNestedType(DescriptorProto.newBuilder()
                .setName(entryName)
                .addField(key)
                .addField(value)
                .setOptions(com.google.protobuf.DescriptorProtos.MessageOptions.newBuilder()
                        .setMapEntry(true)));
        field.setName(name).setLabel(Label.LABEL_REPEATED).setTypeName(entryName);
        in.expect("=");
        field.setNumber(fieldNumber());
        fieldOptions(field);
        in.expect(";");
        message.addField(field);
    }

    /**
     * protoc's camel case of a field name: each underscore dropped and the letter after it upper-cased;
     * the first letter too when {@code upperFirst}, as for a map field's entry type (MapEntryName),
     * not for a field's default JSON name (ToJsonName).
     */
    static String camelCase(String name, boolean upperFirst) {
        StringBuilder out = new StringBuilder();
        boolean upper = upperFirst;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static void setType(FieldDescriptorProto.Builder field, String type) {
        Type scalar = SCALARS.get(type);
        if (scalar != null) {
            field.setType(scalar);
        } else {
            field.setTypeName(type);
        }
    }

    /**
     * A {@code bytes} default as protoc keeps it in the descriptor (its {@code CEscape}: {@code \\n},
     * {@code \\r}, {@code \\t}, quotes and backslash named, other bytes outside printable ASCII as three
     * octal digits), which {@code FileDescriptor.buildFrom} unescapes and the printer prints as it is.
     * The literal's characters up to {@code 0xff} are its bytes (an escape gives one byte each); a
     * character above is written as its UTF-8 bytes, as protoc reads the source file.
     */
    static String cEscaped(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            byte[] bytes = c <= 0xff ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                int unsigned = b & 0xff;
                switch (unsigned) {
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    case '\t' -> escaped.append("\\t");
                    case '"' -> escaped.append("\\\"");
                    case '\'' -> escaped.append("\\'");
                    case '\\' -> escaped.append("\\\\");
                    default -> {
                        if (unsigned < 0x20 || unsigned >= 0x7f) {
                            escaped.append('\\')
                                    .append((char) ('0' + (unsigned >> 6)))
                                    .append((char) ('0' + ((unsigned >> 3) & 7)))
                                    .append((char) ('0' + (unsigned & 7)));
                        } else {
                            escaped.append((char) unsigned);
                        }
                    }
                }
            }
        }
        return escaped.toString();
    }

    private void fieldOptions(FieldDescriptorProto.Builder field) {
        if (!in.peek().is("[")) {
            return;
        }
        in.take();
        while (true) {
            Option option = in.optionBody();
            switch (option.name()) {
                case "json_name" -> field.setJsonName(option.value());
                case "default" ->
                    field.setDefaultValue(
                            field.getType() == Type.TYPE_BYTES ? cEscaped(option.value()) : option.value());
                case "ctype" -> field.getOptionsBuilder().setCtype(in.enumValue(option, FieldOptions.CType.class));
                case "jstype" -> field.getOptionsBuilder().setJstype(in.enumValue(option, FieldOptions.JSType.class));
                case "retention" ->
                    field.getOptionsBuilder().setRetention(in.enumValue(option, FieldOptions.OptionRetention.class));
                case "targets" ->
                    field.getOptionsBuilder().addTargets(in.enumValue(option, FieldOptions.OptionTargetType.class));
                default -> ProtoOptions.read(in, features, option, field.getOptionsBuilder(), FIELD_FLAGS);
            }
            if (in.peek().is(",")) {
                in.take();
            } else {
                break;
            }
        }
        in.expect("]");
    }

    private void reserved(DescriptorProto.Builder message) {
        if (in.peek().kind() == Kind.STRING || in.peek().kind() == Kind.IDENT) {
            do {
                Token name = in.take();
                message.addReservedName(name.text());
            } while (in.acceptComma());
        } else {
            for (int[] range : in.ranges(MAX_FIELD_NUMBER)) {
                message.addReservedRange(DescriptorProto.ReservedRange.newBuilder()
                        .setStart(range[0])
                        .setEnd(range[1] + 1));
            }
        }
        in.expect(";");
    }

    private void extensions(DescriptorProto.Builder message) {
        for (int[] range : in.ranges(MAX_FIELD_NUMBER)) {
            message.addExtensionRange(DescriptorProto.ExtensionRange.newBuilder()
                    .setStart(range[0])
                    .setEnd(range[1] + 1));
        }
        if (in.peek().is("[")) {
            in.skipBalanced("[", "]");
        }
        in.expect(";");
    }

    private int fieldNumber() {
        Token token = in.peek();
        int number = in.integer("field number");
        if (number < 1 || number > MAX_FIELD_NUMBER || (number >= 19000 && number <= 19999)) {
            throw in.error(
                    token,
                    "field number " + number + " is out of range: 1 to " + MAX_FIELD_NUMBER
                            + ", except 19000 to 19999");
        }
        return number;
    }
}
