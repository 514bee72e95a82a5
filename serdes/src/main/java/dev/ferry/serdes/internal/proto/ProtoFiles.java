package dev.ferry.serdes.internal.proto;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.registry.spi.InvalidSchemaException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds {@link FileDescriptor}s from {@code .proto} texts and their imports, resolving the known
 * types ({@link KnownProtoFiles}) without a reference.
 */
public final class ProtoFiles {

    private static final String DESCRIPTOR_PROTO = "google/protobuf/descriptor.proto";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
    /**
     * The extensions Confluent's registry reads a base64 descriptor with ({@code ProtobufSchema.EXTENSION_REGISTRY}):
     * confluent/meta.proto's, so a descriptor's {@code (confluent.*_meta)} options stay in its text while any
     * other custom option, unknown there, is left out as Confluent leaves it out.
     */
    private static final ExtensionRegistry CONFLUENT_EXTENSIONS = confluentExtensions();

    private ProtoFiles() {}

    /**
     * @param fileName   the name of the main file (imports of other files name it so)
     * @param text       the main file's text: {@code .proto} source or a base64 {@code FileDescriptorProto}
     * @param references the texts of the files it imports, directly or transitively, by import name, in either form
     * @throws InvalidSchemaException when a text does not parse, an import is missing or a type does not resolve
     */
    public static FileDescriptor build(String fileName, String text, Map<String, String> references) {
        return build(fileName, parse(text, fileName), references, new HashMap<>(), new HashSet<>());
    }

    /** A file whose imports are all among the given descriptors, by import name. */
    static FileDescriptor buildFrom(String fileName, String text, Map<String, FileDescriptor> imports) {
        return build(fileName, parse(text, fileName), Map.of(), new HashMap<>(imports), new HashSet<>());
    }

    /**
     * The files a file's schema references, in the order Confluent's serializer lists them: the plain
     * (and weak) imports, then the public ones, each group in the file's order. The order is part of
     * a registered schema's identity.
     */
    public static List<FileDescriptor> importsInReferenceOrder(FileDescriptor file) {
        List<FileDescriptor> publicImports = file.getPublicDependencies();
        List<FileDescriptor> ordered = new ArrayList<>(file.getDependencies());
        ordered.removeAll(publicImports);
        ordered.addAll(publicImports);
        return ordered;
    }

    /**
     * A file from its registry text: {@code .proto} source, or else a base64-encoded
     * {@code FileDescriptorProto}, which Confluent's JavaScript and Go serializers register and its
     * Java {@code ProtobufSchema} reads the same way (text first, descriptor as the fallback). The
     * descriptor takes the name it is imported by, as its dependents name it so.
     *
     * @throws InvalidSchemaException the {@code .proto} parse error when the text is neither
     */
    public static FileDescriptorProto parse(String text, String fileName) {
        try {
            return ProtoParser.parse(text, fileName);
        } catch (InvalidSchemaException notProto) {
            return descriptor(text, fileName, notProto);
        }
    }

    /**
     * The entry messages a registry text writes as {@code map<K, V>} fields (full names without the
     * leading dot): those of a {@code .proto} source; none of a base64 {@code FileDescriptorProto},
     * whose entries are messages, as in the text Confluent makes of it.
     */
    public static Set<String> mapFieldEntries(String text) {
        try {
            return ProtoParser.parseSource(text, "schema.proto").mapFieldEntries();
        } catch (InvalidSchemaException descriptor) {
            return Set.of();
        }
    }

    /** Whether a text is a base64 {@code FileDescriptorProto} rather than {@code .proto} source. */
    public static boolean isDescriptor(String text) {
        try {
            ProtoParser.parse(text, "schema.proto");
            return false;
        } catch (InvalidSchemaException notProto) {
            try {
                descriptor(text, "schema.proto", notProto);
                return true;
            } catch (InvalidSchemaException neither) {
                return false;
            }
        }
    }

