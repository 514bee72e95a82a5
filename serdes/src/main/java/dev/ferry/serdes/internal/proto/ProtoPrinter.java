package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FeatureSet;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Renders a {@link FileDescriptorProto} as {@code .proto} text: the text a serializer registers for
 * a generated or dynamic message, and the canonical form of a parsed schema.
 *
 * <p>The layout and the options kept are those of Confluent's Java serializer
 * ({@code ProtobufSchema.toProtoFile} printed by {@code ProtobufSchemaUtils.toString}), so that both
 * register the same text, hence the same registry version, for the same class; the test
 * {@code ConfluentTextDifferentialTest} holds the two equal over a corpus. A map field is printed as
 * Confluent prints it: from a descriptor, as protoc's {@code XxxEntry} message (with
 * {@code option map_entry = true}) and a repeated field of it; from a parsed source text, as the text
 * wrote it ({@code map<K, V>}, or the entry message the text declares). Where Ferry deliberately
 * prints otherwise: an editions file keeps its {@code edition} and prints its features as
 * {@code features.x = V} (Confluent drops the edition, so its text reads as proto2), a {@code bytes}
 * default is quoted, a weak import is kept and a group is refused (Confluent prints one as a message
 * field, which changes its encoding).
 *
 * <p>The normalized variant prints every map field as {@code map<K, V>}, as Confluent's normalized
 * text does, orders imports by name and fields by number, and leaves out a {@code json_name} equal
 * to the one protoc derives, which changes neither the wire format nor the JSON mapping.
 */
public final class ProtoPrinter {

    /** The file options the parser keeps, in the order Confluent prints them. */
    private static final List<String> FILE_OPTIONS = ProtoParser.KEPT_FILE_OPTIONS;

    private static final List<String> MESSAGE_OPTIONS =
            List.of("no_standard_descriptor_accessor", "deprecated", "map_entry");
    private static final List<String> FIELD_OPTIONS =
            List.of("ctype", "packed", "jstype", "deprecated", "debug_redact", "retention", "targets");
    private static final List<String> ENUM_OPTIONS = List.of("allow_alias", "deprecated");
    private static final List<String> ENUM_VALUE_OPTIONS = List.of("deprecated", "debug_redact");
    private static final List<String> SERVICE_OPTIONS = List.of("deprecated");
    private static final List<String> METHOD_OPTIONS = List.of("deprecated", "idempotency_level");
    private static final List<String> EXTENSION_RANGE_OPTIONS = List.of("verification");

    /** Confluent's own options (confluent/meta.proto), whose {@code Meta} value its {@code toOption} prints. */
    private static final Set<String> META_OPTIONS = Set.of(
            "confluent.file_meta",
            "confluent.message_meta",
            "confluent.field_meta",
            "confluent.enum_meta",
            "confluent.enum_value_meta");

    private final boolean normalized;
    /**
     * Whether the {@code confluent.*} options are printed as Confluent converts a descriptor
     * ({@code ProtobufSchema.toProtoFile}); a parsed source's are printed as any other, since
     * Confluent's registry keeps those as Wire parsed them.
     */
    private final boolean fromDescriptor;

    private final Syntax syntax;
    /** Whether the entry message of this full name (no leading dot) is printed as a {@code map<K, V>} field. */
    private final Predicate<String> asMapField;

    private enum Syntax {
        PROTO2,
        PROTO3,
        EDITIONS
    }

    private ProtoPrinter(
            boolean normalized, boolean fromDescriptor, FileDescriptorProto file, Predicate<String> asMapField) {
        this.normalized = normalized;
        this.fromDescriptor = fromDescriptor;
        this.asMapField = asMapField;
        this.syntax = switch (file.getSyntax()) {
            case "proto3" -> Syntax.PROTO3;
            case "editions" -> Syntax.EDITIONS;
            default -> Syntax.PROTO2;
        };
    }

    /** The text of a descriptor, as Confluent's serializer registers it: map fields as their entry messages. */
    public static String print(FileDescriptorProto file) {
        return new ProtoPrinter(false, true, file, entry -> false).file(file);
    }

