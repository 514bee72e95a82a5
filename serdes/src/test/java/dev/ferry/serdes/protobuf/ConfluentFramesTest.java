package dev.ferry.serdes.protobuf;

import static dev.ferry.serdes.TestSerdeConfigs.USE_LATEST_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.TimestampProto;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.SchemaLoader;
import com.squareup.wire.schema.internal.SchemaEncoder;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.MockRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames as Confluent's clients write them, read by Ferry. No Ferry code is in the writer: the
 * message types come from Wire's schema loader and descriptor encoder over the corpus file
 * {@code acme/shop/v1/order.proto} (the shape of issue 22: messages declared after map fields, at
 * several depths), the payload is protobuf-java's {@code toByteArray()}, and the header, magic
 * byte, schema id and Confluent's message indexes, is written out by hand. The registry holds the
 * user's own text, registered as a Confluent producer registers it, imports as references.
 */
class ConfluentFramesTest {

    static final Path CORPUS = Path.of("src/test/resources/proto-corpus");
    static final String ORDER_PROTO = "acme/shop/v1/order.proto";
    static final String ADDRESS_PROTO = "acme/common/address.proto";
    static final String MONEY_PROTO = "acme/common/money.proto";

    static Map<String, FileDescriptor> writerFiles;

    /** Type, then the frame's header through the indexes (ids: money.proto 1, address.proto 2, order.proto 3). */
    static Stream<Arguments> confluentFrames() {
        return Stream.of(
                arguments("acme.shop.v1.Customer", "00 00000003 00"),
                arguments("acme.shop.v1.Order", "00 00000003 02 04"),
                // PricesEntry, before Header, is not counted
                arguments("acme.shop.v1.Order.Header", "00 00000003 04 04 00"),
                arguments("acme.shop.v1.Order.Line", "00 00000003 04 04 04"),
                // after LabelsEntry, not counted either
                arguments("acme.shop.v1.Order.Audit", "00 00000003 04 04 06"),
                // after Audit's own map tags
                arguments("acme.shop.v1.Order.Audit.Deep", "00 00000003 06 04 06 00"),
                arguments("acme.shop.v1.Pair.Meta", "00 00000003 04 06 00"),
                // after the map weights: under the old numbering [3, 1] was WeightsEntry and [3, 2] Pair.A
                arguments("acme.shop.v1.Pair.A", "00 00000003 04 06 02"),
                arguments("acme.shop.v1.Pair.B", "00 00000003 04 06 04"),
                arguments("acme.shop.v1.OrderEvent", "00 00000003 02 08"));
    }

    @RegisterExtension
    final MockRegistry mock = new MockRegistry("confluent-frames");

    final SchemaRegistryClient registry = mock.client();

    @BeforeAll
    static void loadTheWritersTypesWithWire() throws Exception {
        SchemaLoader loader = new SchemaLoader(FileSystems.getDefault());
        // Every corpus file as a source: files only on Wire's proto path are loaded with the types they declare pruned.
        loader.initRoots(List.of(Location.get(CORPUS.toString())), List.of());
        com.squareup.wire.schema.Schema schema = loader.loadSchema();
        SchemaEncoder encoder = new SchemaEncoder(schema);
        writerFiles = new HashMap<>();
        writerFiles.put("google/protobuf/timestamp.proto", TimestampProto.getDescriptor());
        for (String path : List.of(MONEY_PROTO, ADDRESS_PROTO, ORDER_PROTO)) {
            writerFiles.put(path, build(encoder, schema.protoFile(path)));
        }
        assertThat(writerFiles
                        .get(ADDRESS_PROTO)
                        .findMessageTypeByName("Address")
                        .getFields())
                .hasSize(8);
    }

    private static FileDescriptor build(SchemaEncoder encoder, ProtoFile file)
            throws InvalidProtocolBufferException, DescriptorValidationException {
        FileDescriptorProto proto =
                FileDescriptorProto.parseFrom(encoder.encode(file).toByteArray());
        FileDescriptor[] dependencies =
                proto.getDependencyList().stream().map(writerFiles::get).toArray(FileDescriptor[]::new);
        return FileDescriptor.buildFrom(proto, dependencies);
    }

