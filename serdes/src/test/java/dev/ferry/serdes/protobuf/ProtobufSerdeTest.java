package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Type;
import dev.ferry.producer.Headers;
import dev.ferry.producer.SerializationException;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.RegistryCalls;
import dev.ferry.serdes.SerdeConfig;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ProtobufSerializer and ProtobufDeserializer together. */
class ProtobufSerdeTest {

    static final String MONEY = """
            syntax = "proto3";
            package acme.money;
            message Money { string currency = 1; int64 units = 2; }
            """;

    static final String ORDERS = """
            syntax = "proto3";
            package acme;
            import "money.proto";
            import "google/protobuf/timestamp.proto";
            message Order {
              string id = 1;
              acme.money.Money total = 2;
              google.protobuf.Timestamp at = 3;
              map<string, int32> tags = 4;
              repeated Line lines = 5;
              oneof payment { string card = 6; string iban = 7; }
              message Line { string sku = 1; uint32 qty = 2; }
            }
            """;

    final String scope = "protobuf-serde-" + UUID.randomUUID();
    final SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
    final Headers headers = new Headers();
    final FileDescriptor orders = ProtobufFormat.fileDescriptor(
            new ProtobufFormat().parse(Schema.protobuf(ORDERS), Map.of("money.proto", MONEY)));

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(scope);
    }

    DynamicMessage order() {
        Descriptor order = orders.findMessageTypeByName("Order");
        Descriptor money = orders.getDependencies().get(0).findMessageTypeByName("Money");
        Descriptor line = order.findNestedTypeByName("Line");
        Descriptor entry = order.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("id"), "o-1")
                .setField(order.findFieldByName("total"), DynamicMessage.newBuilder(money)
                        .setField(money.findFieldByName("currency"), "EUR")
                        .setField(money.findFieldByName("units"), 12L).build())
                .setField(order.findFieldByName("at"), Timestamp.newBuilder().setSeconds(1700000000).setNanos(5).build())
                .addRepeatedField(order.findFieldByName("tags"), DynamicMessage.newBuilder(entry)
                        .setField(entry.findFieldByName("key"), "k").setField(entry.findFieldByName("value"), 3).build())
                .addRepeatedField(order.findFieldByName("lines"), DynamicMessage.newBuilder(line)
                        .setField(line.findFieldByName("sku"), "s").setField(line.findFieldByName("qty"), 2).build())
                .setField(order.findFieldByName("iban"), "DE00")
                .build();
    }

    @Test
    void dynamicMessagesRoundTripWithImportsRegisteredAsReferences() {
        DynamicMessage order = order();

        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("orders", headers, order);
        DynamicMessage back = ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("orders", headers, frame);

        assertThat(back.toByteArray()).isEqualTo(order.toByteArray());
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("acme.Order");
        assertThat(back.toString()).isEqualTo(order.toString());
        assertThat(registry.subjects()).containsExactly("money.proto", "orders-value");
        RegisteredSchema registered = registry.latest("orders-value");
        assertThat(registered.schema().references()).containsExactly(new SchemaReference("money.proto", "money.proto", 1));
        assertThat(registered.schema().text()).contains("import \"google/protobuf/timestamp.proto\";");
    }

    @Test
    void nestedAndSecondMessagesGetTheirIndexes() {
        Descriptor line = orders.findMessageTypeByName("Order").findNestedTypeByName("Line");
        DynamicMessage message = DynamicMessage.newBuilder(line).setField(line.findFieldByName("sku"), "x").build();

        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("lines", headers, message);
        DynamicMessage back = ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("lines", headers, frame);

        // Order is message 0; its nested types are TagsEntry (0, the map entry) and Line (1).
        assertThat(HexFormat.of().formatHex(frame, 5, 8)).isEqualTo("040002");
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("acme.Order.Line");
        assertThat(back.toByteArray()).isEqualTo(message.toByteArray());
    }

    @Test
    void generatedMessagesRoundTripIntoTheConfiguredClassOrAsDynamicMessages() {
        Timestamp timestamp = Timestamp.newBuilder().setSeconds(42).setNanos(7).build();
        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry).build().serialize("times", headers, timestamp);

        Timestamp specific = ProtobufDeserializer.<Timestamp>builder(registry)
                .config(SerdeConfig.builder().specificProtobufValueType(Timestamp.class).build()).build()
                .deserialize("times", headers, frame);
        DynamicMessage dynamic = ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("times", headers, frame);

        assertThat(specific).isEqualTo(timestamp);
        assertThat(dynamic.getDescriptorForType().getFullName()).isEqualTo("google.protobuf.Timestamp");
        assertThat(dynamic.toByteArray()).isEqualTo(timestamp.toByteArray());
    }

    @Test
    void wellKnownImportsAreRegisteredRecursivelyOnlyWhenNotSkipped() {
        Type type = Type.newBuilder().setName("t").setSourceContext(SourceContext.newBuilder().setFileName("f"))
                .addOptions(com.google.protobuf.Option.newBuilder().setName("o").setValue(Any.pack(Timestamp.getDefaultInstance())))
                .build();

        ProtobufSerializer.<Type>builder(registry).build().serialize("skipped", headers, type);
        assertThat(registry.subjects()).containsExactly("skipped-value");

        ProtobufSerializer.<Type>builder(registry)
                .config(SerdeConfig.builder().skipKnownTypes(false)
                        .referenceSubjectNameStrategy((name, topic, isKey) -> "refs." + name).build())
                .build().serialize("kept", headers, type);
        assertThat(registry.subjects()).contains("refs.google/protobuf/any.proto",
                "refs.google/protobuf/source_context.proto", "kept-value");
        assertThat(registry.latest("kept-value").schema().references()).extracting(SchemaReference::name)
                .containsExactly("google/protobuf/any.proto", "google/protobuf/source_context.proto");
    }

    @Test
    void aWarmSerializerAsksTheRegistryNothing() {
        RegistryCalls calls = RegistryCalls.around(registry);
        ProtobufSerializer<Message> serializer = ProtobufSerializer.builder(calls.client()).build();
        ProtobufDeserializer<Message> deserializer = ProtobufDeserializer.builder(calls.client()).build();
        deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, order()));
        int warm = calls.count();

        for (int i = 0; i < 50; i++) {
            deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, order()));
        }

        assertThat(warm).isPositive();
        assertThat(calls.count()).isEqualTo(warm);
    }

    @Test
    void useLatestVersionFindsTheMessageInTheLatestSchemaAndChecksIt() {
        registry.register("money.proto", Schema.protobuf(MONEY));
        registry.register("times-value", Schema.protobuf("""
                syntax = "proto3";
                package google.protobuf;
                message Other { string x = 1; }
                message Timestamp { int64 seconds = 1; int32 nanos = 2; }
                """));
        SerdeConfig latest = SerdeConfig.builder().autoRegisterSchemas(false).useLatestVersion(true).build();

        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry).config(latest).build()
                .serialize("times", headers, Timestamp.newBuilder().setSeconds(1).build());

        assertThat(HexFormat.of().formatHex(frame, 0, 7)).isEqualTo("00000000020202");
        registry.register("strict-value", Schema.protobuf("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { string seconds = 1; }
                """));
        assertThatThrownBy(() -> ProtobufSerializer.<Timestamp>builder(registry).config(latest).build()
                .serialize("strict", headers, Timestamp.newBuilder().setSeconds(1).build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'strict-value'")
                .hasMessageContaining("google.protobuf.Timestamp.seconds (field 1): type changed from int64 to string");
    }

    @Test
    void outOfRangeIndexesAndBadPayloadsAreClearErrors() {
        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("orders", headers, order());
        ProtobufDeserializer<DynamicMessage> deserializer = ProtobufDeserializer.<DynamicMessage>builder(registry).build();
        byte[] badIndex = frame.clone();
        badIndex[5] = 0x02;
        badIndex[6] = 0x08;
        byte[] truncated = java.util.Arrays.copyOf(frame, 12);

        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, badIndex))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("message index 4 at position 0 of the index list is out of range")
                .hasMessageContaining("has 1 message type(s)");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("payload starting at byte 6 is unreadable");
        assertThatThrownBy(() -> deserializer.deserialize("orders", headers, new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("message index count starting at byte 5 is incomplete");
    }
}
