package dev.ferry.codegen.internal.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.ferry.codegen.internal.binding.BoundType;
import dev.ferry.codegen.internal.binding.FieldAccess;
import dev.ferry.codegen.internal.binding.KeyKind;
import dev.ferry.codegen.internal.source.SchemaFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The messages of a protoc descriptor set as topic bindings see them: the Java class protoc's Java
 * generator gives each (java_package, java_multiple_files, java_outer_classname and the
 * "OuterClass" suffix on a name clash, as protoc decides them) and how each field reads as a key.
 */
final class ProtobufTypes {

    private ProtobufTypes() {}

    /**
     * @param origin the file a descriptor came from, by its import path (files from dependency jars
     *     keep their import path)
     */
    static Map<String, BoundType> describe(FileDescriptorSet set, Function<String, String> origin) {
        Map<String, String> javaClasses = new HashMap<>();
        Map<String, String> packages = new HashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            String javaPackage = javaPackage(file);
            String prefix = file.getOptions().getJavaMultipleFiles()
                    ? qualify(javaPackage, "")
                    : qualify(javaPackage, outerClassName(file) + ".");
            String protoPrefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
            for (DescriptorProto message : file.getMessageTypeList()) {
                index(message, protoPrefix, prefix, javaPackage, javaClasses, packages);
            }
        }
        Map<String, BoundType> types = new LinkedHashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            String protoPrefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
            for (DescriptorProto message : file.getMessageTypeList()) {
                describe(message, protoPrefix, origin.apply(file.getName()), javaClasses, packages, types);
            }
        }
        return types;
    }

    private static void index(
            DescriptorProto message,
            String protoPrefix,
            String javaPrefix,
            String javaPackage,
            Map<String, String> javaClasses,
            Map<String, String> packages) {
        String fullName = protoPrefix + message.getName();
        String javaClass = javaPrefix + message.getName();
        javaClasses.put(fullName, javaClass);
        packages.put(fullName, javaPackage);
        for (DescriptorProto nested : message.getNestedTypeList()) {
            index(nested, fullName + ".", javaClass + ".", javaPackage, javaClasses, packages);
        }
    }

    private static void describe(
            DescriptorProto message,
            String protoPrefix,
            String origin,
            Map<String, String> javaClasses,
            Map<String, String> packages,
            Map<String, BoundType> types) {
        String fullName = protoPrefix + message.getName();
        if (message.getOptions().getMapEntry()) {
            return;
        }
        Map<String, FieldAccess> fields = new LinkedHashMap<>();
        for (FieldDescriptorProto field : message.getFieldList()) {
            fields.put(field.getName(), access(field, javaClasses));
        }
        BoundType type =
                new BoundType(SchemaFormat.PROTOBUF, javaClasses.get(fullName), packages.get(fullName), origin, fields);
        types.putIfAbsent(fullName, type);
        types.putIfAbsent(type.javaClass(), type);
        for (DescriptorProto nested : message.getNestedTypeList()) {
            describe(nested, fullName + ".", origin, javaClasses, packages, types);
        }
    }

    private static FieldAccess access(FieldDescriptorProto field, Map<String, String> javaClasses) {
        String name = field.getName();
        if (field.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED) {
            return FieldAccess.unusable(name, "it is a repeated or map field");
        }
        String read = "value.get" + camelCase(name) + "()";
        return switch (field.getType()) {
            case TYPE_STRING -> FieldAccess.usable(name, KeyKind.STRING, read);
            case TYPE_INT32, TYPE_SINT32, TYPE_SFIXED32, TYPE_UINT32, TYPE_FIXED32 ->
                FieldAccess.usable(name, KeyKind.INT, read);
            case TYPE_INT64, TYPE_SINT64, TYPE_SFIXED64, TYPE_UINT64, TYPE_FIXED64 ->
                FieldAccess.usable(name, KeyKind.LONG, read);
            case TYPE_BYTES -> FieldAccess.usable(name, KeyKind.BYTES, read + ".toByteArray()");
            case TYPE_ENUM -> FieldAccess.usable(name, KeyKind.STRING, read + ".name()");
            case TYPE_MESSAGE -> {
                String javaClass = javaClasses.get(stripLeadingDot(field.getTypeName()));
                yield javaClass == null
                        ? FieldAccess.unusable(
                                name, "its message type " + field.getTypeName() + " is not in the descriptor set")
                        : FieldAccess.schemaKey(name, KeyKind.PROTOBUF, javaClass, read);
            }
            default ->
                FieldAccess.unusable(
                        name,
                        "it is of Protobuf type "
                                + field.getType().name().substring(5).toLowerCase(java.util.Locale.ROOT));
        };
    }

    static String javaPackage(FileDescriptorProto file) {
        return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
    }

    /** protoc's outer class: java_outer_classname, else the file's base name in camel case, suffixed on a clash. */
    static String outerClassName(FileDescriptorProto file) {
        if (file.getOptions().hasJavaOuterClassname()) {
            return file.getOptions().getJavaOuterClassname();
        }
        String base = file.getName().substring(file.getName().lastIndexOf('/') + 1);
        if (base.endsWith(".proto")) {
            base = base.substring(0, base.length() - ".proto".length());
        }
        String name = camelCase(base);
        return clashes(file, name) ? name + "OuterClass" : name;
    }

    private static boolean clashes(FileDescriptorProto file, String name) {
        for (EnumDescriptorProto e : file.getEnumTypeList()) {
            if (e.getName().equals(name)) {
                return true;
            }
        }
        if (file.getServiceList().stream().anyMatch(s -> s.getName().equals(name))) {
            return true;
        }
        return file.getMessageTypeList().stream().anyMatch(m -> clashes(m, name));
    }

    private static boolean clashes(DescriptorProto message, String name) {
        if (message.getName().equals(name)
                || message.getEnumTypeList().stream().anyMatch(e -> e.getName().equals(name))) {
            return true;
        }
        return message.getNestedTypeList().stream().anyMatch(m -> clashes(m, name));
    }

    /** protoc's UnderscoresToCamelCase with the first letter capitalized: {@code order_id2x} gives {@code OrderId2X}. */
    static String camelCase(String name) {
        StringBuilder result = new StringBuilder(name.length());
        boolean capitalizeNext = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'a' && c <= 'z') {
                result.append(capitalizeNext ? Character.toUpperCase(c) : c);
                capitalizeNext = false;
            } else if (c >= 'A' && c <= 'Z') {
                result.append(c);
                capitalizeNext = false;
            } else if (c >= '0' && c <= '9') {
                result.append(c);
                capitalizeNext = true;
            } else {
                capitalizeNext = true;
            }
        }
        return result.toString();
    }

    private static String qualify(String javaPackage, String rest) {
        return javaPackage.isEmpty() ? rest : javaPackage + "." + rest;
    }

    private static String stripLeadingDot(String typeName) {
        return typeName.startsWith(".") ? typeName.substring(1) : typeName;
    }
}