    @BeforeEach
    void registerTheUsersTextAsAConfluentProducerDoes() {
        assertThat(registry.register(MONEY_PROTO, Schema.protobuf(read(MONEY_PROTO))))
                .isEqualTo(1);
        assertThat(registry.register(ADDRESS_PROTO, Schema.protobuf(read(ADDRESS_PROTO))))
                .isEqualTo(2);
        assertThat(registry.register(
                        "orders-value",
                        Schema.protobuf(
                                read(ORDER_PROTO),
                                List.of(
                                        new SchemaReference(ADDRESS_PROTO, ADDRESS_PROTO, 1),
                                        new SchemaReference(MONEY_PROTO, MONEY_PROTO, 1)))))
                .isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("confluentFrames")
    void ferryReadsTheFrameAsTheTypeConfluentNamed(String type, String header) {
        DynamicMessage written = sample(type(type));
        byte[] frame = frame(header, written);

        DynamicMessage read = ProtobufDeserializer.<DynamicMessage>builder(registry)
                .build()
                .deserialize("orders", new Headers(), frame);

        assertThat(read.getDescriptorForType().getFullName()).isEqualTo(type);
        assertThat(read.toString()).isEqualTo(written.toString());
        assertThat(read.toByteArray()).isEqualTo(written.toByteArray());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("confluentFrames")
    void ferryWritesTheHeaderConfluentWrites(String type, String header) {
        DynamicMessage message = sample(type(type));

        // Against the user's registered text, as Confluent's serializer with use.latest.version numbers it.
        byte[] frame = ProtobufSerializer.<DynamicMessage>builder(registry)
                .config(USE_LATEST_VERSION)
                .build()
                .serialize("orders", new Headers(), message);

        assertThat(HexFormat.of().formatHex(frame, 0, bytes(header).length)).isEqualTo(header.replace(" ", ""));
    }

    private static Descriptor type(String fullName) {
        String[] parts = fullName.substring("acme.shop.v1.".length()).split("\\.");
        Descriptor type = writerFiles.get(ORDER_PROTO).findMessageTypeByName(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            type = type.findNestedTypeByName(parts[i]);
        }
        return type;
    }

    /** A message with every field set, maps with two entries, the first member of each oneof. */
    static DynamicMessage sample(Descriptor type) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null
                    && field.getRealContainingOneof().getFields().get(0) != field) {
                continue;
            }
            if (field.isMapField()) {
                for (String key : List.of("k1", "k2")) {
                    Descriptor entry = field.getMessageType();
                    FieldDescriptor keyField = entry.findFieldByName("key");
                    message.addRepeatedField(
                            field,
                            DynamicMessage.newBuilder(entry)
                                    .setField(
                                            keyField,
                                            keyField.getJavaType() == FieldDescriptor.JavaType.STRING ? key : 7)
                                    .setField(
                                            entry.findFieldByName("value"), value(entry.findFieldByName("value"), key))
                                    .build());
                }
            } else if (field.isRepeated()) {
                message.addRepeatedField(field, value(field, "r1")).addRepeatedField(field, value(field, "r2"));
            } else {
                message.setField(field, value(field, field.getName()));
            }
        }
        return message.build();
    }

    private static Object value(FieldDescriptor field, String text) {
        return switch (field.getJavaType()) {
            case STRING -> text + "-" + field.getName();
            case INT -> 42;
            case LONG -> 4_200_000_000L;
            case DOUBLE -> 0.25;
            case FLOAT -> 1.5f;
            case BOOLEAN -> true;
            case BYTE_STRING -> ByteString.copyFromUtf8(text);
            case ENUM ->
                field.getEnumType()
                        .getValues()
                        .get(field.getEnumType().getValues().size() - 1);
            case MESSAGE ->
                field.getMessageType()
                                .getFullName()
                                .equals(Timestamp.getDescriptor().getFullName())
                        ? Timestamp.newBuilder()
                                .setSeconds(1_700_000_000)
                                .setNanos(5)
                                .build()
                        : sample(field.getMessageType());
        };
    }

    private static byte[] frame(String header, Message payload) {
        byte[] head = bytes(header);
        byte[] body = payload.toByteArray();
        byte[] frame = new byte[head.length + body.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(body, 0, frame, head.length, body.length);
        return frame;
    }

    private static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static String read(String path) {
        try {
            return Files.readString(CORPUS.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
