package dev.ferry.codegen.internal.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** protoc's Java naming rules; the binding tests check them against classes protoc really generated. */
class ProtobufTypesTest {

    @ParameterizedTest
    @CsvSource({
        "order_id, OrderId",
        "orderId, OrderId",
        "order_id2x, OrderId2X",
        "_private, Private",
        "HTTPStatus, HTTPStatus",
        "money, Money",
        "order-events, OrderEvents"
    })
    void camelCaseAsProtoc(String name, String expected) {
        assertThat(ProtobufTypes.camelCase(name)).isEqualTo(expected);
    }

    @Test
    void theOuterClassIsTheFileNameUnlessATypeHasThatName() {
        FileDescriptorProto plain = FileDescriptorProto.newBuilder()
                .setName("shop/order_events.proto")
                .addMessageType(DescriptorProto.newBuilder().setName("OrderEvent"))
                .build();
        FileDescriptorProto clash =
                plain.toBuilder().setName("shop/order_event.proto").build();
        FileDescriptorProto nestedClash = FileDescriptorProto.newBuilder()
                .setName("money.proto")
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Price")
                        .addEnumType(EnumDescriptorProto.newBuilder().setName("Money")))
                .build();
        FileDescriptorProto named = clash.toBuilder()
                .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Orders"))
                .build();

        assertThat(ProtobufTypes.outerClassName(plain)).isEqualTo("OrderEvents");
        assertThat(ProtobufTypes.outerClassName(clash)).isEqualTo("OrderEventOuterClass");
        assertThat(ProtobufTypes.outerClassName(nestedClash)).isEqualTo("MoneyOuterClass");
        assertThat(ProtobufTypes.outerClassName(named)).isEqualTo("Orders");
    }

    @Test
    void theJavaPackageDefaultsToTheProtoPackage() {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("a.proto")
                .setPackage("shop.v1")
                .build();

        assertThat(ProtobufTypes.javaPackage(file)).isEqualTo("shop.v1");
        assertThat(ProtobufTypes.javaPackage(file.toBuilder()
                        .setOptions(FileOptions.newBuilder().setJavaPackage("com.acme"))
                        .build()))
                .isEqualTo("com.acme");
    }
}
