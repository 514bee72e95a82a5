package dev.ferry.serdes.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.GeneratedMessage.ExtendableMessage;
import com.google.protobuf.Message;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.ExtendElement;
import com.squareup.wire.schema.internal.parser.ExtensionsElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.OptionElement.Kind;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.RpcElement;
import com.squareup.wire.schema.internal.parser.ServiceElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import kotlin.ranges.IntRange;

/**
 * The oracle: the text Confluent's Java serializer registers for a generated class, computed without
 * Ferry's code. The serializer registers {@code new ProtobufSchema(descriptor).canonicalString()}:
 * {@code ProtobufSchema.toProtoFile(FileDescriptorProto)} turns the descriptor into Wire's
 * {@link ProtoFileElement} and {@code ProtobufSchemaUtils.toString(ProtoFileElement)} prints it (not
 * Wire's own {@code toSchema()}, whose "formatted by Wire" header Confluent never registers). Both are
 * followed here rule by rule, as in confluentinc/schema-registry at 794611b (protobuf-provider),
 * Confluent's own {@code confluent.*_meta} options included ({@code toOption}), which no corpus file
 * uses: {@code ConfluentMetaOptionsTest} holds Ferry's text of those to this oracle.
 * The server stores the same string: it parses the text with Wire and stores this printing of it.
 */
final class ConfluentText {

    private static final Location LOCATION = Location.get("");
    private static final long MAX_TAG_VALUE = 536_870_911;

    private ConfluentText() {}

    /**
     * What Confluent registers for the file (a generated class's {@code getDescriptor().getFile().toProto()}):
     * a map field as protoc's entry message, declared with {@code option map_entry = true}, and a
     * repeated field of it, since {@code toMessage} converts every nested type and field as it is.
     */
    static String of(FileDescriptorProto file) {
        return print(toProtoFile(file));
    }

    // ---- ProtobufSchema.toProtoFile and its helpers ----

    static ProtoFileElement toProtoFile(FileDescriptorProto file) {
        String packageName = file.getPackage().isEmpty() ? null : file.getPackage();
        Syntax syntax =
                switch (file.getSyntax()) {
                    case "proto2" -> Syntax.PROTO_2;
                    case "proto3" -> Syntax.PROTO_3;
                    default -> null;
                };
        List<TypeElement> types = new ArrayList<>();
        file.getMessageTypeList().forEach(m -> types.add(toMessage(file, m)));
        file.getEnumTypeList().forEach(e -> types.add(toEnum(e)));
        List<ServiceElement> services =
                file.getServiceList().stream().map(ConfluentText::toService).toList();
        List<String> imports = new ArrayList<>();
        List<String> publicImports = new ArrayList<>();
        List<String> weakImports = new ArrayList<>();
        for (int i = 0; i < file.getDependencyCount(); i++) {
            if (file.getPublicDependencyList().contains(i)) {
                publicImports.add(file.getDependency(i));
            } else if (file.getWeakDependencyList().contains(i)) {
                weakImports.add(file.getDependency(i));
            } else {
                imports.add(file.getDependency(i));
            }
        }
        FileOptions o = file.getOptions();
        List<OptionElement> options = new ArrayList<>();
        addIf(options, o.hasJavaPackage(), "java_package", Kind.STRING, o.getJavaPackage());
        addIf(options, o.hasJavaOuterClassname(), "java_outer_classname", Kind.STRING, o.getJavaOuterClassname());
        addIf(options, o.hasJavaMultipleFiles(), "java_multiple_files", Kind.BOOLEAN, o.getJavaMultipleFiles());
        addIf(
                options,
                o.hasJavaGenerateEqualsAndHash(),
                "java_generate_equals_and_hash",
                Kind.BOOLEAN,
                o.getJavaGenerateEqualsAndHash());
        addIf(options, o.hasJavaStringCheckUtf8(), "java_string_check_utf8", Kind.BOOLEAN, o.getJavaStringCheckUtf8());
        addIf(options, o.hasOptimizeFor(), "optimize_for", Kind.ENUM, o.getOptimizeFor());
        addIf(options, o.hasGoPackage(), "go_package", Kind.STRING, o.getGoPackage());
        addIf(options, o.hasCcGenericServices(), "cc_generic_services", Kind.BOOLEAN, o.getCcGenericServices());
        addIf(options, o.hasJavaGenericServices(), "java_generic_services", Kind.BOOLEAN, o.getJavaGenericServices());
        addIf(options, o.hasPyGenericServices(), "py_generic_services", Kind.BOOLEAN, o.getPyGenericServices());
        addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
        addIf(options, o.hasCcEnableArenas(), "cc_enable_arenas", Kind.BOOLEAN, o.getCcEnableArenas());
        addIf(options, o.hasObjcClassPrefix(), "objc_class_prefix", Kind.STRING, o.getObjcClassPrefix());
        addIf(options, o.hasCsharpNamespace(), "csharp_namespace", Kind.STRING, o.getCsharpNamespace());
        addIf(options, o.hasSwiftPrefix(), "swift_prefix", Kind.STRING, o.getSwiftPrefix());
        addIf(options, o.hasPhpClassPrefix(), "php_class_prefix", Kind.STRING, o.getPhpClassPrefix());
        addIf(options, o.hasPhpNamespace(), "php_namespace", Kind.STRING, o.getPhpNamespace());
        addIf(options, o.hasPhpMetadataNamespace(), "php_metadata_namespace", Kind.STRING, o.getPhpMetadataNamespace());
        addIf(options, o.hasRubyPackage(), "ruby_package", Kind.STRING, o.getRubyPackage());
        if (o.hasFeatures()) {
            options.add(features(o.getFeatures()));
        }
        metaOption("confluent.file_meta", o).ifPresent(options::add);
        options.addAll(customOptions(o));
        return new ProtoFileElement(
                LOCATION,
                packageName,
                syntax,
                imports,
                publicImports,
                weakImports,
                types,
                services,
                extendElements(file, file.getExtensionList()),
                options);
    }

