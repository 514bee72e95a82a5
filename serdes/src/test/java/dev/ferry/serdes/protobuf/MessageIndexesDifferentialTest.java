package dev.ferry.serdes.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ferry's message indexes against an independent implementation of Confluent's rule. Wire's
 * {@code .proto} parser, the one Confluent's Protobuf provider uses, reads the schema text, and a
 * message's indexes are its path of positions among the {@code message} declarations it finds, as
 * {@code ProtobufSchema.toMessageIndexes} and {@code toMessageName} walk them. A map field written
 * {@code map<K, V>} declares no message there, so the entry protoc derives from it is not counted;
 * the text a serializer registers for a descriptor declares the entries, and there they are. No
 * Ferry code takes part in computing the expected indexes, nor in reading them out of a frame.
 */
class MessageIndexesDifferentialTest {

    static List<ProtoCorpus> corpus() {
        return ProtoCorpus.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMessageTypeGetsConfluentsIndexesFromTheSerializerAndIsReadBackAsItself(ProtoCorpus file) {
        Map<String, List<Integer>> expected = confluentIndexes(file.path(), file.text());
        ParsedSchema source = new ProtobufFormat().parse(Schema.protobuf(file.text()), file.rootFiles());
        FileDescriptor descriptor = ProtobufFormat.fileDescriptor(source);
        try (MockSerdes serdes = MockSerdes.open("differential-")) {

            assertThat(messageNames(descriptor, ProtobufFormat.mapFieldEntries(source)))
                    .as("the message types Ferry and Wire find in %s", file)
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            MessageIndexes numbering = MessageIndexes.of(source);
            for (Map.Entry<String, List<Integer>> type : expected.entrySet()) {
                String name = type.getKey();
                Descriptor message = MessageIndexes.find(descriptor, name);
                assertThat(MessageIndexes.of(message, source, false))
                        .as("indexes of %s in %s", name, file)
                        .containsExactly(type.getValue().stream()
                                .mapToInt(Integer::intValue)
                                .toArray());
                assertThat(numbering.resolve(frame(type.getValue()), "t", false, 1))
                        .as("type of %s's frame against the source of %s", name, file)
                        .isSameAs(message);
                byte[] frame = serdes.serializer().serialize("t", new Headers(), withRequiredFields(message));
                String registered =
                        serdes.registry().schemaById(schemaId(frame)).text();
                assertThat(indexesIn(frame))
                        .as("indexes written for %s of %s, in the text registered:%n%s", name, file, registered)
                        .isEqualTo(confluentIndexes(file.path(), registered).get(name));
                assertThat(serdes.deserializer()
                                .deserialize("t", new Headers(), frame)
                                .getDescriptorForType()
                                .getFullName())
                        .as("type read back from %s's frame in %s", name, file)
                        .isEqualTo(name);
            }
        }
    }

    /** The corpus is large and shaped so that counting the map entries would be wrong for a good share of it. */
    @Test
    void theCorpusIsLargeAndHasManyMessagesWhoseIndexesTheMapEntriesWouldShift() {
        List<ProtoCorpus> corpus = corpus();
        int types = 0;
        List<String> shifted = new ArrayList<>();
        for (ProtoCorpus file : corpus) {
            FileDescriptor descriptor = ProtoFiles.build(file.path(), file.text(), file.rootFiles());
            for (Map.Entry<String, List<Integer>> type :
                    confluentIndexes(file.path(), file.text()).entrySet()) {
                types++;
                if (!descriptorPositions(MessageIndexes.find(descriptor, type.getKey()))
                        .equals(type.getValue())) {
                    shifted.add(type.getKey());
                }
            }
        }

        String size =
                corpus.size() + " files, " + types + " message types, " + shifted.size() + " shifted by map entries";
        assertThat(corpus).as(size).hasSizeGreaterThanOrEqualTo(50);
        assertThat(corpus.stream().map(ProtoCorpus::root).distinct())
                .contains("protobuf-java", "schemas/src/main/proto", "proto-corpus");
        assertThat(types).as(size).isGreaterThanOrEqualTo(240);
        assertThat(shifted)
                .as(size)
                .hasSizeGreaterThanOrEqualTo(65)
                .contains(
                        "acme.shop.v1.Order.Line",
                        "acme.shop.v1.Order.Audit.Deep",
                        "acme.shop.v1.Pair.B",
                        "acme.chat.Conversation.Thread.Message.Reaction.Actor");
    }

    /** A fresh {@code mock://} registry scope, dropped on close, and a Protobuf serializer and deserializer on it. */
    record MockSerdes(
            String scope,
            SchemaRegistryClient registry,
            ProtobufSerializer<DynamicMessage> serializer,
            ProtobufDeserializer<DynamicMessage> deserializer)
            implements AutoCloseable {

        static MockSerdes open(String scopePrefix) {
            String scope = scopePrefix + UUID.randomUUID();
            SchemaRegistryClient registry =
                    SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + scope));
            return new MockSerdes(
                    scope,
                    registry,
                    ProtobufSerializer.<DynamicMessage>builder(registry).build(),
                    ProtobufDeserializer.<DynamicMessage>builder(registry).build());
        }

