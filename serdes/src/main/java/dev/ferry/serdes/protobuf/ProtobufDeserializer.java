package dev.ferry.serdes.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.RegistryBinding;
import dev.ferry.serdes.internal.SchemaLookup;
import dev.ferry.serdes.internal.WireFormat;
import dev.ferry.serdes.internal.WriterSchemaCache;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.UUID;

/**
 * Reads Protobuf messages in the Confluent wire format. Without a configured type it derives the
 * message type from the frame: the schema by id (fetched once, with its imports) and the message
 * by the indexes, numbered as Confluent numbers them (the message declarations of the schema
 * text; protoc's map entry types are not counted), and returns a {@code DynamicMessage}. With
 * {@code specific.protobuf.value.type} (or {@code .key.type}) it parses into that generated class,
 * after the same checks of id and indexes.
 *
 * <pre>{@code
 * ProtobufDeserializer<DynamicMessage> deserializer = ProtobufDeserializer.<DynamicMessage>builder(registry).build();
 * DynamicMessage order = deserializer.deserialize("orders", headers, frame);
 * }</pre>
 *
 * <p>Errors say what was wrong and at which byte: unknown magic, truncated frame, unknown schema
 * id, malformed or out-of-range message indexes, an unreadable payload. Thread-safe.
 *
 * @param <T> the message type produced
 */
public final class ProtobufDeserializer<T extends Message> implements Deserializer<T> {

    /** A schema's message numbering and its first message type, the type of most frames (null without messages). */
    private record SchemaFile(MessageIndexes indexes, Descriptor first) {}

    private final WriterSchemaCache<SchemaFile> files = new WriterSchemaCache<>(ProtobufDeserializer::load);
    private final RegistryBinding binding = new RegistryBinding(ProtobufDeserializer.class, new ProtobufFormat());
    private volatile Parser<?> specificParser;

    /** For consumers that name the class in properties; {@link #configure} must be called before use. */
    public ProtobufDeserializer() {}

    private ProtobufDeserializer(SchemaRegistryClient registry, SerdeConfig config, boolean isKey) {
        binding.bind(registry, config, isKey);
        this.specificParser = parserOf(config.specificProtobufType(isKey));
    }

    public static <T extends Message> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.fromProperties(configs);
        this.specificParser = parserOf(config.specificProtobufType(isKey));
        binding.configure(config, isKey);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        SchemaLookup lookup = binding.lookup();
        WireFormat.Located located = lookup.locateByHeaderOrGuid(headers, data, topic, true);
        if (located != null) {
            return deserializeLocated(lookup, topic, located, data);
        }
        int id = WireFormat.readSchemaId(data, topic, lookup.isKey());
        int offset = WireFormat.indexesEnd(data, topic, lookup.isKey());
        // As Confluent's, every frame's id and indexes are checked against the registry's schema,
        // also when a configured class reads the payload: a frame from elsewhere fails here.
        SchemaFile file = files.get(lookup, topic, id, data);
        // The common case, the first message ([0] as the single byte 0x00), needs no walk through the file.
        Descriptor type = data[WireFormat.HEADER_SIZE] == 0 && file.first() != null
                ? file.first()
                : file.indexes().resolve(data, topic, lookup.isKey(), id);
        return parse(lookup, topic, type, data, offset, id, null);
    }

    /** A frame whose schema is named by a GUID or in a header (with the indexes there too). */
    private T deserializeLocated(SchemaLookup lookup, String topic, WireFormat.Located at, byte[] data) {
        SchemaFile file = files.get(lookup, topic, at);
        Descriptor type = at.indexBytes()[at.indexStart()] == 0 && file.first() != null
                ? file.first()
                : file.indexes().resolve(at.indexBytes(), at.indexStart(), topic, lookup.isKey(), at.schemaName());
        return parse(lookup, topic, type, data, at.payloadStart(), at.id(), at.guid());
    }

    @SuppressWarnings("unchecked")
    private T parse(SchemaLookup lookup, String topic, Descriptor type, byte[] data, int offset, int id, UUID guid) {
        try {
            Parser<?> parser = specificParser;
            if (parser != null) {
                return (T) parser.parseFrom(data, offset, data.length - offset);
            }
            return (T) DynamicMessage.parseFrom(type, CodedInputStream.newInstance(data, offset, data.length - offset));
        } catch (java.io.IOException e) {
            throw new SerializationException(
                    "Cannot deserialize " + lookup.describe(topic) + " with "
                            + new WireFormat.Located(id, guid, data, offset, offset).schemaName()
                            + ": the Protobuf payload starting at byte " + offset + " is unreadable: " + e.getMessage(),
                    e);
        }
    }

    private static SchemaFile load(SchemaLookup lookup, WireFormat.Located at, String topic) {
        MessageIndexes indexes = MessageIndexes.of(lookup.writerSchema(at, topic));
        return new SchemaFile(indexes, indexes.first());
    }

    private static Parser<?> parserOf(Class<?> type) {
        if (type == null) {
            return null;
        }
        try {
            Message instance = (Message) type.getMethod("getDefaultInstance").invoke(null);
            return instance.getParserForType();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a generated Protobuf message class "
                            + "(it needs a public static getDefaultInstance())",
                    e);
        }
    }

    /** Closes the registry client if this deserializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds a {@link ProtobufDeserializer}. Not thread-safe. */
    public static final class Builder<T extends Message>
            extends RegistrySerdeBuilder<Builder<T>, ProtobufDeserializer<T>> {

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        @Override
        public ProtobufDeserializer<T> build() {
            return new ProtobufDeserializer<>(registry(), serdeConfig(), isKey());
        }
    }
}
