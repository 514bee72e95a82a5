package dev.ferry.serdes.protobuf;

import static dev.ferry.serdes.protobuf.ProtoDescriptors.field;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.Base64;

/**
 * Two Protobuf files as descriptors built with protobuf-java's own builders (not parsed by Ferry),
 * base64-encoded as Confluent's JavaScript serializer registers them; interop.proto imports money.proto.
 */
public final class InteropDescriptors {

    /** money.proto: {@code package interop.money; message Money { string currency = 1; }}. */
    public static final FileDescriptorProto MONEY = ProtoDescriptors.file(
            "money.proto",
            "interop.money",
            "proto3",
            ProtoDescriptors.message("Money").addField(field("currency", 1, Type.TYPE_STRING)));

    /** interop.proto: {@code message Header { string source = 1; } message Priced { Money price = 1; string id = 2; }}. */
    public static final FileDescriptorProto INTEROP = FileDescriptorProto.newBuilder()
            .setName("interop.proto")
            .setPackage("interop")
            .setSyntax("proto3")
            .addDependency("money.proto")
            .addMessageType(ProtoDescriptors.message("Header").addField(field("source", 1, Type.TYPE_STRING)))
            .addMessageType(ProtoDescriptors.message("Priced")
                    .addField(field("price", 1, Type.TYPE_MESSAGE).setTypeName(".interop.money.Money"))
                    .addField(field("id", 2, Type.TYPE_STRING)))
            .build();

    private InteropDescriptors() {}

    public static String base64(FileDescriptorProto file) {
        return Base64.getEncoder().encodeToString(file.toByteString().toByteArray());
    }
}