    private static void addIf(List<OptionElement> options, boolean has, String name, Kind kind, Object value) {
        if (has) {
            options.add(new OptionElement(name, kind, value, false));
        }
    }

    private static List<ExtendElement> extendElements(FileDescriptorProto file, List<FieldDescriptorProto> fields) {
        Map<String, List<FieldElement>> byExtendee = new LinkedHashMap<>();
        for (FieldDescriptorProto field : fields) {
            byExtendee
                    .computeIfAbsent(field.getExtendee(), k -> new ArrayList<>())
                    .add(toField(file, field, false));
        }
        return byExtendee.entrySet().stream()
                .map(e -> new ExtendElement(LOCATION, e.getKey(), "", e.getValue()))
                .toList();
    }

    /**
     * {@code ProtobufSchema.toOption} of the {@code Meta} extension of that name, when the options carry
     * it and it has something to print. Confluent reads it through its generated {@code MetaProto};
     * here its fields are read by name, as the test has no Confluent class.
     */
    private static java.util.Optional<OptionElement> metaOption(String name, ExtendableMessage<?> options) {
        Message meta = null;
        for (Map.Entry<FieldDescriptor, Object> option : options.getAllFields().entrySet()) {
            if (option.getKey().isExtension() && option.getKey().getFullName().equals(name)) {
                meta = (Message) option.getValue();
            }
        }
        if (meta == null) {
            return java.util.Optional.empty();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        String doc = (String) get(meta, "doc");
        if (!doc.isEmpty()) {
            map.put("doc", doc);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Object entry : (List<?>) get(meta, "params")) {
            params.put((String) get((Message) entry, "key"), (String) get((Message) entry, "value"));
        }
        if (!params.isEmpty()) {
            List<Map<String, String>> keyValues = new ArrayList<>();
            for (Map.Entry<String, String> entry : params.entrySet()) {
                Map<String, String> keyValue = new LinkedHashMap<>();
                String key = entry.getKey();
                if ("precision".equals(key) || "scale".equals(key)) {
                    keyValue.put("value", entry.getValue());
                    keyValue.put("key", key);
                } else {
                    keyValue.put("key", key);
                    keyValue.put("value", entry.getValue());
                }
                keyValues.add(keyValue);
            }
            map.put("params", keyValues);
        }
        List<?> tags = (List<?>) get(meta, "tags");
        if (!tags.isEmpty()) {
            map.put("tags", tags);
        }
        List<Map<String, String>> ruleEntries = new ArrayList<>();
        for (Object rule : (List<?>) get(meta, "rules")) {
            Map<String, String> entry = new LinkedHashMap<>();
            for (String field : List.of("name", "doc", "expr", "sql")) {
                String value = (String) get((Message) rule, field);
                if (!value.isEmpty()) {
                    entry.put(field, value);
                }
            }
            if (!entry.isEmpty()) {
                ruleEntries.add(entry);
            }
        }
        if (!ruleEntries.isEmpty()) {
            map.put("rules", ruleEntries);
        }
        return map.isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(new OptionElement(name, Kind.MAP, map, true));
    }

    private static Object get(Message message, String field) {
        return message.getField(message.getDescriptorForType().findFieldByName(field));
    }

    private static List<OptionElement> customOptions(ExtendableMessage<?> options) {
        List<OptionElement> custom = new ArrayList<>();
        for (Map.Entry<FieldDescriptor, Object> option : options.getAllFields().entrySet()) {
            if (option.getKey().isExtension() && !option.getKey().getFullName().startsWith("confluent.")) {
                if (option.getValue() instanceof List<?> values) {
                    values.forEach(v -> custom.add(
                            new OptionElement(option.getKey().getFullName(), kind(v), optionValue(v, false), true)));
                } else {
                    custom.add(new OptionElement(
                            option.getKey().getFullName(),
                            kind(option.getValue()),
                            optionValue(option.getValue(), false),
                            true));
                }
            }
        }
        return custom;
    }

    private static Kind kind(Object value) {
        if (value instanceof String) {
            return Kind.STRING;
        } else if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        } else if (value instanceof Number) {
            return Kind.NUMBER;
        } else if (value instanceof Enum || value instanceof EnumValueDescriptor) {
            return Kind.ENUM;
        } else if (value instanceof List) {
            return Kind.LIST;
        } else if (value instanceof Message) {
            return Kind.MAP;
        }
        throw new IllegalArgumentException(
                "Unsupported option type " + value.getClass().getName());
    }