    /**
     * The text of a parsed source file, as Confluent's registry keeps it.
     *
     * @param mapFieldEntries the entry messages the text wrote as {@code map<K, V>} fields (full names
     *                        without the leading dot), see {@link ProtoParser#parseSource}
     */
    public static String print(FileDescriptorProto file, Set<String> mapFieldEntries) {
        return new ProtoPrinter(false, false, file, mapFieldEntries::contains).file(file);
    }

    /** The text of a file as {@code .proto} source protoc compiles: every map field as {@code map<K, V>}. */
    public static String printSource(FileDescriptorProto file) {
        return new ProtoPrinter(false, false, file, entry -> true).file(file);
    }

    public static String printNormalized(FileDescriptorProto file) {
        return new ProtoPrinter(true, false, file, entry -> true).file(file);
    }

    private String file(FileDescriptorProto file) {
        StringBuilder out = new StringBuilder();
        // protoc leaves syntax unset for proto2, and a class's descriptor says so; Confluent prints what it finds.
        if (syntax == Syntax.EDITIONS) {
            out.append("edition = ")
                    .append(quote(editionName(file.getEdition())))
                    .append(";\n");
        } else if (file.hasSyntax() && !file.getSyntax().isEmpty()) {
            out.append("syntax = ").append(quote(file.getSyntax())).append(";\n");
        }
        if (file.hasPackage()) {
            out.append("package ").append(file.getPackage()).append(";\n");
        }
        List<String> imports = new ArrayList<>();
        List<String> publicImports = new ArrayList<>();
        List<String> weakImports = new ArrayList<>();
        for (int i = 0; i < file.getDependencyCount(); i++) {
            (file.getPublicDependencyList().contains(i)
                            ? publicImports
                            : file.getWeakDependencyList().contains(i) ? weakImports : imports)
                    .add(file.getDependency(i));
        }
        if (normalized) {
            imports.sort(Comparator.naturalOrder());
            publicImports.sort(Comparator.naturalOrder());
            weakImports.sort(Comparator.naturalOrder());
        }
        if (!imports.isEmpty() || !publicImports.isEmpty() || !weakImports.isEmpty()) {
            out.append('\n');
            imports.forEach(name -> out.append("import ").append(quote(name)).append(";\n"));
            publicImports.forEach(
                    name -> out.append("import public ").append(quote(name)).append(";\n"));
            weakImports.forEach(
                    name -> out.append("import weak ").append(quote(name)).append(";\n"));
        }
        List<String> options = options(file.getOptions(), FILE_OPTIONS);
        if (!options.isEmpty()) {
            out.append('\n');
            options.forEach(option -> out.append("option ").append(option).append(";\n"));
        }
        if (file.getMessageTypeCount() + file.getEnumTypeCount() > 0) {
            out.append('\n');
            String scope = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
            file.getMessageTypeList().forEach(message -> out.append(message(message, scope + message.getName())));
            file.getEnumTypeList().forEach(enumType -> out.append(enumType(enumType)));
        }
        if (file.getExtensionCount() > 0) {
            out.append('\n');
            extend(out, file.getExtensionList(), false);
        }
        if (file.getServiceCount() > 0) {
            out.append('\n');
            file.getServiceList().forEach(service -> out.append(service(service)));
        }
        return out.toString();
    }

    private static String editionName(Edition edition) {
        return switch (edition) {
            case EDITION_PROTO2 -> "proto2";
            case EDITION_PROTO3 -> "proto3";
            default -> edition.name().substring("EDITION_".length());
        };
    }