    private static FileDescriptorProto descriptor(String text, String fileName, InvalidSchemaException notProto) {
        String compact = text.strip();
        if (!BASE64.matcher(compact).matches()) {
            throw notProto;
        }
        FileDescriptorProto descriptor;
        try {
            byte[] bytes = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact);
            descriptor = FileDescriptorProto.parseFrom(bytes, CONFLUENT_EXTENSIONS);
        } catch (IllegalArgumentException | InvalidProtocolBufferException notDescriptor) {
            notProto.addSuppressed(notDescriptor);
            throw notProto;
        }
        // A word that happens to be valid base64 decodes to noise: no name, no types, or unknown fields.
        if (!descriptor.getUnknownFields().asMap().isEmpty()
                || !descriptor.hasName()
                        && descriptor.getMessageTypeCount() == 0
                        && descriptor.getEnumTypeCount() == 0) {
            throw notProto;
        }
        return descriptor.toBuilder().setName(fileName).build();
    }

    private static ExtensionRegistry confluentExtensions() {
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        for (FieldDescriptor extension :
                KnownProtoFiles.file("confluent/meta.proto").getExtensions()) {
            registry.add(extension, DynamicMessage.getDefaultInstance(extension.getMessageType()));
        }
        return registry.getUnmodifiable();
    }

    private static FileDescriptor build(
            String fileName,
            FileDescriptorProto proto,
            Map<String, String> references,
            Map<String, FileDescriptor> built,
            Set<String> inProgress) {
        if (!inProgress.add(fileName)) {
            throw new InvalidSchemaException("import cycle through " + fileName);
        }
        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            FileDescriptor resolved = built.get(dependency);
            if (resolved == null) {
                String dependencyText = references.get(dependency);
                // Custom options extend the options messages of protobuf-java's own descriptor.proto, not of a copy of
                // it.
                if (dependencyText != null && !dependency.equals(DESCRIPTOR_PROTO)) {
                    resolved = build(dependency, parse(dependencyText, dependency), references, built, inProgress);
                } else {
                    resolved = KnownProtoFiles.file(dependency);
                    if (resolved == null) {
                        throw new InvalidSchemaException(fileName + ": import \"" + dependency
                                + "\" is neither a given reference nor a known type");
                    }
                }
                built.put(dependency, resolved);
            }
            dependencies.add(resolved);
        }
        inProgress.remove(fileName);
        try {
            FileDescriptor[] imports = dependencies.toArray(new FileDescriptor[0]);
            FileDescriptor file = FileDescriptor.buildFrom(proto, imports);
            FileDescriptorProto interpreted = ProtoOptions.interpret(file);
            return interpreted == file.toProto() ? file : FileDescriptor.buildFrom(interpreted, imports);
        } catch (DescriptorValidationException e) {
            throw new InvalidSchemaException(
                    fileName + ": " + e.getProblemSymbolName() + ": " + e.getDescription(), -1, e);
        }
    }

    /** The file's proto with every type name resolved to its full name, so equal schemas print equally. */
    public static FileDescriptorProto resolvedProto(FileDescriptor file) {
        FileDescriptorProto.Builder proto = file.toProto().toBuilder();
        for (int i = 0; i < proto.getMessageTypeCount(); i++) {
            proto.setMessageType(i, resolved(file.getMessageTypes().get(i), proto.getMessageType(i)));
        }
        for (int i = 0; i < proto.getExtensionCount(); i++) {
            resolve(file.getExtensions().get(i), proto.getExtensionBuilder(i));
        }
        for (int s = 0; s < proto.getServiceCount(); s++) {
            var service = proto.getServiceBuilder(s);
            for (int m = 0; m < service.getMethodCount(); m++) {
                var method = file.getServices().get(s).getMethods().get(m);
                service.getMethodBuilder(m)
                        .setInputType("." + method.getInputType().getFullName())
                        .setOutputType("." + method.getOutputType().getFullName());
            }
        }
        return proto.build();
    }

    /** The {@code .proto} text of a file, as a serializer registers it. */
    public static String text(FileDescriptor file) {
        return ProtoPrinter.print(resolvedProto(file));
    }

    /**
     * The {@code .proto} text a serializer registers for the generated class of a file that was parsed
     * from source: {@link #text}, with every field's {@code json_name} set as protoc sets it in the
     * descriptor it embeds in generated code (a parsed source names only the explicit ones).
     */
    public static String generatedText(FileDescriptor file) {
        FileDescriptorProto.Builder proto = resolvedProto(file).toBuilder();
        for (int i = 0; i < proto.getMessageTypeCount(); i++) {
            proto.setMessageType(i, withJsonNames(file.getMessageTypes().get(i), proto.getMessageType(i)));
        }
        for (int i = 0; i < proto.getExtensionCount(); i++) {
            proto.getExtensionBuilder(i).setJsonName(file.getExtensions().get(i).getJsonName());
        }
        return ProtoPrinter.print(proto.build());
    }

    private static DescriptorProto withJsonNames(Descriptor message, DescriptorProto proto) {
        DescriptorProto.Builder builder = proto.toBuilder();
        for (int i = 0; i < builder.getFieldCount(); i++) {
            builder.getFieldBuilder(i).setJsonName(message.getFields().get(i).getJsonName());
        }
        for (int i = 0; i < builder.getExtensionCount(); i++) {
            builder.getExtensionBuilder(i)
                    .setJsonName(message.getExtensions().get(i).getJsonName());
        }
        for (int i = 0; i < builder.getNestedTypeCount(); i++) {
            builder.setNestedType(i, withJsonNames(message.getNestedTypes().get(i), builder.getNestedType(i)));
        }
        return builder.build();
    }

    private static DescriptorProto resolved(Descriptor message, DescriptorProto proto) {
        DescriptorProto.Builder builder = proto.toBuilder();
        for (int i = 0; i < builder.getFieldCount(); i++) {
            resolve(message.getFields().get(i), builder.getFieldBuilder(i));
        }
        for (int i = 0; i < builder.getExtensionCount(); i++) {
            resolve(message.getExtensions().get(i), builder.getExtensionBuilder(i));
        }
        for (int i = 0; i < builder.getNestedTypeCount(); i++) {
            builder.setNestedType(i, resolved(message.getNestedTypes().get(i), builder.getNestedType(i)));
        }
        return builder.build();
    }

    private static void resolve(FieldDescriptor field, FieldDescriptorProto.Builder fieldProto) {
        switch (field.getType()) {
            case MESSAGE ->
                fieldProto
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName("." + field.getMessageType().getFullName());
            case GROUP -> fieldProto.setTypeName("." + field.getMessageType().getFullName());
            case ENUM ->
                fieldProto
                        .setType(FieldDescriptorProto.Type.TYPE_ENUM)
                        .setTypeName("." + field.getEnumType().getFullName());
            default -> {}
        }
        if (field.isExtension()) {
            fieldProto.setExtendee("." + field.getContainingType().getFullName());
        }
    }
}
