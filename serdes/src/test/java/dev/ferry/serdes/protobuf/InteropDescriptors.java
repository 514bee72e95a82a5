package dev.ferry.serdes.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.Base64;

/**
 * Two Protobuf files as descriptors built with protobuf-java's own builders (not parsed by Ferry),
 * base64-encoded as Confluent's JavaScript serializer registers them; interop.proto imports money.proto.
 */
public final class InteropDescriptors {

    /** money.proto: {@code package interop.money; message Money { string currency = 1; }}. */
    public static final FileDescriptorProto MONEY = FileDescriptorProto.newBuilder()
            .setName("money.proto")
            .setPackage("interop.money")
            .setSyntax("proto3")
            .addMessageType(DescriptorProto.newBuilder()
                    .setName("Money")
                    .addField(field("currency", 1, Type.TYPE_STRING, null)))
            .build();

    /** interop.proto: {@code message Header { string source = 1; } message Priced { Money price = 1; string id = 2; }}. */
    public static final FileDescriptorProto INTEROP = FileDescriptorProto.newBuilder()
            .setName("interop.proto")
            .setPackage("interop")
            .setSyntax("proto3")
            .addDependency("money.proto")
            .addMessageType(
                    DescriptorProto.newBuilder().setName("Header").addField(field("source", 1, Type.TYPE_STRING, null)))
            .addMessageType(DescriptorProto.newBuilder()
                    .setName("Priced")
                    .addField(field("price", 1, Type.TYPE_MESSAGE, ".interop.money.Money"))
                    .addField(field("id", 2, Type.TYPE_STRING, null)))
            .build();

    private InteropDescriptors() {}

    public static String base64(FileDescriptorProto file) {
        return Base64.getEncoder().encodeToString(file.toByteString().toByteArray());
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setLabel(Label.LABEL_OPTIONAL)
                .setType(type)
                .setJsonName(name);
        return typeName == null ? field : field.setTypeName(typeName);
    }
}
