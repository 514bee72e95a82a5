package dev.ferry.serdes.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * Protobuf files built with protobuf-java's own builders, as protoc describes them, not parsed by
 * Ferry: for descriptors no .proto text Ferry reads would give (field options in protoc's order,
 * proto2 groups) and for the registry's descriptor form.
 */
final class ProtoDescriptors {

    private ProtoDescriptors() {}

    /** A file of one package and one top-level message, without imports. */
    static FileDescriptorProto file(String name, String protoPackage, String syntax, DescriptorProto.Builder message) {
        return FileDescriptorProto.newBuilder()
                .setName(name)
                .setPackage(protoPackage)
                .setSyntax(syntax)
                .addMessageType(message)
                .build();
    }

    /** {@link #file}, built into a descriptor. */
    static FileDescriptor built(String name, String protoPackage, String syntax, DescriptorProto.Builder message)
            throws DescriptorValidationException {
        return FileDescriptor.buildFrom(file(name, protoPackage, syntax, message), new FileDescriptor[0]);
    }

    static DescriptorProto.Builder message(String name) {
        return DescriptorProto.newBuilder().setName(name);
    }

    /** An optional field without a JSON name, as in a proto2 file. */
    static FieldDescriptorProto.Builder optional(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setLabel(Label.LABEL_OPTIONAL)
                .setType(type);
    }

    /** An optional field with its JSON name, as protoc writes it for a proto3 file. */
    static FieldDescriptorProto.Builder field(String name, int number, Type type) {
        return optional(name, number, type).setJsonName(name);
    }
}