    private String message(DescriptorProto message, String fullName) {
        StringBuilder out =
                new StringBuilder("message ").append(message.getName()).append(" {");
        if (message.getReservedRangeCount() + message.getReservedNameCount() > 0) {
            out.append('\n');
            for (DescriptorProto.ReservedRange range : message.getReservedRangeList()) {
                indented(out, "reserved " + range(range.getStart(), range.getEnd() - 1) + ";\n");
            }
            for (String name : message.getReservedNameList()) {
                indented(out, "reserved \"" + name + "\";\n");
            }
        }
        List<String> options = options(message.getOptions(), MESSAGE_OPTIONS);
        if (!options.isEmpty()) {
            out.append('\n');
            options.forEach(option -> indented(out, "option " + option + ";\n"));
        }
        Map<String, DescriptorProto> mapEntries = new HashMap<>();
        for (DescriptorProto nested : message.getNestedTypeList()) {
            if (nested.getOptions().getMapEntry() && asMapField.test(fullName + "." + nested.getName())) {
                mapEntries.put(nested.getName(), nested);
            }
        }
        List<FieldDescriptorProto> fields = new ArrayList<>();
        Map<Integer, List<FieldDescriptorProto>> oneofs = new LinkedHashMap<>();
        for (int i = 0; i < message.getOneofDeclCount(); i++) {
            oneofs.put(i, new ArrayList<>());
        }
        for (FieldDescriptorProto field : message.getFieldList()) {
            if (field.hasOneofIndex() && !field.getProto3Optional()) {
                oneofs.get(field.getOneofIndex()).add(field);
            } else {
                fields.add(field);
            }
        }
        if (normalized) {
            fields.sort(Comparator.comparingInt(FieldDescriptorProto::getNumber));
            oneofs.values().forEach(members -> members.sort(Comparator.comparingInt(FieldDescriptorProto::getNumber)));
        }
        if (!fields.isEmpty()) {
            out.append('\n');
            fields.forEach(field -> indented(out, field(field, mapEntries, false)));
        }
        oneofs.values().removeIf(List::isEmpty);
        if (!oneofs.isEmpty()) {
            out.append('\n');
            for (Map.Entry<Integer, List<FieldDescriptorProto>> oneof : oneofs.entrySet()) {
                indented(out, oneof(message.getOneofDecl(oneof.getKey()), oneof.getValue(), mapEntries));
            }
        }
        if (message.getExtensionRangeCount() > 0) {
            out.append('\n');
            for (DescriptorProto.ExtensionRange range : message.getExtensionRangeList()) {
                StringBuilder extensions =
                        new StringBuilder("extensions ").append(range(range.getStart(), range.getEnd() - 1));
                List<String> rangeOptions = options(range.getOptions(), EXTENSION_RANGE_OPTIONS);
                if (!rangeOptions.isEmpty()) {
                    extensions.append(' ').append(optionList(rangeOptions));
                }
                indented(out, extensions.append(";\n").toString());
            }
        }
        if (message.getExtensionCount() > 0) {
            out.append('\n');
            extend(out, message.getExtensionList(), true);
        }
        if (message.getNestedTypeCount() - mapEntries.size() + message.getEnumTypeCount() > 0) {
            out.append('\n');
            for (DescriptorProto nested : message.getNestedTypeList()) {
                if (!mapEntries.containsKey(nested.getName())) {
                    indented(out, message(nested, fullName + "." + nested.getName()));
                }
            }
            message.getEnumTypeList().forEach(enumType -> indented(out, enumType(enumType)));
        }
        return out.append("}\n").toString();
    }

    private String oneof(
            OneofDescriptorProto oneof, List<FieldDescriptorProto> members, Map<String, DescriptorProto> mapEntries) {
        StringBuilder out = new StringBuilder("oneof ").append(oneof.getName()).append(" {");
        // Confluent's toOneof keeps only the features of a oneof's options, not its custom options.
        List<String> options = options(oneof.getOptions(), List.of()).stream()
                .filter(option -> !option.startsWith("("))
                .toList();
        if (!options.isEmpty()) {
            out.append('\n');
            options.forEach(option -> indented(out, "option " + option + ";\n"));
        }
        out.append('\n');
        members.forEach(member -> indented(out, field(member, mapEntries, true)));
        return out.append("}\n").toString();
    }

    private void extend(StringBuilder out, List<FieldDescriptorProto> extensions, boolean nested) {
        Map<String, List<FieldDescriptorProto>> byExtendee = new LinkedHashMap<>();
        extensions.forEach(field -> byExtendee
                .computeIfAbsent(field.getExtendee(), e -> new ArrayList<>())
                .add(field));
        for (Map.Entry<String, List<FieldDescriptorProto>> extend : byExtendee.entrySet()) {
            StringBuilder block =
                    new StringBuilder("extend ").append(extend.getKey()).append(" {\n");
            extend.getValue().forEach(field -> indented(block, field(field, Map.of(), false)));
            block.append("}\n");
            if (nested) {
                indented(out, block.toString());
            } else {
                out.append(block);
            }
        }
    }