    private static Object optionValue(Object value, boolean isMapValue) {
        if (value instanceof List<?> list) {
            return list.stream().map(o -> optionValue(o, false)).collect(Collectors.toList());
        } else if (value instanceof Message message) {
            Map<String, Object> map = new LinkedHashMap<>();
            message.getAllFields()
                    .forEach((field, v) -> map.putIfAbsent(
                            field.isExtension() ? "[" + field.getFullName() + "]" : field.getName(),
                            optionValue(v, true)));
            return map;
        } else if (isMapValue) {
            if (value instanceof Boolean) {
                return new OptionElement.OptionPrimitive(Kind.BOOLEAN, value);
            } else if (value instanceof Enum) {
                return new OptionElement.OptionPrimitive(Kind.ENUM, value);
            } else if (value instanceof Number) {
                return new OptionElement.OptionPrimitive(Kind.NUMBER, value);
            }
        }
        return value;
    }

    private static MessageElement toMessage(FileDescriptorProto file, DescriptorProto descriptor) {
        List<FieldElement> fields = new ArrayList<>();
        List<TypeElement> nested = new ArrayList<>();
        List<ReservedElement> reserved = new ArrayList<>();
        List<ExtensionsElement> extensions = new ArrayList<>();
        List<List<FieldElement>> oneofFields = new ArrayList<>();
        descriptor.getOneofDeclList().forEach(o -> oneofFields.add(new ArrayList<>()));
        for (FieldDescriptorProto field : descriptor.getFieldList()) {
            if (field.hasOneofIndex() && !field.getProto3Optional()) {
                oneofFields.get(field.getOneofIndex()).add(toField(file, field, true));
            } else {
                fields.add(toField(file, field, false));
            }
        }
        descriptor.getNestedTypeList().forEach(m -> nested.add(toMessage(file, m)));
        descriptor.getEnumTypeList().forEach(e -> nested.add(toEnum(e)));
        for (DescriptorProto.ReservedRange range : descriptor.getReservedRangeList()) {
            reserved.add(new ReservedElement(LOCATION, "", List.of(range(range.getStart(), range.getEnd() - 1))));
        }
        for (String name : descriptor.getReservedNameList()) {
            reserved.add(new ReservedElement(LOCATION, "", List.of(name)));
        }
        for (DescriptorProto.ExtensionRange range : descriptor.getExtensionRangeList()) {
            List<OptionElement> rangeOptions = new ArrayList<>();
            if (range.getOptions().hasFeatures()) {
                rangeOptions.add(features(range.getOptions().getFeatures()));
            }
            if (range.getOptions().hasVerification()) {
                rangeOptions.add(new OptionElement(
                        "verification", Kind.BOOLEAN, range.getOptions().getVerification(), false));
            }
            extensions.add(new ExtensionsElement(
                    LOCATION, "", List.of(range(range.getStart(), range.getEnd() - 1)), rangeOptions));
        }
        var o = descriptor.getOptions();
        List<OptionElement> options = new ArrayList<>();
        addIf(
                options,
                o.hasNoStandardDescriptorAccessor(),
                "no_standard_descriptor_accessor",
                Kind.BOOLEAN,
                o.getNoStandardDescriptorAccessor());
        addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
        addIf(options, o.hasMapEntry(), "map_entry", Kind.BOOLEAN, o.getMapEntry());
        if (o.hasFeatures()) {
            options.add(features(o.getFeatures()));
        }
        metaOption("confluent.message_meta", o).ifPresent(options::add);
        options.addAll(customOptions(o));
        List<OneOfElement> oneofs = new ArrayList<>();
        for (int i = 0; i < descriptor.getOneofDeclCount(); i++) {
            var oneof = descriptor.getOneofDecl(i);
            List<OptionElement> oneofOptions = new ArrayList<>();
            if (oneof.getOptions().hasFeatures()) {
                oneofOptions.add(features(oneof.getOptions().getFeatures()));
            }
            if (!oneofFields.get(i).isEmpty()) {
                oneofs.add(
                        new OneOfElement(oneof.getName(), "", oneofFields.get(i), List.of(), oneofOptions, LOCATION));
            }
        }
        return new MessageElement(
                LOCATION,
                descriptor.getName(),
                "",
                nested,
                options,
                reserved,
                fields,
                oneofs,
                extensions,
                List.of(),
                extendElements(file, descriptor.getExtensionList()));
    }