        @Override
        public void close() {
            try {
                registry.close();
            } finally {
                SchemaRegistryClients.dropMockScope(scope);
            }
        }
    }

    /** Confluent's rule over the parsed text: each message's path of positions among the message declarations. */
    static Map<String, List<Integer>> confluentIndexes(String path, String text) {
        ProtoFileElement file = ProtoParser.Companion.parse(Location.get(path), text);
        String prefix = file.getPackageName() == null ? "" : file.getPackageName() + ".";
        Map<String, List<Integer>> indexes = new LinkedHashMap<>();
        walk(file.getTypes(), prefix, List.of(), indexes);
        return indexes;
    }

    private static void walk(
            List<TypeElement> declared, String prefix, List<Integer> parent, Map<String, List<Integer>> into) {
        int position = 0;
        for (TypeElement type : declared) {
            if (type instanceof MessageElement message) {
                List<Integer> path = new ArrayList<>(parent);
                path.add(position++);
                into.put(prefix + message.getName(), List.copyOf(path));
                walk(message.getNestedTypes(), prefix + message.getName() + ".", path, into);
            }
        }
    }

    /** An instance that parses back: proto2 required fields set, to their defaults. */
    static DynamicMessage withRequiredFields(Descriptor type) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.isRequired()) {
                message.setField(
                        field,
                        field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                                ? withRequiredFields(field.getMessageType())
                                : field.getDefaultValue());
            }
        }
        return message.build();
    }

    /** The messages of a file, but the entries of its {@code map<K, V>} fields. */
    private static List<String> messageNames(FileDescriptor file, Set<String> mapFieldEntries) {
        List<String> names = new ArrayList<>();
        List<Descriptor> queue = new ArrayList<>(file.getMessageTypes());
        for (int i = 0; i < queue.size(); i++) {
            if (!mapFieldEntries.contains(queue.get(i).getFullName())) {
                names.add(queue.get(i).getFullName());
                queue.addAll(queue.get(i).getNestedTypes());
            }
        }
        return names;
    }

    /** What the old numbering gave: the positions in the descriptor, map entries included. */
    private static List<Integer> descriptorPositions(Descriptor type) {
        List<Integer> path = new ArrayList<>();
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            path.add(0, current.getIndex());
        }
        return path;
    }

    /** A frame of schema id 1 with these indexes and an empty payload. */
    private static byte[] frame(List<Integer> indexes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 1});
        if (indexes.equals(List.of(0))) {
            out.write(0);
        } else {
            zigzag(out, indexes.size());
            indexes.forEach(index -> zigzag(out, index));
        }
        return out.toByteArray();
    }

    private static void zigzag(ByteArrayOutputStream out, int value) {
        int raw = (value << 1) ^ (value >> 31);
        while ((raw & ~0x7f) != 0) {
            out.write((raw & 0x7f) | 0x80);
            raw >>>= 7;
        }
        out.write(raw);
    }

    static int schemaId(byte[] frame) {
        return ((frame[1] & 0xff) << 24) | ((frame[2] & 0xff) << 16) | ((frame[3] & 0xff) << 8) | (frame[4] & 0xff);
    }

    /** The index list after the id: zigzag varints, count then indexes; the single byte 0 is [0]. */
    static List<Integer> indexesIn(byte[] frame) {
        int[] position = {5};
        int count = zigzagVarint(frame, position);
        if (count == 0) {
            return List.of(0);
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indexes.add(zigzagVarint(frame, position));
        }
        return indexes;
    }

    private static int zigzagVarint(byte[] frame, int[] position) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = frame[position[0]++];
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
    }
}
