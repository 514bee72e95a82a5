package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link FileDescriptorProto} as {@code .proto} text: the text a serializer registers for
 * a generated or dynamic message, and the canonical form of a parsed schema. The normalized variant
 * also orders imports by name and fields by number, which changes neither the wire format nor the
 * message indexes.
 */
public final class ProtoPrinter {

    private final StringBuilder out = new StringBuilder();
    private final boolean normalized;
    private final boolean proto3;

    private ProtoPrinter(boolean normalized, boolean proto3) {
        this.normalized = normalized;
        this.proto3 = proto3;
    }

    public static String print(FileDescriptorProto file) {
        return new ProtoPrinter(false, file.getSyntax().equals("proto3")).file(file);
    }

    public static String printNormalized(FileDescriptorProto file) {
        return new ProtoPrinter(true, file.getSyntax().equals("proto3")).file(file);
    }

    private String file(FileDescriptorProto file) {
        out.append("syntax = \"").append(proto3 ? "proto3" : "proto2").append("\";\n");
        if (file.hasPackage()) {
            out.append("package ").append(file.getPackage()).append(";\n");
        }
        List<String> imports = new ArrayList<>();
        for (int i = 0; i < file.getDependencyCount(); i++) {
            String modifier = file.getPublicDependencyList().contains(i) ? "public "
                    : file.getWeakDependencyList().contains(i) ? "weak " : "";
            imports.add("import " + modifier + quote(file.getDependency(i)) + ";\n");
        }
        if (normalized) {
            imports.sort(Comparator.naturalOrder());
        }
        if (!imports.isEmpty()) {
            out.append('\n');
            imports.forEach(out::append);
        }
        List<String> options = new ArrayList<>();
        for (String name : ProtoParser.KEPT_FILE_OPTIONS) {
            FieldDescriptor option = FileOptions.getDescriptor().findFieldByName(name);
            if (file.getOptions().hasField(option)) {
                Object value = file.getOptions().getField(option);
                options.add("option " + name + " = " + (value instanceof String text ? quote(text) : value) + ";\n");
            }
        }
        if (!options.isEmpty()) {
            out.append('\n');
            options.forEach(out::append);
        }
        for (DescriptorProto message : file.getMessageTypeList()) {
            out.append('\n');
            message(message, "");
        }
        for (EnumDescriptorProto enumType : file.getEnumTypeList()) {
            out.append('\n');
            enumType(enumType, "");
        }
        for (ServiceDescriptorProto service : file.getServiceList()) {
            out.append('\n');
            service(service);
        }
        return out.toString();
    }

    private void message(DescriptorProto message, String indent) {
        out.append(indent).append("message ").append(message.getName()).append(" {\n");
        String inner = indent + "  ";
        if (message.getOptions().getDeprecated()) {
            out.append(inner).append("option deprecated = true;\n");
        }
        Map<String, DescriptorProto> mapEntries = new HashMap<>();
        for (DescriptorProto nested : message.getNestedTypeList()) {
            if (nested.getOptions().getMapEntry()) {
                mapEntries.put(nested.getName(), nested);
            }
        }
        List<FieldDescriptorProto> fields = new ArrayList<>(message.getFieldList());
        if (normalized) {
            fields.sort(Comparator.comparingInt(FieldDescriptorProto::getNumber));
        }
        boolean[] oneofPrinted = new boolean[message.getOneofDeclCount()];
        for (FieldDescriptorProto field : fields) {
            if (field.hasOneofIndex() && !field.getProto3Optional()) {
                int oneof = field.getOneofIndex();
                if (!oneofPrinted[oneof]) {
                    oneofPrinted[oneof] = true;
                    out.append(inner).append("oneof ").append(message.getOneofDecl(oneof).getName()).append(" {\n");
                    for (FieldDescriptorProto member : fields) {
                        if (member.hasOneofIndex() && member.getOneofIndex() == oneof && !member.getProto3Optional()) {
                            field(member, inner + "  ", mapEntries, true);
                        }
                    }
                    out.append(inner).append("}\n");
                }
            } else {
                field(field, inner, mapEntries, false);
            }
        }
        for (DescriptorProto.ReservedRange range : message.getReservedRangeList()) {
            out.append(inner).append("reserved ").append(range(range.getStart(), range.getEnd() - 1)).append(";\n");
        }
        for (String name : message.getReservedNameList()) {
            out.append(inner).append("reserved ").append(quote(name)).append(";\n");
        }
        for (DescriptorProto.ExtensionRange range : message.getExtensionRangeList()) {
            out.append(inner).append("extensions ").append(range(range.getStart(), range.getEnd() - 1)).append(";\n");
        }
        for (DescriptorProto nested : message.getNestedTypeList()) {
            if (!nested.getOptions().getMapEntry()) {
                message(nested, inner);
            }
        }
        for (EnumDescriptorProto enumType : message.getEnumTypeList()) {
            enumType(enumType, inner);
        }
        out.append(indent).append("}\n");
    }