    private static Object range(int start, int endInclusive) {
        return start == endInclusive ? (Object) start : new IntRange(start, endInclusive);
    }

    private static EnumElement toEnum(EnumDescriptorProto descriptor) {
        List<EnumConstantElement> constants = new ArrayList<>();
        for (EnumValueDescriptorProto value : descriptor.getValueList()) {
            var o = value.getOptions();
            List<OptionElement> options = new ArrayList<>();
            addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
            addIf(options, o.hasDebugRedact(), "debug_redact", Kind.BOOLEAN, o.getDebugRedact());
            if (o.hasFeatures()) {
                options.add(features(o.getFeatures()));
            }
            metaOption("confluent.enum_value_meta", o).ifPresent(options::add);
            options.addAll(customOptions(o));
            constants.add(new EnumConstantElement(LOCATION, value.getName(), value.getNumber(), "", options));
        }
        List<ReservedElement> reserved = new ArrayList<>();
        for (EnumDescriptorProto.EnumReservedRange range : descriptor.getReservedRangeList()) {
            reserved.add(new ReservedElement(LOCATION, "", List.of(range(range.getStart(), range.getEnd()))));
        }
        for (String name : descriptor.getReservedNameList()) {
            reserved.add(new ReservedElement(LOCATION, "", List.of(name)));
        }
        var o = descriptor.getOptions();
        List<OptionElement> options = new ArrayList<>();
        addIf(options, o.hasAllowAlias(), "allow_alias", Kind.BOOLEAN, o.getAllowAlias());
        addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
        if (o.hasFeatures()) {
            options.add(features(o.getFeatures()));
        }
        metaOption("confluent.enum_meta", o).ifPresent(options::add);
        options.addAll(customOptions(o));
        return new EnumElement(LOCATION, descriptor.getName(), "", options, constants, reserved);
    }

