package dev.ferry.serdes.protobuf;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaReference;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.PreparedFrames;
import dev.ferry.serdes.internal.RegistryBinding;
import dev.ferry.serdes.internal.SchemaIdFraming;
import dev.ferry.serdes.internal.SchemaLookup;
import dev.ferry.serdes.internal.proto.KnownProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoFiles;
import dev.ferry.serdes.internal.proto.ProtoPrinter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serializes Protobuf messages (generated classes and {@code DynamicMessage}) in the Confluent wire
 * format: {@code 0x00 | schema id | message indexes | Protobuf binary}. The indexes are the path
 * from the file's top-level messages to the message's type ({@code [0]}, the first top-level
 * message, is the single byte {@code 0x00}), numbered as Confluent's clients number them: by the
 * message declarations of the schema text, so the {@code XxxEntry} types protoc derives from
 * {@code map<>} fields are not counted.
 *
 * <pre>{@code
 * ProtobufSerializer<OrderEvent> serializer = ProtobufSerializer.<OrderEvent>builder(registry).build();
 * byte[] frame = serializer.serialize("orders", new Headers(), order);
 * }</pre>
 *
 * <p>The schema registered is the message's {@code .proto} file rendered from its descriptor; its
 * imports are registered first, recursively, as references under the subjects
 * {@code reference.subject.name.strategy} names (the import path by default). The known types,
 * those Confluent's clients resolve without a reference ({@code google/protobuf/*.proto},
 * {@code google/type/*.proto}, {@code confluent/meta.proto}, {@code confluent/type/*.proto}), are
 * neither registered nor referenced when {@code skip.known.types=true} (the default), as
 * Confluent's serializer does: readers resolve them themselves.
 *
 * <p>Ids and indexes are cached per (topic, message type): once warm, serializing asks no registry
 * and allocates the returned array and a small encoder. With {@code use.latest.version} each record
 * is written with the registry client's latest version of the subject (served from the client's
 * cache without waiting, refreshed in the background every {@code latest.cache.ttl.sec}).
 * Thread-safe.
 *
 * @param <T> the message type
 */
public final class ProtobufSerializer<T extends Message> implements Serializer<T> {

    /** What a (topic, message type) is framed with. */
    private record Prepared(
            String topic, Descriptor key, String subject, int id, SchemaIdFraming framing, boolean followsLatest)
            implements PreparedFrames.Prepared<Descriptor> {}

    private final PreparedFrames<Descriptor, Prepared> prepared =
            new PreparedFrames<>((lookup, topic, type, data) -> prepare(lookup, topic, type, data.getClass()));
    private final RegistryBinding binding = new RegistryBinding(ProtobufSerializer.class, new ProtobufFormat());

    /** For producers that name the class in properties; {@link #configure} must be called before use. */
    public ProtobufSerializer() {}

    private ProtobufSerializer(SchemaRegistryClient registry, SerdeConfig config, boolean isKey) {
        binding.bind(registry, config, isKey);
    }

    public static <T extends Message> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        binding.configure(SerdeConfig.fromProperties(configs), isKey);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        SchemaLookup lookup = binding.lookup();
        Prepared target = prepared.get(lookup, topic, data.getDescriptorForType(), data);
        byte[] prefix = target.framing().prefix();
        byte[] frame;
        try {
            int size = data.getSerializedSize();
            frame = new byte[prefix.length + size];
            System.arraycopy(prefix, 0, frame, 0, prefix.length);
            CodedOutputStream output = CodedOutputStream.newInstance(frame, prefix.length, size);
            data.writeTo(output);
            output.checkNoSpaceLeft();
        } catch (IOException | RuntimeException e) {
            throw lookup.cannotWrite(topic, target.subject(), target.id(), e);
        }
        target.framing().addHeaderTo(headers, topic);
        return frame;
    }

    private static Prepared prepare(SchemaLookup lookup, String topic, Descriptor type, Class<?> javaType) {
        FileDescriptor file = type.getFile();
        String source = "class " + javaType.getName() + " (message " + type.getFullName() + ")";
        // References are registered only when the record's own schema is: not for a fixed id or the latest version.
        boolean registersOwnSchema =
                lookup.config().useSchemaId() < 0 && !lookup.config().useLatestVersion();
        Schema schema = new Schema(
                dev.ferry.registry.SchemaType.PROTOBUF,
                text(lookup, topic, source, file),
                registersOwnSchema ? references(lookup, topic, source, file) : List.of());
        ParsedSchema ours;
        try {
            ours = new ProtobufFormat().parse(schema, referenceTexts(lookup, topic, source, file));
        } catch (InvalidSchemaException | IllegalArgumentException e) {
            throw new SerializationException(
                    "Cannot serialize " + lookup.describe(topic) + ": the .proto of file " + file.getName()
                            + " rendered from " + source + " does not parse back: " + e.getMessage(),
                    e);
        }
        SchemaLookup.Resolved resolved =
                lookup.resolve(topic, type.getFullName(), "Protobuf message " + type.getFullName(), ours);
        FileDescriptor writerFile = ProtobufFormat.fileDescriptor(resolved.writer());
        Descriptor writerType = MessageIndexes.find(writerFile, type.getFullName());
        if (writerType == null) {
            throw new SerializationException("Cannot serialize " + lookup.describe(topic) + " under subject '"
                    + resolved.subject() + "': schema id " + resolved.id() + " has no message " + type.getFullName());
        }
        int[] indexes;
        try {
            indexes = MessageIndexes.of(
                    writerType, resolved.writer(), lookup.config().normalizeSchemas());
        } catch (IllegalArgumentException e) {
            throw lookup.cannotWrite(topic, resolved.subject(), resolved.id(), e);
        }
        return new Prepared(
                topic,
                type,
                resolved.subject(),
                resolved.id(),
                lookup.framing(topic, resolved, indexes),
                resolved.followsLatest());
    }

    /**
     * The .proto text of a message's file or one of its imports; printing failures name the message's
     * class. With {@code normalize.schemas}, the normalized text, as Confluent's serializer registers
     * it: the registry keeps that text, whose map fields are {@code map<K, V>}, and the message
     * indexes skip their entries.
     */
    private static String text(SchemaLookup lookup, String topic, String source, FileDescriptor file) {
        try {
            return lookup.config().normalizeSchemas()
                    ? ProtoPrinter.printNormalized(ProtoFiles.resolvedProto(file))
                    : ProtoFiles.text(file);
        } catch (InvalidSchemaException | IllegalArgumentException e) {
            throw new SerializationException(
                    "Cannot serialize " + lookup.describe(topic) + ": the .proto of file " + file.getName()
                            + " cannot be rendered from " + source + ": " + e.getMessage(),
                    e);
        }
    }

    private static List<SchemaReference> references(
            SchemaLookup lookup, String topic, String source, FileDescriptor file) {
        List<SchemaReference> references = new ArrayList<>();
        for (FileDescriptor dependency : ProtoFiles.importsInReferenceOrder(file)) {
            if (lookup.config().skipKnownTypes() && KnownProtoFiles.isKnown(dependency.getName())) {
                continue;
            }
            Schema schema = new Schema(
                    dev.ferry.registry.SchemaType.PROTOBUF,
                    text(lookup, topic, source, dependency),
                    references(lookup, topic, source, dependency));
            String subject = lookup.config()
                    .referenceSubjectNameStrategy()
                    .subjectName(dependency.getName(), topic, lookup.isKey());
            int version = lookup.registerReference(topic, subject, schema);
            references.add(new SchemaReference(dependency.getName(), subject, version));
        }
        return references;
    }

    private static Map<String, String> referenceTexts(
            SchemaLookup lookup, String topic, String source, FileDescriptor file) {
        Map<String, String> texts = new java.util.HashMap<>();
        List<FileDescriptor> queue = new ArrayList<>(file.getDependencies());
        for (int i = 0; i < queue.size(); i++) {
            FileDescriptor dependency = queue.get(i);
            if (texts.putIfAbsent(dependency.getName(), text(lookup, topic, source, dependency)) == null) {
                queue.addAll(dependency.getDependencies());
            }
        }
        return texts;
    }

    /** Closes the registry client if this serializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds a {@link ProtobufSerializer}. Not thread-safe. */
    public static final class Builder<T extends Message>
            extends RegistrySerdeBuilder<Builder<T>, ProtobufSerializer<T>> {

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        @Override
        public ProtobufSerializer<T> build() {
            return new ProtobufSerializer<>(registry(), serdeConfig(), isKey());
        }
    }
}
