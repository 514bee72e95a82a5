package dev.ferry.serdes.protobuf;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.SourceContext;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Type;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import dev.ferry.serdes.RegistryCalls;
import dev.ferry.serdes.SerdeConfig;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("protobuf-serde");

    final SchemaRegistryClient registry = mock.client();
    final Headers headers = new Headers();
    final FileDescriptor orders = ProtobufFormat.fileDescriptor(
            new ProtobufFormat().parse(Schema.protobuf(ORDERS), Map.of("money.proto", MONEY)));

    /** A message of this type with these fields set, given as name, value, name, value... */
    static DynamicMessage message(Descriptor type, Object... namesAndValues) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            message.setField(type.findFieldByName((String) namesAndValues[i]), namesAndValues[i + 1]);
        }
        return message.build();
    }

    DynamicMessage order() {
        Descriptor order = orders.findMessageTypeByName("Order");
        Descriptor money = orders.getDependencies().get(0).findMessageTypeByName("Money");
        Descriptor line = order.findNestedTypeByName("Line");
        Descriptor entry = order.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(order)
                .setField(order.findFieldByName("id"), "o-1")
                .setField(order.findFieldByName("total"), message(money, "currency", "EUR", "units", 12L))
                .setField(
                        order.findFieldByName("at"),
                        Timestamp.newBuilder()
                                .setSeconds(1700000000)
                                .setNanos(5)
                                .build())
                .addRepeatedField(order.findFieldByName("tags"), message(entry, "key", "k", "value", 3))
                .addRepeatedField(order.findFieldByName("lines"), message(line, "sku", "s", "qty", 2))
                .setField(order.findFieldByName("iban"), "DE00")
                .build();
    }

    @Test
    void dynamicMessagesRoundTripWithImportsRegisteredAsReferences() {
        DynamicMessage order = order();

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("orders", headers, order);
        DynamicMessage back =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("orders", headers, frame);

        assertThat(back.toByteArray()).isEqualTo(order.toByteArray());
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("acme.Order");
        assertThat(back.toString()).isEqualTo(order.toString());
        assertThat(registry.subjects()).containsExactly("money.proto", "orders-value");
        RegisteredSchema registered = registry.latest("orders-value");
        assertThat(registered.schema().references())
                .containsExactly(new SchemaReference("money.proto", "money.proto", 1));
        assertThat(registered.schema().text()).contains("import \"google/protobuf/timestamp.proto\";");
    }

    @Test
    void nestedAndSecondMessagesGetTheirIndexes() {
        Descriptor line = orders.findMessageTypeByName("Order").findNestedTypeByName("Line");
        DynamicMessage message = DynamicMessage.newBuilder(line)
                .setField(line.findFieldByName("sku"), "x")
                .build();

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("lines", headers, message);
        DynamicMessage back =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("lines", headers, frame);

        // Order is message 0; Line is its second nested message in the text registered for the descriptor, after
        // TagsEntry, which protoc derives from the map and that text declares, as Confluent's serializer's does:
        // [0, 1] = count 2 (04), 0 (00), 1 (02).
        assertThat(HexFormat.of().formatHex(frame, 5, 8)).isEqualTo("040002");
        assertThat(back.getDescriptorForType().getFullName()).isEqualTo("acme.Order.Line");
        assertThat(back.toByteArray()).isEqualTo(message.toByteArray());
    }

    @Test
    void generatedMessagesRoundTripIntoTheConfiguredClassOrAsDynamicMessages() {
        Timestamp timestamp = Timestamp.newBuilder().setSeconds(42).setNanos(7).build();
        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry).build().serialize("times", headers, timestamp);

        Timestamp specific = ProtobufDeserializer.<Timestamp>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(Timestamp.class)
                        .build())
                .build()
                .deserialize("times", headers, frame);
        DynamicMessage dynamic =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("times", headers, frame);

        assertThat(specific).isEqualTo(timestamp);
        assertThat(dynamic.getDescriptorForType().getFullName()).isEqualTo("google.protobuf.Timestamp");
        assertThat(dynamic.toByteArray()).isEqualTo(timestamp.toByteArray());
    }

    @Test
    void aConfiguredClassStillChecksTheFramesSchemaIdAndIndexes() {
        ProtobufDeserializer<Timestamp> specific = ProtobufDeserializer.<Timestamp>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(Timestamp.class)
                        .build())
                .build();
        byte[] payload = Timestamp.newBuilder().setSeconds(42).build().toByteArray();
        byte[] unknownId = new byte[6 + payload.length];
        unknownId[4] = 77;
        System.arraycopy(payload, 0, unknownId, 6, payload.length);

        assertThatThrownBy(() -> specific.deserialize("times", headers, unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot deserialize value of topic 'times': schema id 77 (bytes 1 to 4) is unknown to the registry: ");

        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry)
                .build()
                .serialize(
                        "times", headers, Timestamp.newBuilder().setSeconds(42).build());
        byte[] secondMessage = new byte[frame.length + 1];
        System.arraycopy(frame, 0, secondMessage, 0, 5);
        secondMessage[5] = 0x02;
        secondMessage[6] = 0x02;
        System.arraycopy(frame, 6, secondMessage, 7, frame.length - 6);

        assertThat(specific.deserialize("times", headers, frame).getSeconds()).isEqualTo(42);
        assertThatThrownBy(() -> specific.deserialize("times", headers, secondMessage))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot deserialize value of topic 'times': message index 1 at position 0 of the index list is "
                                + "out of range: the schema's top level of schema id 1 has 1 message type(s)");
    }

    @Test
    void aMessageWhoseProtoCannotBeRenderedNamesTopicAndClass() throws Exception {
        // proto2 groups are not rendered: the printer refuses them.
        Descriptor old = ProtoDescriptors.built(
                        "legacy.proto",
                        "legacy",
                        "proto2",
                        ProtoDescriptors.message("Old")
                                .addField(ProtoDescriptors.optional(
                                                "item", 1, DescriptorProtos.FieldDescriptorProto.Type.TYPE_GROUP)
                                        .setTypeName(".legacy.Old.Item"))
                                .addNestedType(ProtoDescriptors.message("Item")))
                .findMessageTypeByName("Old");

        assertThatThrownBy(() -> ProtobufSerializer.<DynamicMessage>builder(registry)
                        .forKeys(true)
                        .build()
                        .serialize("legacy", headers, DynamicMessage.getDefaultInstance(old)))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Cannot serialize key of topic 'legacy': the .proto of file legacy.proto cannot be rendered from "
                                + "class com.google.protobuf.DynamicMessage (message legacy.Old): field item is a group, which is not supported");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void everyScalarKindAndEnumsRoundTripAsProtobufEncodesThem() {
        Descriptor type = ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf("""
                syntax = "proto3";
                package scalars;
                message All {
                  bool flag = 1; bytes blob = 2; float f = 3; double d = 4;
                  sint32 s32 = 5; sint64 s64 = 6; fixed32 f32 = 7; fixed64 f64 = 8;
                  sfixed32 sf32 = 9; sfixed64 sf64 = 10; uint32 u32 = 11; uint64 u64 = 12;
                  Level level = 13; repeated Level levels = 14;
                  enum Level { LOW = 0; HIGH = 1; URGENT = 2; }
                }
                """), Map.of()))
                .findMessageTypeByName("All");
        com.google.protobuf.Descriptors.EnumDescriptor level = type.findEnumTypeByName("Level");
        DynamicMessage all = DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("flag"), true)
                .setField(
                        type.findFieldByName("blob"), com.google.protobuf.ByteString.copyFrom(new byte[] {0, -1, 127}))
                .setField(type.findFieldByName("f"), -1.5f)
                .setField(type.findFieldByName("d"), Math.PI)
                .setField(type.findFieldByName("s32"), Integer.MIN_VALUE)
                .setField(type.findFieldByName("s64"), -2L)
                .setField(type.findFieldByName("f32"), -1)
                .setField(type.findFieldByName("f64"), Long.MIN_VALUE)
                .setField(type.findFieldByName("sf32"), -3)
                .setField(type.findFieldByName("sf64"), -4L)
                .setField(type.findFieldByName("u32"), -1)
                .setField(type.findFieldByName("u64"), -1L)
                .setField(type.findFieldByName("level"), level.findValueByName("URGENT"))
                .addRepeatedField(type.findFieldByName("levels"), level.findValueByName("HIGH"))
                .addRepeatedField(type.findFieldByName("levels"), level.findValueByName("LOW"))
                .build();

        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("scalars", headers, all);
        DynamicMessage back =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build().deserialize("scalars", headers, frame);

        assertThat(java.util.Arrays.copyOfRange(frame, 6, frame.length)).isEqualTo(all.toByteArray());
        assertThat(back.getAllFields()).hasSize(14);
        assertThat(com.google.protobuf.TextFormat.printer().printToString(back))
                .isEqualTo(com.google.protobuf.TextFormat.printer().printToString(all))
                .contains(
                        "f: -1.5",
                        "s32: -2147483648",
                        "f64: 9223372036854775808",
                        "level: URGENT",
                        "blob: \"\\000\\377\\177\"");
    }

    @Test
    void writtenWithV1ReadWithV2AndTheReverse() {
        // Older and newer shapes of google.protobuf.Timestamp, read into the generated class (the reader's version).
        Descriptor older = timestampType("int64 seconds = 1;");
        Descriptor newer = timestampType("int64 seconds = 1; int32 nanos = 2; string zone = 3;");
        DynamicMessage v1 = DynamicMessage.newBuilder(older)
                .setField(older.findFieldByName("seconds"), 7L)
                .build();
        DynamicMessage v3 = DynamicMessage.newBuilder(newer)
                .setField(newer.findFieldByName("seconds"), 8L)
                .setField(newer.findFieldByName("nanos"), 9)
                .setField(newer.findFieldByName("zone"), "UTC")
                .build();
        ProtobufDeserializer<Timestamp> reader = ProtobufDeserializer.<Timestamp>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(Timestamp.class)
                        .build())
                .build();
        ProtobufSerializer<DynamicMessage> serializer =
                ProtobufSerializer.<DynamicMessage>builder(registry).build();

        Timestamp fromOlder = reader.deserialize("v1-times", headers, serializer.serialize("v1-times", headers, v1));
        Timestamp fromNewer = reader.deserialize("v3-times", headers, serializer.serialize("v3-times", headers, v3));

        assertThat(fromOlder.getSeconds()).isEqualTo(7);
        assertThat(fromOlder.getNanos()).as("absent in v1: the default").isZero();
        assertThat(fromNewer.getSeconds()).isEqualTo(8);
        assertThat(fromNewer.getNanos()).isEqualTo(9);
        assertThat(fromNewer.getUnknownFields().hasField(3))
                .as("v3's zone, unknown to the reader, is kept aside")
                .isTrue();
        assertThat(fromNewer.getUnknownFields().getField(3).getLengthDelimitedList())
                .containsExactly(com.google.protobuf.ByteString.copyFromUtf8("UTC"));
    }

    private static Descriptor timestampType(String fields) {
        return ProtobufFormat.fileDescriptor(new ProtobufFormat()
                        .parse(
                                Schema.protobuf("syntax = \"proto3\";\npackage google.protobuf;\nmessage Timestamp { "
                                        + fields + " }\n"),
                                Map.of()))
                .findMessageTypeByName("Timestamp");
    }

    @Test
    void referencesListThePlainImportsThenThePublicOnesAsConfluentsSerializerDoes() {
        String note = """
                syntax = "proto3";
                package acme.note;
                message Note { string text = 1; }
                """;
        String common = """
                syntax = "proto3";
                package acme.common;
                message Common { string id = 1; }
                """;
        // The public import between the plain ones: Confluent lists [money.proto, note.proto, common.proto].
        String invoice = """
                syntax = "proto3";
                package acme;
                import "money.proto";
                import public "common.proto";
                import "note.proto";
                message Invoice { acme.money.Money total = 1; acme.note.Note note = 2; acme.common.Common ref = 3; }
                """;
        Descriptor type = ProtobufFormat.fileDescriptor(new ProtobufFormat()
                        .parse(
                                Schema.protobuf(invoice),
                                Map.of("money.proto", MONEY, "common.proto", common, "note.proto", note)))
                .findMessageTypeByName("Invoice");

        ProtobufSerializer.<DynamicMessage>builder(registry)
                .build()
                .serialize("invoices", headers, DynamicMessage.getDefaultInstance(type));

        assertThat(registry.latest("invoices-value").schema().references())
                .containsExactly(
                        new SchemaReference("money.proto", "money.proto", 1),
                        new SchemaReference("note.proto", "note.proto", 1),
                        new SchemaReference("common.proto", "common.proto", 1));
    }

    @Test
    void wellKnownImportsAreRegisteredRecursivelyOnlyWhenNotSkipped() {
        Type type = Type.newBuilder()
                .setName("t")
                .setSourceContext(SourceContext.newBuilder().setFileName("f"))
                .addOptions(com.google.protobuf.Option.newBuilder()
                        .setName("o")
                        .setValue(Any.pack(Timestamp.getDefaultInstance())))
                .build();

        ProtobufSerializer.<Type>builder(registry).build().serialize("skipped", headers, type);
        assertThat(registry.subjects()).containsExactly("skipped-value");

        ProtobufSerializer.<Type>builder(registry)
                .config(SerdeConfig.builder()
                        .skipKnownTypes(false)
                        .referenceSubjectNameStrategy((name, topic, isKey) -> "refs." + name)
                        .build())
                .build()
                .serialize("kept", headers, type);
        assertThat(registry.subjects())
                .contains("refs.google/protobuf/any.proto", "refs.google/protobuf/source_context.proto", "kept-value");
        assertThat(registry.latest("kept-value").schema().references())
                .extracting(SchemaReference::name)
                .containsExactly("google/protobuf/any.proto", "google/protobuf/source_context.proto");
    }

    @Test
    void theRegisteredTextKeepsTheFieldOptionsOtherLanguagesGeneratorsRead() throws Exception {
        // As protoc writes them for a generated class: JavaScript's int64 as string, C++'s string as Cord.
        Descriptor ids = ProtoDescriptors.built(
                        "ids.proto",
                        "acme",
                        "proto3",
                        ProtoDescriptors.message("Ids")
                                .addField(ProtoDescriptors.field(
                                                "big", 1, DescriptorProtos.FieldDescriptorProto.Type.TYPE_INT64)
                                        .setOptions(DescriptorProtos.FieldOptions.newBuilder()
                                                .setJstype(DescriptorProtos.FieldOptions.JSType.JS_STRING)))
                                .addField(ProtoDescriptors.field(
                                                "note", 2, DescriptorProtos.FieldDescriptorProto.Type.TYPE_STRING)
                                        .setOptions(DescriptorProtos.FieldOptions.newBuilder()
                                                .setCtype(DescriptorProtos.FieldOptions.CType.CORD)
                                                .setDeprecated(true))))
                .findMessageTypeByName("Ids");

        ProtobufSerializer.<DynamicMessage>builder(registry)
                .build()
                .serialize(
                        "ids",
                        headers,
                        DynamicMessage.newBuilder(ids)
                                .setField(ids.findFieldByName("big"), 1L)
                                .build());

        assertThat(registry.latest("ids-value").schema().text())
                .contains(
                        "  int64 big = 1 [\n    jstype = JS_STRING,\n    json_name = \"big\"\n  ];\n",
                        "  string note = 2 [\n    ctype = CORD,\n    deprecated = true,\n    json_name = \"note\"\n  ];\n");
    }

    @Test
    void aWarmSerializerAsksTheRegistryNothing() {
        RegistryCalls calls = RegistryCalls.around(registry);
        ProtobufSerializer<Message> serializer =
                ProtobufSerializer.builder(calls.client()).build();
        ProtobufDeserializer<Message> deserializer =
                ProtobufDeserializer.builder(calls.client()).build();
        deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, order()));
        int warm = calls.count();

        for (int i = 0; i < 50; i++) {
            deserializer.deserialize("orders", headers, serializer.serialize("orders", headers, order()));
        }

        assertThat(warm).isPositive();
        assertThat(calls.count()).isEqualTo(warm);
    }

    @Test
    void threadsSharingASerializerAndDeserializerEachGetTheirOwnMessagesBack() throws Exception {
        ProtobufSerializer<Message> serializer =
                ProtobufSerializer.builder(registry).build();
        ProtobufDeserializer<Message> deserializer =
                ProtobufDeserializer.builder(registry).build();
        Descriptor line = orders.findMessageTypeByName("Order").findNestedTypeByName("Line");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                checked.add(threads.submit(() -> {
                    int roundTrips = 0;
                    for (int i = 0; i < 1_000; i++) {
                        // Message types, topics and so schema ids alternate, so the shared caches keep changing.
                        Message message = i % 2 == 0
                                ? order()
                                : DynamicMessage.newBuilder(line)
                                        .setField(line.findFieldByName("sku"), "s" + thread + "-" + i)
                                        .build();
                        String topic = i % 3 == 0 ? "orders" : "orders-" + thread;
                        Message back =
                                deserializer.deserialize(topic, headers, serializer.serialize(topic, headers, message));
                        assertThat(back.getDescriptorForType().getFullName())
                                .isEqualTo(message.getDescriptorForType().getFullName());
                        assertThat(back.toByteArray()).isEqualTo(message.toByteArray());
                        roundTrips++;
                    }
                    return roundTrips;
                }));
            }
            for (Future<Integer> roundTrips : checked) {
                assertThat(roundTrips.get()).isEqualTo(1_000);
            }
        } finally {
            threads.shutdownNow();
        }
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

        byte[] frame = ProtobufSerializer.<Timestamp>builder(registry)
                .config(USE_LATEST_VERSION)
                .build()
                .serialize(
                        "times", headers, Timestamp.newBuilder().setSeconds(1).build());

        assertThat(HexFormat.of().formatHex(frame, 0, 7)).isEqualTo("00000000020202");
        registry.register("strict-value", Schema.protobuf("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { string seconds = 1; }
                """));
        assertThatThrownBy(() -> ProtobufSerializer.<Timestamp>builder(registry)
                        .config(USE_LATEST_VERSION)
                        .build()
                        .serialize(
                                "strict",
                                headers,
                                Timestamp.newBuilder().setSeconds(1).build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'strict-value'")
                .hasMessageContaining("google.protobuf.Timestamp.seconds (field 1): type changed from int64 to string");
    }

    @Test
    void outOfRangeIndexesAndBadPayloadsAreClearErrors() {
        byte[] frame =
                ProtobufSerializer.<DynamicMessage>builder(registry).build().serialize("orders", headers, order());
        ProtobufDeserializer<DynamicMessage> deserializer =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build();
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