    private static OptionElement features(com.google.protobuf.DescriptorProtos.FeatureSet features) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (features.hasFieldPresence()) {
            map.put("field_presence", optionValue(features.getFieldPresence(), true));
        }
        if (features.hasEnumType()) {
            map.put("enum_type", optionValue(features.getEnumType(), true));
        }
        if (features.hasRepeatedFieldEncoding()) {
            map.put("repeated_field_encoding", optionValue(features.getRepeatedFieldEncoding(), true));
        }
        if (features.hasUtf8Validation()) {
            map.put("utf8_validation", optionValue(features.getUtf8Validation(), true));
        }
        if (features.hasMessageEncoding()) {
            map.put("message_encoding", optionValue(features.getMessageEncoding(), true));
        }
        if (features.hasJsonFormat()) {
            map.put("json_format", optionValue(features.getJsonFormat(), true));
        }
        return new OptionElement("features", Kind.MAP, map, false);
    }

    private static ServiceElement toService(ServiceDescriptorProto service) {
        List<RpcElement> rpcs = new ArrayList<>();
        for (MethodDescriptorProto method : service.getMethodList()) {
            var o = method.getOptions();
            List<OptionElement> options = new ArrayList<>();
            addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
            addIf(options, o.hasIdempotencyLevel(), "idempotency_level", Kind.ENUM, o.getIdempotencyLevel());
            if (o.hasFeatures()) {
                options.add(features(o.getFeatures()));
            }
            options.addAll(customOptions(o));
            rpcs.add(new RpcElement(
                    LOCATION,
                    method.getName(),
                    "",
                    method.getInputType(),
                    method.getOutputType(),
                    method.getClientStreaming(),
                    method.getServerStreaming(),
                    options));
        }
        var o = service.getOptions();
        List<OptionElement> options = new ArrayList<>();
        addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
        if (o.hasFeatures()) {
            options.add(features(o.getFeatures()));
        }
        options.addAll(customOptions(o));
        return new ServiceElement(LOCATION, service.getName(), "", rpcs, options);
    }

    private static FieldElement toField(FileDescriptorProto file, FieldDescriptorProto field, boolean inOneof) {
        var o = field.getOptions();
        List<OptionElement> options = new ArrayList<>();
        addIf(options, o.hasCtype(), "ctype", Kind.ENUM, o.getCtype());
        addIf(options, o.hasPacked(), "packed", Kind.BOOLEAN, o.getPacked());
        addIf(options, o.hasJstype(), "jstype", Kind.ENUM, o.getJstype());
        addIf(options, o.hasDeprecated(), "deprecated", Kind.BOOLEAN, o.getDeprecated());
        addIf(options, o.hasDebugRedact(), "debug_redact", Kind.BOOLEAN, o.getDebugRedact());
        addIf(options, o.hasRetention(), "retention", Kind.ENUM, o.getRetention());
        o.getTargetsList().forEach(target -> options.add(new OptionElement("targets", Kind.ENUM, target, false)));
        if (o.hasFeatures()) {
            options.add(features(o.getFeatures()));
        }
        metaOption("confluent.field_meta", o).ifPresent(options::add);
        options.addAll(customOptions(o));
        String jsonName = field.hasJsonName() ? field.getJsonName() : null;
        String defaultValue =
                !"proto3".equals(file.getSyntax()) && field.hasDefaultValue() ? field.getDefaultValue() : null;
        return new FieldElement(
                LOCATION,
                inOneof ? null : label(file, field),
                dataType(field),
                field.getName(),
                defaultValue,
                jsonName,
                field.getNumber(),
                "",
                options);
    }

    private static Field.Label label(FileDescriptorProto file, FieldDescriptorProto field) {
        if (field.getProto3Optional()) {
            return Field.Label.OPTIONAL;
        }
        boolean proto3 = file.getSyntax().equals("proto3");
        return switch (field.getLabel()) {
            case LABEL_REQUIRED -> proto3 ? null : Field.Label.REQUIRED;
            case LABEL_OPTIONAL -> proto3 ? null : Field.Label.OPTIONAL;
            case LABEL_REPEATED -> Field.Label.REPEATED;
        };
    }

    private static String dataType(FieldDescriptorProto field) {
        if (field.hasTypeName()) {
            return field.getTypeName();
        }
        return FieldDescriptor.Type.valueOf(field.getType()).name().toLowerCase(Locale.ROOT);
    }

    // ---- ProtobufSchemaUtils.toString(ProtoFileElement), not normalized ----

    static String print(ProtoFileElement file) {
        StringBuilder sb = new StringBuilder();
        if (file.getSyntax() != null) {
            sb.append("syntax = \"").append(file.getSyntax()).append("\";\n");
        }
        if (file.getPackageName() != null) {
            sb.append("package ").append(file.getPackageName()).append(";\n");
        }
        if (!file.getImports().isEmpty() || !file.getPublicImports().isEmpty()) {
            sb.append('\n');
            file.getImports().forEach(i -> sb.append("import \"").append(i).append("\";\n"));
            file.getPublicImports()
                    .forEach(i -> sb.append("import public \"").append(i).append("\";\n"));
        }
        if (!file.getOptions().isEmpty()) {
            sb.append('\n');
            file.getOptions().forEach(o -> sb.append(optionStatement(o)));
        }
        if (!file.getTypes().isEmpty()) {
            sb.append('\n');
            file.getTypes().stream()
                    .filter(t -> t instanceof MessageElement)
                    .forEach(t -> sb.append(print((MessageElement) t)));
            file.getTypes().stream()
                    .filter(t -> t instanceof EnumElement)
                    .forEach(t -> sb.append(print((EnumElement) t)));
        }
        if (!file.getExtendDeclarations().isEmpty()) {
            sb.append('\n');
            file.getExtendDeclarations().forEach(e -> sb.append(print(e)));
        }
        if (!file.getServices().isEmpty()) {
            sb.append('\n');
            file.getServices().forEach(s -> sb.append(print(s)));
        }
        return sb.toString();
    }

    private static String print(ServiceElement service) {
        StringBuilder sb =
                new StringBuilder("service ").append(service.getName()).append(" {");
        if (!service.getOptions().isEmpty()) {
            sb.append('\n');
            service.getOptions().forEach(o -> appendIndented(sb, optionStatement(o)));
        }
        if (!service.getRpcs().isEmpty()) {
            sb.append('\n');
            service.getRpcs().forEach(r -> appendIndented(sb, print(r)));
        }
        return sb.append("}\n").toString();
    }

    private static String print(RpcElement rpc) {
        StringBuilder sb = new StringBuilder("rpc ").append(rpc.getName()).append(" (");
        if (rpc.getRequestStreaming()) {
            sb.append("stream ");
        }
        sb.append(rpc.getRequestType()).append(") returns (");
        if (rpc.getResponseStreaming()) {
            sb.append("stream ");
        }
        sb.append(rpc.getResponseType()).append(")");
        if (!rpc.getOptions().isEmpty()) {
            sb.append(" {\n");
            rpc.getOptions().forEach(o -> appendIndented(sb, optionStatement(o)));
            sb.append('}');
        }
        return sb.append(";\n").toString();
    }

    private static String print(EnumElement type) {
        StringBuilder sb = new StringBuilder("enum ").append(type.getName()).append(" {");
        if (!type.getReserveds().isEmpty()) {
            sb.append('\n');
            type.getReserveds().forEach(r -> appendIndented(sb, print(r)));
        }
        if (type.getReserveds().isEmpty()
                && (!type.getOptions().isEmpty() || !type.getConstants().isEmpty())) {
            sb.append('\n');
        }
        type.getOptions().forEach(o -> appendIndented(sb, optionStatement(o)));
        for (EnumConstantElement constant : type.getConstants()) {
            StringBuilder c =
                    new StringBuilder(constant.getName()).append(" = ").append(constant.getTag());
            if (!constant.getOptions().isEmpty()) {
                c.append(" ");
                appendOptions(c, constant.getOptions());
            }
            appendIndented(sb, c.append(";\n").toString());
        }
        return sb.append("}\n").toString();
    }

    private static String print(MessageElement type) {
        StringBuilder sb = new StringBuilder("message ").append(type.getName()).append(" {");
        if (!type.getReserveds().isEmpty()) {
            sb.append('\n');
            type.getReserveds().forEach(r -> appendIndented(sb, print(r)));
        }
        if (!type.getOptions().isEmpty()) {
            sb.append('\n');
            type.getOptions().forEach(o -> appendIndented(sb, optionStatement(o)));
        }
        if (!type.getFields().isEmpty()) {
            sb.append('\n');
            type.getFields().forEach(f -> appendIndented(sb, print(f)));
        }
        if (!type.getOneOfs().isEmpty()) {
            sb.append('\n');
            for (OneOfElement oneOf : type.getOneOfs()) {
                StringBuilder o =
                        new StringBuilder("oneof ").append(oneOf.getName()).append(" {");
                if (!oneOf.getOptions().isEmpty()) {
                    o.append('\n');
                    oneOf.getOptions().forEach(option -> appendIndented(o, optionStatement(option)));
                }
                if (!oneOf.getFields().isEmpty()) {
                    o.append('\n');
                    oneOf.getFields().forEach(f -> appendIndented(o, print(f)));
                }
                appendIndented(sb, o.append("}\n").toString());
            }
        }
        if (!type.getExtensions().isEmpty()) {
            sb.append('\n');
            for (ExtensionsElement extensions : type.getExtensions()) {
                StringBuilder e = new StringBuilder("extensions ").append(values(extensions.getValues()));
                if (!extensions.getOptions().isEmpty()) {
                    e.append(" ");
                    appendOptions(e, extensions.getOptions());
                }
                appendIndented(sb, e.append(";\n").toString());
            }
        }
        if (!type.getExtendDeclarations().isEmpty()) {
            sb.append('\n');
            type.getExtendDeclarations().forEach(e -> appendIndented(sb, print(e)));
        }
        if (!type.getNestedTypes().isEmpty()) {
            sb.append('\n');
            type.getNestedTypes().stream()
                    .filter(t -> t instanceof MessageElement)
                    .forEach(t -> appendIndented(sb, print((MessageElement) t)));
            type.getNestedTypes().stream()
                    .filter(t -> t instanceof EnumElement)
                    .forEach(t -> appendIndented(sb, print((EnumElement) t)));
        }
        return sb.append("}\n").toString();
    }

    private static String print(ReservedElement reserved) {
        return "reserved " + values(reserved.getValues()) + ";\n";
    }

    private static String values(List<?> values) {
        List<String> printed = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof String name) {
                printed.add("\"" + name + "\"");
            } else if (value instanceof Integer number) {
                printed.add(number.toString());
            } else if (value instanceof IntRange range) {
                printed.add(range.getStart() + " to "
                        + (range.getEndInclusive() < MAX_TAG_VALUE ? range.getEndInclusive() : "max"));
            } else {
                throw new IllegalArgumentException(String.valueOf(value));
            }
        }
        return String.join(", ", printed);
    }

    private static String print(ExtendElement extend) {
        StringBuilder sb = new StringBuilder("extend ").append(extend.getName()).append(" {");
        if (!extend.getFields().isEmpty()) {
            sb.append('\n');
            extend.getFields().forEach(f -> appendIndented(sb, print(f)));
        }
        return sb.append("}\n").toString();
    }

    private static String print(FieldElement field) {
        StringBuilder sb = new StringBuilder();
        if (field.getLabel() != null) {
            sb.append(field.getLabel().name().toLowerCase(Locale.US)).append(" ");
        }
        sb.append(field.getType())
                .append(" ")
                .append(field.getName())
                .append(" = ")
                .append(field.getTag());
        List<OptionElement> options = new ArrayList<>(field.getOptions());
        if (field.getDefaultValue() != null) {
            options.add(OptionElement.Companion.create(
                    "default", defaultKind(ProtoType.get(field.getType())), field.getDefaultValue()));
        }
        if (field.getJsonName() != null) {
            options.add(OptionElement.Companion.create("json_name", Kind.STRING, field.getJsonName()));
        }
        if (!options.isEmpty()) {
            sb.append(" ");
            appendOptions(sb, options);
        }
        return sb.append(";\n").toString();
    }

    private static Kind defaultKind(ProtoType type) {
        return switch (type.getSimpleName()) {
            case "bool" -> Kind.BOOLEAN;
            case "string" -> Kind.STRING;
            case "bytes",
                    "double",
                    "float",
                    "fixed32",
                    "fixed64",
                    "int32",
                    "int64",
                    "sfixed32",
                    "sfixed64",
                    "sint32",
                    "sint64",
                    "uint32",
                    "uint64" -> Kind.NUMBER;
            default -> Kind.ENUM;
        };
    }

    @SuppressWarnings("unchecked")
    private static String print(OptionElement option) {
        StringBuilder sb =
                new StringBuilder(option.isParenthesized() ? "(" + option.getName() + ")" : option.getName());
        Object value = option.getValue();
        switch (option.getKind()) {
            case STRING -> sb.append(" = \"").append(escape(value.toString())).append("\"");
            case BOOLEAN, ENUM, NUMBER -> sb.append(" = ").append(value);
            case OPTION -> sb.append(".").append(print((OptionElement) value));
            case MAP -> {
                sb.append(" = {\n");
                optionMap(sb, (Map<String, Object>) value);
                sb.append('}');
            }
            case LIST -> {
                sb.append(" = ");
                appendOptions(sb, (List<Object>) value);
            }
            default -> {}
        }
        return sb.toString();
    }

    private static void optionMap(StringBuilder sb, Map<String, Object> map) {
        int last = map.size() - 1;
        int index = 0;
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            appendIndented(
                    sb, entry.getKey() + ": " + optionValueText(entry.getValue()) + (index++ != last ? "," : ""));
        }
    }

    @SuppressWarnings("unchecked")
    private static String optionValueText(Object value) {
        if (value instanceof String text) {
            return "\"" + escape(text) + "\"";
        } else if (value instanceof Map) {
            StringBuilder sb = new StringBuilder("{\n");
            optionMap(sb, (Map<String, Object>) value);
            return sb.append('}').toString();
        } else if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                appendIndented(sb, optionValueText(list.get(i)) + (i != list.size() - 1 ? "," : ""));
            }
            return sb.append("]").toString();
        } else if (value instanceof OptionElement.OptionPrimitive primitive) {
            return switch (primitive.getKind()) {
                case BOOLEAN, ENUM, NUMBER -> String.valueOf(primitive.getValue());
                default -> optionValueText(primitive.getValue());
            };
        } else if (value instanceof OptionElement option) {
            return print(option);
        }
        return String.valueOf(value);
    }

    private static String optionStatement(OptionElement option) {
        return "option " + print(option) + ";\n";
    }

    private static void appendOptions(StringBuilder sb, List<?> options) {
        if (options.size() == 1) {
            sb.append('[').append(optionValueText(options.get(0))).append(']');
            return;
        }
        sb.append("[\n");
        for (int i = 0; i < options.size(); i++) {
            appendIndented(sb, optionValueText(options.get(i)) + (i < options.size() - 1 ? "," : ""));
        }
        sb.append(']');
    }

    private static void appendIndented(StringBuilder sb, String value) {
        for (String line : value.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
    }

    private static String escape(String input) {
        StringBuilder buffer = new StringBuilder(input.length());
        for (char c : input.toCharArray()) {
            switch (c) {
                case 0x07 -> buffer.append("\\a");
                case '\b' -> buffer.append("\\b");
                case '\f' -> buffer.append("\\f");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                case '\t' -> buffer.append("\\t");
                case 0x0b -> buffer.append("\\v");
                case '\\' -> buffer.append("\\\\");
                case '\'' -> buffer.append("\\'");
                case '"' -> buffer.append("\\\"");
                default -> buffer.append(c);
            }
        }
        return buffer.toString();
    }
}
