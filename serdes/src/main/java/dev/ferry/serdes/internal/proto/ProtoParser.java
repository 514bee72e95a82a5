package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FeatureSet;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code .proto} text (proto2, proto3 and editions) into a {@link FileDescriptorProto} without protoc:
 * messages and nested messages, enums, fields with labels, oneofs, maps (as protoc does: a nested
 * {@code XxxEntry} message), proto3 {@code optional} (synthetic oneofs), reserved numbers and names,
 * extension ranges, imports, packages and services. Options are tolerated; those that matter to the
 * schema's meaning or that a language's code generator reads (the file options of
 * {@link #KEPT_FILE_OPTIONS}; the field options packed, deprecated, json_name, default, ctype, jstype,
 * lazy, unverified_lazy, debug_redact, retention, targets; the message options deprecated and
 * no_standard_descriptor_accessor; the enum options allow_alias and deprecated; the enum value
 * options deprecated and debug_redact; the editions features {@code features.x = V} of
 * files, messages, fields, enums and enum values) are kept, others dropped.
 * {@code extend} blocks are skipped. Type names stay as written; {@code FileDescriptor.buildFrom}
 * resolves them.
 */
public final class ProtoParser {

    static final int MAX_FIELD_NUMBER = 536_870_911;

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

    /** The editions protobuf-java (and the protoc of the same version) builds; later ones are refused here, by name. */
    private static final Map<String, Edition> EDITIONS =
            Map.of("2023", Edition.EDITION_2023, "2024", Edition.EDITION_2024);

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

    private final List<Token> tokens;
    private final String fileName;
    private int next;
    private boolean proto3;
    private boolean editions;

    private ProtoParser(String text, String fileName) {
        this.tokens = ProtoTokenizer.tokenize(text);
        this.fileName = fileName;
    }

    /**
     * @param fileName the name other files import this one by
     * @throws InvalidSchemaException naming the line and what was expected
     */
    public static FileDescriptorProto parse(String text, String fileName) {
        return new ProtoParser(text, fileName).file();
    }

    private FileDescriptorProto file() {
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName(fileName);
        if (peek().is("syntax")) {
            take();
            expect("=");
            Token syntax = take();
            if (syntax.kind() != Kind.STRING
                    || !(syntax.text().equals("proto2") || syntax.text().equals("proto3"))) {
                throw error(syntax, "syntax must be \"proto2\" or \"proto3\"");
            }
            proto3 = syntax.text().equals("proto3");
            expect(";");
        } else if (peek().is("edition")) {
            take();
            expect("=");
            Token edition = take();
            Edition value = edition.kind() == Kind.STRING ? EDITIONS.get(edition.text()) : null;
            if (value == null) {
                throw error(edition, "edition must be one of " + EDITIONS.keySet() + ", was " + edition.text());
            }
            expect(";");
            editions = true;
            file.setSyntax("editions").setEdition(value);
        }
        if (proto3) {
            file.setSyntax("proto3");
        }
        while (peek().kind() != Kind.END) {
            Token token = take();
            switch (token.text()) {
                case "import" -> {
                    if (peek().is("public")) {
                        take();
                        file.addPublicDependency(file.getDependencyCount());
                    } else if (peek().is("weak")) {
                        take();
                        file.addWeakDependency(file.getDependencyCount());
                    }
                    file.addDependency(string("import path"));
                    expect(";");
                }
                case "package" -> {
                    file.setPackage(identifier("package name"));
                    expect(";");
                }
                case "option" -> fileOption(file);
                case "message" -> file.addMessageType(message());
                case "enum" -> file.addEnumType(enumType());
                case "service" -> file.addService(service());
                case "extend" -> skipBlockAfterName();
                case ";" -> {}
                default -> throw error(token, "expected import, package, option, message, enum, service or extend");
            }
        }
        return file.build();
    }

    private void fileOption(FileDescriptorProto.Builder file) {
        Option option = optionBody();
        expect(";");
        var options = file.getOptionsBuilder();
        if (feature(option, options.getFeaturesBuilder())) {
            return;
        }
        if (KEPT_FILE_OPTIONS.contains(option.name())) {
            FieldDescriptor kept = FileOptions.getDescriptor().findFieldByName(option.name());
            options.setField(
                    kept,
                    switch (kept.getJavaType()) {
                        case BOOLEAN -> bool(option);
                        case ENUM ->
                            enumValue(option, FileOptions.OptimizeMode.class).getValueDescriptor();
                        default -> option.value();
                    });
        }
        if (options.build().getAllFields().isEmpty()) {
            file.clearOptions();
        }
    }

    private DescriptorProto message() {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name("message name"));
        expect("{");
        List<OneofDescriptorProto> synthetic = new ArrayList<>();
        while (!peek().is("}")) {
            Token token = peek();
            if (token.kind() == Kind.END) {
                throw error(token, "message " + message.getName() + " is not closed with '}'");
            }
            switch (token.text()) {
                case "message" -> {
                    take();
                    message.addNestedType(message());
                }
                case "enum" -> {
                    take();
                    message.addEnumType(enumType());
                }
                case "oneof" -> {
                    take();
                    oneof(message);
                }
                case "reserved" -> {
                    take();
                    reserved(message);
                }
                case "extensions" -> {
                    take();
                    extensions(message);
                }
                case "option" -> {
                    take();
                    Option option = optionBody();
                    expect(";");
                    if (option.name().equals("deprecated")) {
                        message.getOptionsBuilder().setDeprecated(bool(option));
                    } else if (option.name().equals("no_standard_descriptor_accessor")) {
                        message.getOptionsBuilder().setNoStandardDescriptorAccessor(bool(option));
                    } else {
                        feature(option, message.getOptionsBuilder().getFeaturesBuilder());
                    }
                }
                case "extend" -> {
                    take();
                    skipBlockAfterName();
                }
                case ";" -> take();
                default -> field(message, -1, synthetic);
            }
        }
        take();
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
        return message.build();
    }

    private void oneof(DescriptorProto.Builder message) {
        int index = message.getOneofDeclCount();
        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName(name("oneof name")));
        expect("{");
        while (!peek().is("}")) {
            if (peek().kind() == Kind.END) {
                throw error(peek(), "oneof is not closed with '}'");
            }
            if (peek().is("option")) {
                take();
                optionBody();
                expect(";");
            } else if (peek().is(";")) {
                take();
            } else {
                field(message, index, null);
            }
        }
        take();
    }

    private void field(DescriptorProto.Builder message, int oneofIndex, List<OneofDescriptorProto> synthetic) {
        Token start = peek();
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setLabel(Label.LABEL_OPTIONAL);
        boolean explicitOptional = false;
        if (oneofIndex < 0) {
            switch (start.text()) {
                case "repeated" -> {
                    take();
                    field.setLabel(Label.LABEL_REPEATED);
                }
                case "required" -> {
                    take();
                    if (proto3) {
                        throw error(start, "required fields are not allowed in proto3");
                    }
                    if (editions) {
                        throw error(
                                start,
                                "label required is not allowed in editions; use features.field_presence = LEGACY_REQUIRED");
                    }
                    field.setLabel(Label.LABEL_REQUIRED);
                }
                case "optional" -> {
                    take();
                    if (editions) {
                        throw error(
                                start,
                                "label optional is not allowed in editions: singular fields have explicit presence");
                    }
                    explicitOptional = true;
                }
                default -> {}
            }
        }
        if (peek().is("group")) {
            throw error(peek(), "groups are not supported; use a nested message");
        }
        if (peek().is("map") && tokens.get(next + 1).is("<")) {
            mapField(message, field);
            return;
        }
        setType(field, identifier("field type"));
        field.setName(name("field name"));
        expect("=");
        field.setNumber(fieldNumber());
        fieldOptions(field);
        expect(";");
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
        Token start = take();
        if (field.getLabel() != Label.LABEL_OPTIONAL) {
            throw error(start, "map fields cannot have a label");
        }
        expect("<");
        FieldDescriptorProto.Builder key =
                FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setLabel(Label.LABEL_OPTIONAL);
        Token keyType = peek();
        setType(key, identifier("map key type"));
        if (!key.hasType()
                || key.getType() == Type.TYPE_DOUBLE
                || key.getType() == Type.TYPE_FLOAT
                || key.getType() == Type.TYPE_BYTES) {
            throw error(keyType, "map keys must be integral, bool or string");
        }
        expect(",");
        FieldDescriptorProto.Builder value =
                FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setLabel(Label.LABEL_OPTIONAL);
        setType(value, identifier("map value type"));
        expect(">");
        String name = name("field name");
        String entryName = camelCase(name) + "Entry";
        message.addNestedType(DescriptorProto.newBuilder()
                .setName(entryName)
                .addField(key)
                .addField(value)
                .setOptions(com.google.protobuf.DescriptorProtos.MessageOptions.newBuilder()
                        .setMapEntry(true)));
        field.setName(name).setLabel(Label.LABEL_REPEATED).setTypeName(entryName);
        expect("=");
        field.setNumber(fieldNumber());
        fieldOptions(field);
        expect(";");
        message.addField(field);
    }

    private static String camelCase(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else if (upper) {
                out.append(Character.toUpperCase(c));
                upper = false;
            } else {
                out.append(c);
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

    private void fieldOptions(FieldDescriptorProto.Builder field) {
        if (!peek().is("[")) {
            return;
        }
        take();
        while (true) {
            Option option = optionBody();
            switch (option.name()) {
                case "packed" -> field.getOptionsBuilder().setPacked(bool(option));
                case "deprecated" -> field.getOptionsBuilder().setDeprecated(bool(option));
                case "json_name" -> field.setJsonName(option.value());
                case "default" -> field.setDefaultValue(option.value());
                case "ctype" -> field.getOptionsBuilder().setCtype(enumValue(option, FieldOptions.CType.class));
                case "jstype" -> field.getOptionsBuilder().setJstype(enumValue(option, FieldOptions.JSType.class));
                case "lazy" -> field.getOptionsBuilder().setLazy(bool(option));
                case "unverified_lazy" -> field.getOptionsBuilder().setUnverifiedLazy(bool(option));
                case "debug_redact" -> field.getOptionsBuilder().setDebugRedact(bool(option));
                case "retention" ->
                    field.getOptionsBuilder().setRetention(enumValue(option, FieldOptions.OptionRetention.class));
                case "targets" ->
                    field.getOptionsBuilder().addTargets(enumValue(option, FieldOptions.OptionTargetType.class));
                default -> feature(option, field.getOptionsBuilder().getFeaturesBuilder());
            }
            if (peek().is(",")) {
                take();
            } else {
                break;
            }
        }
        expect("]");
    }

    private void reserved(DescriptorProto.Builder message) {
        if (peek().kind() == Kind.STRING || peek().kind() == Kind.IDENT) {
            do {
                Token name = take();
                message.addReservedName(name.text());
            } while (acceptComma());
        } else {
            do {
                int[] range = range(MAX_FIELD_NUMBER);
                message.addReservedRange(DescriptorProto.ReservedRange.newBuilder()
                        .setStart(range[0])
                        .setEnd(range[1] + 1));
            } while (acceptComma());
        }
        expect(";");
    }

    private void extensions(DescriptorProto.Builder message) {
        do {
            int[] range = range(MAX_FIELD_NUMBER);
            message.addExtensionRange(DescriptorProto.ExtensionRange.newBuilder()
                    .setStart(range[0])
                    .setEnd(range[1] + 1));
        } while (acceptComma());
        if (peek().is("[")) {
            skipBalanced("[", "]");
        }
        expect(";");
    }

    private int[] range(int max) {
        int start = integer("number");
        int end = start;
        if (peek().is("to")) {
            take();
            if (peek().is("max")) {
                take();
                end = max;
            } else {
                end = integer("number");
            }
        }
        return new int[] {start, end};
    }

    private boolean acceptComma() {
        if (peek().is(",")) {
            take();
            return true;
        }
        return false;
    }

    private EnumDescriptorProto enumType() {
        EnumDescriptorProto.Builder enumType = EnumDescriptorProto.newBuilder().setName(name("enum name"));
        expect("{");
        while (!peek().is("}")) {
            Token token = peek();
            if (token.kind() == Kind.END) {
                throw error(token, "enum " + enumType.getName() + " is not closed with '}'");
            }
            if (token.is("option")) {
                take();
                Option option = optionBody();
                expect(";");
                if (option.name().equals("allow_alias")) {
                    enumType.getOptionsBuilder().setAllowAlias(bool(option));
                } else if (option.name().equals("deprecated")) {
                    enumType.getOptionsBuilder().setDeprecated(bool(option));
                } else {
                    feature(option, enumType.getOptionsBuilder().getFeaturesBuilder());
                }
            } else if (token.is("reserved")) {
                take();
                if (peek().kind() == Kind.STRING) {
                    do {
                        enumType.addReservedName(take().text());
                    } while (acceptComma());
                } else {
                    do {
                        int[] range = range(Integer.MAX_VALUE);
                        enumType.addReservedRange(EnumDescriptorProto.EnumReservedRange.newBuilder()
                                .setStart(range[0])
                                .setEnd(range[1]));
                    } while (acceptComma());
                }
                expect(";");
            } else if (token.is(";")) {
                take();
            } else {
                EnumValueDescriptorProto.Builder value =
                        EnumValueDescriptorProto.newBuilder().setName(name("enum value name"));
                expect("=");
                value.setNumber(integer("enum value number"));
                if (peek().is("[")) {
                    take();
                    do {
                        Option option = optionBody();
                        if (option.name().equals("deprecated")) {
                            value.getOptionsBuilder().setDeprecated(bool(option));
                        } else if (option.name().equals("debug_redact")) {
                            value.getOptionsBuilder().setDebugRedact(bool(option));
                        } else {
                            feature(option, value.getOptionsBuilder().getFeaturesBuilder());
                        }
                    } while (acceptComma());
                    expect("]");
                }
                expect(";");
                enumType.addValue(value);
            }
        }
        take();
        if (enumType.getValueCount() == 0) {
            throw error(peekPrevious(), "enum " + enumType.getName() + " must have at least one value");
        }
        return enumType.build();
    }

    private ServiceDescriptorProto service() {
        ServiceDescriptorProto.Builder service =
                ServiceDescriptorProto.newBuilder().setName(name("service name"));
        expect("{");
        while (!peek().is("}")) {
            Token token = take();
            if (token.is("rpc")) {
                MethodDescriptorProto.Builder method =
                        MethodDescriptorProto.newBuilder().setName(name("rpc name"));
                expect("(");
                if (peek().is("stream")) {
                    take();
                    method.setClientStreaming(true);
                }
                method.setInputType(identifier("request type"));
                expect(")");
                expect("returns");
                expect("(");
                if (peek().is("stream")) {
                    take();
                    method.setServerStreaming(true);
                }
                method.setOutputType(identifier("response type"));
                expect(")");
                if (peek().is("{")) {
                    skipBalanced("{", "}");
                } else {
                    expect(";");
                }
                service.addMethod(method);
            } else if (token.is("option")) {
                optionBody();
                expect(";");
            } else if (!token.is(";")) {
                throw error(token, "expected rpc or option in service " + service.getName());
            }
        }
        take();
        return service.build();
    }

    private record Option(String name, String value, Token token) {}

    private Option optionBody() {
        StringBuilder name = new StringBuilder();
        Token start = peek();
        while (!peek().is("=")) {
            Token token = take();
            if (token.kind() == Kind.END || token.is(";")) {
                throw error(token, "expected '=' in option");
            }
            name.append(token.text());
        }
        take();
        Token value = peek();
        if (value.is("{")) {
            skipBalanced("{", "}");
            return new Option(name.toString(), "", start);
        }
        take();
        String text = value.text();
        if (value.is("-") || value.is("+")) {
            text = value.text() + take().text();
        }
        return new Option(name.toString(), text, start);
    }

    /**
     * An editions feature ({@code features.field_presence = EXPLICIT}) set on the declaration's
     * features; whether the option was one. Features only mean something in an editions file.
     */
    private boolean feature(Option option, FeatureSet.Builder features) {
        if (option.name().equals("features")) {
            // Skipped like other aggregates, it would silently change the file's meaning.
            throw error(option.token(), "features are read one by one: write features.<name> = <value>");
        }
        if (!option.name().startsWith("features.")) {
            return false;
        }
        if (!editions) {
            throw error(option.token(), "option " + option.name() + " is only allowed in editions files");
        }
        FieldDescriptor feature =
                FeatureSet.getDescriptor().findFieldByName(option.name().substring("features.".length()));
        if (feature == null || feature.getEnumType() == null) {
            throw error(option.token(), "unknown feature " + option.name());
        }
        var value = feature.getEnumType().findValueByName(option.value());
        if (value == null) {
            throw error(
                    option.token(),
                    "feature " + option.name() + " must be one of "
                            + feature.getEnumType().getValues().stream()
                                    .map(v -> v.getName())
                                    .toList() + ", was " + option.value());
        }
        features.setField(feature, value);
        return true;
    }

    private boolean bool(Option option) {
        if (option.value().equals("true") || option.value().equals("false")) {
            return Boolean.parseBoolean(option.value());
        }
        throw error(option.token(), "option " + option.name() + " must be true or false, was " + option.value());
    }

    private <E extends Enum<E>> E enumValue(Option option, Class<E> type) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(option.value())) {
                return value;
            }
        }
        throw error(
                option.token(),
                "option " + option.name() + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", was "
                        + option.value());
    }

    private void skipBlockAfterName() {
        identifier("name");
        skipBalanced("{", "}");
    }

    private void skipBalanced(String open, String close) {
        Token first = expect(open);
        int depth = 1;
        while (depth > 0) {
            Token token = take();
            if (token.kind() == Kind.END) {
                throw error(first, "'" + open + "' opened at line " + first.line() + " is never closed");
            }
            if (token.is(open)) {
                depth++;
            } else if (token.is(close)) {
                depth--;
            }
        }
    }

    private int fieldNumber() {
        Token token = peek();
        int number = integer("field number");
        if (number < 1 || number > MAX_FIELD_NUMBER || (number >= 19000 && number <= 19999)) {
            throw error(
                    token,
                    "field number " + number + " is out of range: 1 to " + MAX_FIELD_NUMBER
                            + ", except 19000 to 19999");
        }
        return number;
    }

    private int integer(String what) {
        boolean negative = false;
        if (peek().is("-")) {
            take();
            negative = true;
        }
        Token token = take();
        if (token.kind() != Kind.INT) {
            throw error(token, "expected " + what);
        }
        String text = token.text().toLowerCase(Locale.ROOT);
        try {
            long value;
            if (text.startsWith("0x")) {
                value = Long.parseLong(text.substring(2), 16);
            } else if (text.length() > 1 && text.startsWith("0")) {
                value = Long.parseLong(text.substring(1), 8);
            } else {
                value = Long.parseLong(text);
            }
            value = negative ? -value : value;
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw error(token, what + " " + value + " does not fit in 32 bits");
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw error(token, "malformed " + what + " '" + token.text() + "'");
        }
    }

    private String name(String what) {
        Token token = take();
        if (token.kind() != Kind.IDENT || token.text().contains(".")) {
            throw error(token, "expected " + what);
        }
        return token.text();
    }

    private String identifier(String what) {
        Token token = take();
        if (token.kind() != Kind.IDENT) {
            throw error(token, "expected " + what);
        }
        return token.text();
    }

    private String string(String what) {
        Token token = take();
        if (token.kind() != Kind.STRING) {
            throw error(token, "expected " + what + " in quotes");
        }
        return token.text();
    }

    private Token expect(String symbol) {
        Token token = take();
        if (!token.is(symbol)) {
            throw error(token, "expected '" + symbol + "'");
        }
        return token;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekPrevious() {
        return tokens.get(Math.max(0, next - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private InvalidSchemaException error(Token token, String message) {
        return new InvalidSchemaException(
                fileName + ":" + token.line() + ": " + message + ", found " + token.describe(), token.line(), null);
    }
}