    private static String range(int start, int end) {
        if (start == end) {
            return Integer.toString(start);
        }
        return start + " to " + (end >= ProtoParser.MAX_FIELD_NUMBER ? "max" : Integer.toString(end));
    }

    private String field(FieldDescriptorProto field, Map<String, DescriptorProto> mapEntries, boolean inOneof) {
        StringBuilder out = new StringBuilder();
        DescriptorProto entry =
                field.getLabel() == Label.LABEL_REPEATED ? mapEntries.get(simpleName(field.getTypeName())) : null;
        if (entry != null) {
            out.append("map<")
                    .append(typeName(entry.getField(0)))
                    .append(", ")
                    .append(typeName(entry.getField(1)))
                    .append("> ");
        } else {
            if (!inOneof) {
                out.append(label(field));
            }
            out.append(typeName(field)).append(' ');
        }
        out.append(field.getName()).append(" = ").append(field.getNumber());
        List<String> options = options(field.getOptions(), FIELD_OPTIONS);
        if (syntax != Syntax.PROTO3 && field.hasDefaultValue()) {
            options.add("default = " + defaultValue(field));
        }
        // A class's descriptor names every field's json_name, a parsed source only the explicit ones: normalized, only
        // those.
        if (field.hasJsonName() && !(normalized && field.getJsonName().equals(defaultJsonName(field.getName())))) {
            options.add("json_name = " + quote(field.getJsonName()));
        }
        if (!options.isEmpty()) {
            out.append(' ').append(optionList(options));
        }
        return out.append(";\n").toString();
    }

    /** protoc's ToJsonName: each underscore dropped and the letter after it upper-cased. */
    public static String defaultJsonName(String name) {
        return ProtoParser.camelCase(name, false);
    }

    private String label(FieldDescriptorProto field) {
        if (field.getLabel() == Label.LABEL_REPEATED) {
            return "repeated ";
        }
        if (field.getProto3Optional()) {
            return "optional ";
        }
        // Editions have no optional or required label: presence is a feature, printed with the field's options.
        if (syntax != Syntax.PROTO2) {
            return "";
        }
        return field.getLabel() == Label.LABEL_REQUIRED ? "required " : "optional ";
    }