    private static String range(int start, int end) {
        if (start == end) {
            return Integer.toString(start);
        }
        return start + " to " + (end == ProtoParser.MAX_FIELD_NUMBER ? "max" : Integer.toString(end));
    }

    private void field(FieldDescriptorProto field, String indent, Map<String, DescriptorProto> mapEntries,
            boolean inOneof) {
        out.append(indent);
        DescriptorProto entry = field.getLabel() == Label.LABEL_REPEATED ? mapEntries.get(simpleName(field.getTypeName())) : null;
        if (entry != null) {
            out.append("map<").append(typeName(entry.getField(0))).append(", ").append(typeName(entry.getField(1)))
                    .append("> ");
        } else {
            if (!inOneof) {
                if (field.getLabel() == Label.LABEL_REPEATED) {
                    out.append("repeated ");
                } else if (field.getLabel() == Label.LABEL_REQUIRED) {
                    out.append("required ");
                } else if (!proto3 || field.getProto3Optional()) {
                    out.append("optional ");
                }
            }
            out.append(typeName(field)).append(' ');
        }
        out.append(field.getName()).append(" = ").append(field.getNumber());
        List<String> options = new ArrayList<>();
        if (field.hasDefaultValue()) {
            options.add("default = " + defaultValue(field));
        }
        if (field.hasJsonName() && !field.getJsonName().equals(defaultJsonName(field.getName()))) {
            options.add("json_name = " + quote(field.getJsonName()));
        }
        var fieldOptions = field.getOptions();
        if (fieldOptions.hasCtype()) {
            options.add("ctype = " + fieldOptions.getCtype().name());
        }
        if (fieldOptions.hasPacked()) {
            options.add("packed = " + fieldOptions.getPacked());
        }
        if (fieldOptions.hasJstype()) {
            options.add("jstype = " + fieldOptions.getJstype().name());
        }
        if (fieldOptions.hasLazy()) {
            options.add("lazy = " + fieldOptions.getLazy());
        }
        if (fieldOptions.hasUnverifiedLazy()) {
            options.add("unverified_lazy = " + fieldOptions.getUnverifiedLazy());
        }
        if (fieldOptions.getDeprecated()) {
            options.add("deprecated = true");
        }
        if (fieldOptions.hasDebugRedact()) {
            options.add("debug_redact = " + fieldOptions.getDebugRedact());
        }
        if (!options.isEmpty()) {
            out.append(" [").append(String.join(", ", options)).append(']');
        }
        out.append(";\n");
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
            case TYPE_STRING, TYPE_BYTES -> quote(field.getDefaultValue());
            default -> field.getDefaultValue();
        };
    }

    static String defaultJsonName(String name) {
        StringBuilder json = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else if (upper) {
                json.append(Character.toUpperCase(c));
                upper = false;
            } else {
                json.append(c);
            }
        }
        return json.toString();
    }

    private void enumType(EnumDescriptorProto enumType, String indent) {
        out.append(indent).append("enum ").append(enumType.getName()).append(" {\n");
        String inner = indent + "  ";
        if (enumType.getOptions().getAllowAlias()) {
            out.append(inner).append("option allow_alias = true;\n");
        }
        for (EnumValueDescriptorProto value : enumType.getValueList()) {
            out.append(inner).append(value.getName()).append(" = ").append(value.getNumber());
            if (value.getOptions().getDeprecated()) {
                out.append(" [deprecated = true]");
            }
            out.append(";\n");
        }
        for (EnumDescriptorProto.EnumReservedRange range : enumType.getReservedRangeList()) {
            out.append(inner).append("reserved ").append(range.getStart() == range.getEnd() ? Integer.toString(range.getStart())
                    : range.getStart() + " to " + (range.getEnd() == Integer.MAX_VALUE ? "max" : Integer.toString(range.getEnd())))
                    .append(";\n");
        }
        for (String name : enumType.getReservedNameList()) {
            out.append(inner).append("reserved ").append(quote(name)).append(";\n");
        }
        out.append(indent).append("}\n");
    }

    private void service(ServiceDescriptorProto service) {
        out.append("service ").append(service.getName()).append(" {\n");
        for (MethodDescriptorProto method : service.getMethodList()) {
            out.append("  rpc ").append(method.getName()).append(" (")
                    .append(method.getClientStreaming() ? "stream " : "").append(method.getInputType())
                    .append(") returns (").append(method.getServerStreaming() ? "stream " : "")
                    .append(method.getOutputType()).append(");\n");
        }
        out.append("}\n");
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\%03o", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
