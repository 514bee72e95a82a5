package dev.ferry.serdes.internal.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FeatureSet;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.UninterpretedOption;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.ferry.serdes.internal.proto.ProtoCursor.Option;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Custom options ({@code option (acme.opt) = V;}, {@code [(acme.opt).field = V]}, aggregates
 * {@code (acme.opt) = { a: 1 b: "x" }}) of a parsed source. The parser keeps each as protoc's
 * parser does, an {@link UninterpretedOption} of the declaration's options; once the file is built
 * with its imports, {@link #interpret} sets them as the extension fields they name, as protoc does,
 * so the printer prints them as it prints those of a generated class's descriptor. An option whose
 * extension is in none of the files, or whose value does not parse for it, is left uninterpreted,
 * which the printer leaves out (as the parser dropped every custom option before).
 */
final class ProtoOptions {

    private ProtoOptions() {}

    /**
     * An option of a declaration whose options message is {@code options}: one of the {@code flags}
     * the parser keeps for that declaration (a boolean field of the options message, named as the
     * option), an editions feature, or a custom option kept for {@link #interpret}; any other is dropped.
     */
    static void read(
            ProtoCursor in, ProtoFeatures features, Option option, Message.Builder options, Set<String> flags) {
        if (flags.contains(option.name())) {
            options.setField(options.getDescriptorForType().findFieldByName(option.name()), in.bool(option));
        } else if (!record(option, options)) {
            features.read(option, () -> (FeatureSet.Builder)
                    options.getFieldBuilder(options.getDescriptorForType().findFieldByName("features")));
        }
    }

    /** Keeps a custom option for {@link #interpret}; false for an option of another kind. */
    static boolean record(Option option, Message.Builder options) {
        if (!option.name().startsWith("(")) {
            return false;
        }
        UninterpretedOption.Builder uninterpreted = UninterpretedOption.newBuilder();
        String name = option.name();
        int close = name.indexOf(')');
        uninterpreted.addName(UninterpretedOption.NamePart.newBuilder()
                .setNamePart(name.substring(1, close))
                .setIsExtension(true));
        for (String part : name.substring(close + 1).split("\\.")) {
            if (!part.isEmpty()) {
                uninterpreted.addName(UninterpretedOption.NamePart.newBuilder()
                        .setNamePart(part)
                        .setIsExtension(false));
            }
        }
        if (option.valueKind() == Kind.SYMBOL) {
            uninterpreted.setAggregateValue(option.value());
        } else if (option.valueKind() == Kind.STRING) {
            uninterpreted.setStringValue(ByteString.copyFromUtf8(option.value()));
        } else {
            uninterpreted.setIdentifierValue(option.value());
        }
        FieldDescriptor field = options.getDescriptorForType().findFieldByName("uninterpreted_option");
        options.addRepeatedField(field, uninterpreted.build());
        return true;
    }

    /**
     * The file's proto with its custom options set as extension fields, or the proto itself when it
     * has no extension in scope.
     */
    static FileDescriptorProto interpret(FileDescriptor file) {
        FileDescriptorProto proto = file.toProto();
        Map<String, FieldDescriptor> extensions = new HashMap<>();
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        collect(file, extensions, registry, new HashSet<>());
        if (extensions.isEmpty()) {
            return proto;
        }
        return (FileDescriptorProto) new Interpreter(file, extensions, registry).walk(proto);
    }

    private static void collect(
            FileDescriptor file, Map<String, FieldDescriptor> into, ExtensionRegistry registry, Set<String> seen) {
        if (!seen.add(file.getName())) {
            return;
        }
        List<FieldDescriptor> all = new ArrayList<>(file.getExtensions());
        List<Descriptor> queue = new ArrayList<>(file.getMessageTypes());
        for (int i = 0; i < queue.size(); i++) {
            all.addAll(queue.get(i).getExtensions());
            queue.addAll(queue.get(i).getNestedTypes());
        }
        for (FieldDescriptor extension : all) {
            into.put(extension.getFullName(), extension);
            if (extension.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                registry.add(extension, DynamicMessage.getDefaultInstance(extension.getMessageType()));
            } else {
                registry.add(extension);
            }
        }
        file.getDependencies().forEach(dependency -> collect(dependency, into, registry, seen));
    }

    private record Interpreter(
            FileDescriptor file, Map<String, FieldDescriptor> extensions, ExtensionRegistry registry) {

        /** The message with the options of every declaration in it interpreted. */
        Message walk(Message message) {
            Message.Builder builder = null;
            for (Map.Entry<FieldDescriptor, Object> field :
                    message.getAllFields().entrySet()) {
                if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE
                        || field.getKey().getMessageType().equals(UninterpretedOption.getDescriptor())) {
                    continue;
                }
                if (field.getKey().isRepeated()) {
                    List<?> values = (List<?>) field.getValue();
                    for (int i = 0; i < values.size(); i++) {
                        Message value = (Message) values.get(i);
                        Message walked = walk(value);
                        if (walked != value) {
                            builder = builder == null ? message.toBuilder() : builder;
                            builder.setRepeatedField(field.getKey(), i, walked);
                        }
                    }
                } else {
                    Message value = (Message) field.getValue();
                    Message walked = walk(value);
                    if (walked != value) {
                        builder = builder == null ? message.toBuilder() : builder;
                        builder.setField(field.getKey(), walked);
                    }
                }
            }
            FieldDescriptor uninterpreted = message.getDescriptorForType().findFieldByName("uninterpreted_option");
            if (uninterpreted != null
                    && uninterpreted.isRepeated()
                    && message.getRepeatedFieldCount(uninterpreted) > 0) {
                builder = builder == null ? message.toBuilder() : builder;
                options(builder, uninterpreted);
            }
            return builder == null ? message : builder.build();
        }

        /**
         * Each option merged on its own: one whose value does not parse for its extension (Confluent
         * prints an unsigned value above the signed range inside an aggregate as a negative number)
         * stays uninterpreted, left out of the text as before, and the others are kept.
         */
        private void options(Message.Builder options, FieldDescriptor uninterpretedField) {
            List<UninterpretedOption> left = new ArrayList<>();
            List<UninterpretedOption> all = new ArrayList<>();
            for (int i = 0; i < options.getRepeatedFieldCount(uninterpretedField); i++) {
                all.add((UninterpretedOption) options.getRepeatedField(uninterpretedField, i));
            }
            options.clearField(uninterpretedField);
            for (UninterpretedOption option : all) {
                FieldDescriptor extension = resolve(option.getName(0).getNamePart());
                String text = extension == null ? null : text(option, extension);
                if (text == null) {
                    left.add(option);
                    continue;
                }
                Message.Builder merged = options.clone();
                try {
                    TextFormat.Parser.newBuilder().build().merge(text, registry, merged);
                    options.clear().mergeFrom(merged.buildPartial());
                } catch (TextFormat.ParseException notThisExtensionsValue) {
                    left.add(option);
                }
            }
            left.forEach(option -> options.addRepeatedField(uninterpretedField, option));
        }

        /** The option as a text-format field of its options message; null when its path names no field. */
        private static String text(UninterpretedOption option, FieldDescriptor extension) {
            StringBuilder text =
                    new StringBuilder("[").append(extension.getFullName()).append(']');
            FieldDescriptor target = extension;
            for (int part = 1; part < option.getNameCount(); part++) {
                String name = option.getName(part).getNamePart();
                text.append(" { ").append(name);
                target = target.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        ? target.getMessageType().findFieldByName(name)
                        : null;
                if (target == null) {
                    return null;
                }
            }
            return text.append(value(option, target))
                    .append(" }".repeat(option.getNameCount() - 1))
                    .toString();
        }

        private static String value(UninterpretedOption option, FieldDescriptor target) {
            if (option.hasAggregateValue()) {
                return " { " + option.getAggregateValue() + " }";
            }
            if (option.hasStringValue()) {
                return ": \"" + TextFormat.escapeBytes(option.getStringValue()) + "\"";
            }
            String value = option.getIdentifierValue();
            // Confluent prints an unsigned option from the descriptor's signed Java value: 2^64-1 as -1.
            if (value.startsWith("-")) {
                switch (target.getType()) {
                    case UINT64, FIXED64 -> value = Long.toUnsignedString(Long.parseLong(value));
                    case UINT32, FIXED32 -> value = Integer.toUnsignedString(Integer.parseInt(value));
                    default -> {}
                }
            }
            return ": " + value;
        }

        /** An option's extension by its name as written, relative to the file's package as protoc resolves it. */
        private FieldDescriptor resolve(String name) {
            if (name.startsWith(".")) {
                return extensions.get(name.substring(1));
            }
            String scope = file.getPackage();
            while (true) {
                FieldDescriptor found = extensions.get(scope.isEmpty() ? name : scope + "." + name);
                if (found != null || scope.isEmpty()) {
                    return found;
                }
                int dot = scope.lastIndexOf('.');
                scope = dot < 0 ? "" : scope.substring(0, dot);
            }
        }
    }
}