    private static String simpleName(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1);
    }

    private static String typeName(FieldDescriptorProto field) {
        // Before the type name, which a group also has: printed as a message field it would change the encoding.
        if (field.getType() == Type.TYPE_GROUP) {
            throw new IllegalArgumentException("field " + field.getName() + " is a group, which is not supported");
        }
        if (field.hasTypeName()) {
            return field.getTypeName();
        }
        return field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    private static String defaultValue(FieldDescriptorProto field) {
        return switch (field.getType()) {
            case TYPE_STRING -> quote(field.getDefaultValue());
            // A descriptor keeps a bytes default C-escaped, as protoc reads it back between quotes.
            case TYPE_BYTES -> '"' + field.getDefaultValue() + '"';
            default -> field.getDefaultValue();
        };
    }

    private String enumType(EnumDescriptorProto enumType) {
        StringBuilder out =
                new StringBuilder("enum ").append(enumType.getName()).append(" {");
        boolean reserved = enumType.getReservedRangeCount() + enumType.getReservedNameCount() > 0;
        if (reserved) {
            out.append('\n');
            for (EnumDescriptorProto.EnumReservedRange range : enumType.getReservedRangeList()) {
                indented(
                        out,
                        "reserved "
                                + (range.getStart() == range.getEnd()
                                        ? Integer.toString(range.getStart())
                                        : range.getStart() + " to "
                                                + (range.getEnd() >= ProtoParser.MAX_FIELD_NUMBER
                                                        ? "max"
                                                        : Integer.toString(range.getEnd())))
                                + ";\n");
            }
            for (String name : enumType.getReservedNameList()) {
                indented(out, "reserved \"" + name + "\";\n");
            }
        }
        List<String> options = options(enumType.getOptions(), ENUM_OPTIONS);
        if (!reserved && (!options.isEmpty() || enumType.getValueCount() > 0)) {
            out.append('\n');
        }
        options.forEach(option -> indented(out, "option " + option + ";\n"));
        for (EnumValueDescriptorProto value : enumType.getValueList()) {
            StringBuilder constant =
                    new StringBuilder(value.getName()).append(" = ").append(value.getNumber());
            List<String> valueOptions = options(value.getOptions(), ENUM_VALUE_OPTIONS);
            if (!valueOptions.isEmpty()) {
                constant.append(' ').append(optionList(valueOptions));
            }
            indented(out, constant.append(";\n").toString());
        }
        return out.append("}\n").toString();
    }

    private String service(ServiceDescriptorProto service) {
        StringBuilder out =
                new StringBuilder("service ").append(service.getName()).append(" {");
        List<String> options = options(service.getOptions(), SERVICE_OPTIONS);
        if (!options.isEmpty()) {
            out.append('\n');
            options.forEach(option -> indented(out, "option " + option + ";\n"));
        }
        if (service.getMethodCount() > 0) {
            out.append('\n');
        }
        for (MethodDescriptorProto method : service.getMethodList()) {
            StringBuilder rpc = new StringBuilder("rpc ")
                    .append(method.getName())
                    .append(" (")
                    .append(method.getClientStreaming() ? "stream " : "")
                    .append(method.getInputType())
                    .append(") returns (")
                    .append(method.getServerStreaming() ? "stream " : "")
                    .append(method.getOutputType())
                    .append(")");
            List<String> methodOptions = options(method.getOptions(), METHOD_OPTIONS);
            if (!methodOptions.isEmpty()) {
                rpc.append(" {\n");
                methodOptions.forEach(option -> indented(rpc, "option " + option + ";\n"));
                rpc.append('}');
            }
            indented(out, rpc.append(";\n").toString());
        }
        return out.append("}\n").toString();
    }

    /**
     * The options of a declaration as {@code name = value}: the standard ones of {@code kept} that are
     * set, in that order, then the features, then the custom options (extensions) in field-number order.
     * From a descriptor, as Confluent's {@code toProtoFile}: a {@code Meta} option before the other custom
     * options, and any other {@code confluent.*} extension left out ({@code toCustomOptions} drops them).
     */
    private List<String> options(Message options, List<String> kept) {
        List<String> printed = new ArrayList<>();
        for (String name : kept) {
            FieldDescriptor option = options.getDescriptorForType().findFieldByName(name);
            if (option.isRepeated()) {
                for (int i = 0; i < options.getRepeatedFieldCount(option); i++) {
                    printed.add(name + " = " + scalar(options.getRepeatedField(option, i)));
                }
            } else if (options.hasField(option)) {
                printed.add(name + " = " + scalar(options.getField(option)));
            }
        }
        FieldDescriptor features = options.getDescriptorForType().findFieldByName("features");
        if (features != null && options.hasField(features)) {
            FeatureSet set = (FeatureSet) options.getField(features);
            set.getAllFields()
                    .forEach((feature, value) -> printed.add("features." + feature.getName() + " = " + scalar(value)));
        }
        Map<FieldDescriptor, Object> fields = options.getAllFields();
        if (fromDescriptor) {
            fields.forEach((option, value) -> {
                if (option.isExtension() && META_OPTIONS.contains(option.getFullName())) {
                    String meta = meta((Message) value);
                    if (meta != null) {
                        printed.add("(" + option.getFullName() + ") = " + meta);
                    }
                }
            });
        }
        for (Map.Entry<FieldDescriptor, Object> option : fields.entrySet()) {
            if (option.getKey().isExtension()
                    && !(fromDescriptor && option.getKey().getFullName().startsWith("confluent."))) {
                String name = "(" + option.getKey().getFullName() + ")";
                if (option.getValue() instanceof List<?> values) {
                    values.forEach(value -> printed.add(name + " = " + customValue(value)));
                } else {
                    printed.add(name + " = " + customValue(option.getValue()));
                }
            }
        }
        return printed;
    }

    /**
     * A {@code Meta} as Confluent's {@code ProtobufSchema.toOption} prints it, null when it has nothing to
     * print: doc, params, tags, rules, each only when not empty; a param whose key is {@code precision} or
     * {@code scale} value first (Confluent's code gives only "for backward compatibility" as the reason);
     * a rule with only its non-empty fields, an empty one left out.
     */
    private static String meta(Message meta) {
        List<String> entries = new ArrayList<>();
        String doc = (String) field(meta, "doc");
        if (!doc.isEmpty()) {
            entries.add("doc: " + quote(doc));
        }
        // Confluent reads the params through getParamsMap: a key given twice keeps its first place and last value.
        Map<String, String> params = new LinkedHashMap<>();
        for (Object entry : (List<?>) field(meta, "params")) {
            params.put((String) field((Message) entry, "key"), (String) field((Message) entry, "value"));
        }
        if (!params.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            params.forEach((key, value) -> {
                String keyLine = "key: " + quote(key);
                String valueLine = "value: " + quote(value);
                pairs.add(
                        key.equals("precision") || key.equals("scale")
                                ? block('{', List.of(valueLine, keyLine), '}')
                                : block('{', List.of(keyLine, valueLine), '}'));
            });
            entries.add("params: " + block('[', pairs, ']'));
        }
        List<?> tags = (List<?>) field(meta, "tags");
        if (!tags.isEmpty()) {
            entries.add("tags: "
                    + block('[', tags.stream().map(tag -> quote((String) tag)).toList(), ']'));
        }
        List<String> rules = new ArrayList<>();
        for (Object rule : (List<?>) field(meta, "rules")) {
            List<String> ruleFields = new ArrayList<>();
            for (String name : List.of("name", "doc", "expr", "sql")) {
                String value = (String) field((Message) rule, name);
                if (!value.isEmpty()) {
                    ruleFields.add(name + ": " + quote(value));
                }
            }
            if (!ruleFields.isEmpty()) {
                rules.add(block('{', ruleFields, '}'));
            }
        }
        if (!rules.isEmpty()) {
            entries.add("rules: " + block('[', rules, ']'));
        }
        return entries.isEmpty() ? null : block('{', entries, '}');
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    /** Items one per line, indented, separated by commas, between open and close on lines of their own. */
    private static String block(char open, List<String> items, char close) {
        StringBuilder out = new StringBuilder().append(open).append('\n');
        for (int i = 0; i < items.size(); i++) {
            indented(out, items.get(i) + (i < items.size() - 1 ? "," : ""));
        }
        return out.append(close).toString();
    }

    private static String scalar(Object value) {
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof EnumValueDescriptor enumValue) {
            return enumValue.getName();
        }
        return String.valueOf(value);
    }

    /** A custom option's value as Confluent prints it: a message as an indented aggregate, an enum value by its toString. */
    private static String customValue(Object value) {
        if (value instanceof Message message) {
            StringBuilder out = new StringBuilder("{\n");
            aggregate(out, message);
            return out.append('}').toString();
        }
        return value instanceof String text ? quote(text) : String.valueOf(value);
    }

    private static void aggregate(StringBuilder out, Message message) {
        Map<FieldDescriptor, Object> fields = message.getAllFields();
        int left = fields.size();
        for (Map.Entry<FieldDescriptor, Object> field : fields.entrySet()) {
            String key = field.getKey().isExtension()
                    ? "[" + field.getKey().getFullName() + "]"
                    : field.getKey().getName();
            indented(out, key + ": " + aggregateValue(field.getValue()) + (--left > 0 ? "," : ""));
        }
    }

    private static String aggregateValue(Object value) {
        if (value instanceof Message message) {
            StringBuilder out = new StringBuilder("{\n");
            aggregate(out, message);
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                indented(out, aggregateValue(list.get(i)) + (i < list.size() - 1 ? "," : ""));
            }
            return out.append(']').toString();
        }
        return value instanceof String text ? quote(text) : String.valueOf(value);
    }

    /** One option in brackets on the line; more, one per line. */
    private static String optionList(List<String> options) {
        if (options.size() == 1) {
            return "[" + options.get(0) + "]";
        }
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < options.size(); i++) {
            indented(out, options.get(i) + (i < options.size() - 1 ? "," : ""));
        }
        return out.append(']').toString();
    }

    /** Every line two spaces deeper, the empty ones too (they become two spaces, as Confluent's text has them). */
    private static void indented(StringBuilder out, String block) {
        for (String line : block.split("\n")) {
            out.append("  ").append(line).append('\n');
        }
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case 0x07 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case 0x0b -> quoted.append("\\v");
                case '\\' -> quoted.append("\\\\");
                case '\'' -> quoted.append("\\'");
                case '"' -> quoted.append("\\\"");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
