package dev.ferry.serdes.avro;

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
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.reflect.ReflectDatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;

/**
 * Reads Avro data in the Confluent wire format. The writer's schema is fetched by the frame's id
 * (once per id) and resolved against the reader's: the writer's own schema (generic records), the
 * generated class of the same full name ({@code specific.avro.reader=true}), a configured reader
 * schema, or a reflect class. So data written with v1 reads as v2 and the reverse, per Avro's rules.
 *
 * <pre>{@code
 * AvroDeserializer<OrderEvent> deserializer = AvroDeserializer.<OrderEvent>builder(registry)
 *         .config(SerdeConfig.builder().specificAvroReader(true).build())
 *         .build();
 * OrderEvent order = deserializer.deserialize("orders", headers, frame);
 * }</pre>
 *
 * <p>Errors say what was wrong and where: unknown magic byte (byte 0), truncated frame, unknown
 * schema id (bytes 1 to 4), or a payload Avro cannot read. Top-level strings are returned as
 * {@code String}, and top-level bytes as a {@code byte[]} of the rest of the frame, whatever the
 * reader settings, as Confluent's deserializer returns them (its serializer writes them without
 * Avro's length prefix). Avro 1.12 instantiates generated and reflect classes only from trusted
 * packages listed in the system property {@code org.apache.avro.SERIALIZABLE_PACKAGES}; a class named in
 * {@code specific.avro.value.type} (or {@code .key.type}), a class Ferry's Maven plugin generated
 * (listed in {@code META-INF/ferry/avro-classes} beside it) and the classes their own schemas name
 * need no entry, while any other class a writer's schema names still does. Thread-safe.
 *
 * @param <T> the type produced
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

    /** A thread's reused decoder. */
    private static final class Decoding {
        final Thread owner = Thread.currentThread();
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(new byte[0], null);
    }

    /** Turns the payloads of one writer's schema into values. */
    @FunctionalInterface
    private interface PayloadReader {
        /** Reads the payload at {@code offset} of {@code data}; {@code decoder} is positioned there. */
        Object read(byte[] data, int offset, BinaryDecoder decoder) throws IOException;
    }

    /**
     * A top-level bytes value: Confluent's serializer writes it without Avro's length prefix, so the
     * value is the rest of the frame, as its deserializer reads it whatever the reader settings.
     */
    private static final PayloadReader RAW_BYTES =
            (data, offset, decoder) -> Arrays.copyOfRange(data, offset, data.length);

    private static final ThreadLocal<Decoding> DECODING = ThreadLocal.withInitial(Decoding::new);

    private final WriterSchemaCache<PayloadReader> readers = new WriterSchemaCache<>(this::readerFor);
    // The last thread's decoder, checked before the thread-local map: most deserializers are driven by
    // one consumer thread. Safe to race on: a Decoding's fields are final and only its owner reads with it.
    private Decoding lastDecoding;
    private final RegistryBinding binding = new RegistryBinding(AvroDeserializer.class, new AvroFormat());
    private volatile Schema readerSchema;
    private volatile Class<?> reflectType;
    private volatile TrustedSpecificData trustedModel;

    /** For consumers that name the class in properties; {@link #configure} must be called before use. */
    public AvroDeserializer() {}

    private AvroDeserializer(
            SchemaRegistryClient registry,
            SerdeConfig config,
            boolean isKey,
            Schema readerSchema,
            Class<?> reflectType) {
        binding.bind(registry, config, isKey);
        this.readerSchema = readerSchema;
        this.reflectType = reflectType;
    }

    public static <T> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        binding.configure(SerdeConfig.fromProperties(configs), isKey);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        SchemaLookup lookup = binding.lookup();
        WireFormat.Located at = lookup.locateByHeaderOrGuid(headers, data, topic, false);
        if (at != null) {
            return read(lookup, topic, readers.get(lookup, topic, at), data, at.payloadStart(), at.id(), at.guid());
        }
        int id = WireFormat.readSchemaId(data, topic, lookup.isKey());
        return read(lookup, topic, readers.get(lookup, topic, id, data), data, WireFormat.HEADER_SIZE, id, null);
    }

    @SuppressWarnings("unchecked")
    private T read(
            SchemaLookup lookup, String topic, PayloadReader reader, byte[] data, int offset, int id, UUID guid) {
        Decoding decoding = lastDecoding;
        if (decoding == null || decoding.owner != Thread.currentThread()) {
            decoding = DECODING.get();
            lastDecoding = decoding;
        }
        // Configures the thread's decoder for this frame and returns it.
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, decoding.decoder);
        try {
            Object value = reader.read(data, offset, decoder);
            return (T) (value instanceof Utf8 utf8 ? utf8.toString() : value);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot deserialize " + lookup.describe(topic) + " with "
                            + new WireFormat.Located(id, guid, data, offset, offset).schemaName()
                            + ": the Avro payload starting at byte " + offset + " is unreadable: " + e,
                    e);
        }
    }

    private PayloadReader readerFor(SchemaLookup lookup, WireFormat.Located at, String topic) {
        Schema writer = AvroFormat.avroSchema(lookup.writerSchema(at, topic));
        if (writer.getType() == Schema.Type.BYTES) {
            return RAW_BYTES;
        }
        DatumReader<Object> reader;
        try {
            reader = newReader(lookup, at, topic, writer);
        } catch (SecurityException e) {
            throw new SerializationException(
                    "Cannot deserialize " + lookup.describe(topic) + " with " + at.schemaName()
                            + ": Avro refuses to load the reader class; trust its package with the system property "
                            + "org.apache.avro.SERIALIZABLE_PACKAGES: " + e.getMessage(),
                    e);
        }
        return (data, offset, decoder) -> reader.read(null, decoder);
    }

    @SuppressWarnings("unchecked")
    private DatumReader<Object> newReader(SchemaLookup lookup, WireFormat.Located at, String topic, Schema writer) {
        boolean logical = lookup.config().useLogicalTypeConverters();
        if (readerSchema != null) {
            return new GenericDatumReader<>(writer, readerSchema, AvroModels.generic(logical));
        }
        if (reflectType != null) {
            var model = AvroModels.reflect(logical);
            Schema reader;
            try {
                reader = model.getSchema(reflectType);
            } catch (RuntimeException e) {
                throw new SerializationException(
                        "Cannot deserialize " + lookup.describe(topic) + " with " + at.schemaName()
                                + ": Avro cannot read into class " + reflectType.getName()
                                + " (no reflect schema for it): "
                                + e.getMessage(),
                        e);
            }
            return (DatumReader<Object>) (DatumReader<?>) new ReflectDatumReader<>(writer, reader, model);
        }
        Class<?> configured = lookup.config().specificAvroType(lookup.isKey());
        if (configured != null) {
            TrustedSpecificData model = trustedModel(configured);
            return new SpecificDatumReader<>(writer, model.getSchema(configured), model);
        }
        if (lookup.config().specificAvroReader() && writer.getType() == Schema.Type.RECORD) {
            String className = SpecificData.getClassName(writer);
            Class<?> listed =
                    GeneratedClassListing.find(className, SpecificData.get().getClassLoader());
            if (listed != null) {
                TrustedSpecificData model = TrustedSpecificData.forType(listed);
                return new SpecificDatumReader<>(writer, model.getSchema(listed), model);
            }
            Class<?> generated;
            try {
                generated = SpecificData.get().getClass(writer);
            } catch (SecurityException e) {
                throw new SerializationException(
                        "Cannot deserialize " + lookup.describe(topic) + " with " + at.schemaName()
                                + ": Avro refuses to load the reader class " + className
                                + ": Ferry's Maven plugin did not generate it (" + GeneratedClassListing.PATH
                                + ") and specific.avro." + (lookup.isKey() ? "key" : "value")
                                + ".type does not name it; trust its package with the system property "
                                + "org.apache.avro.SERIALIZABLE_PACKAGES: " + e.getMessage(),
                        e);
            }
            if (generated == null) {
                throw new SerializationException("Cannot deserialize " + lookup.describe(topic)
                        + ": specific.avro.reader=true but no " + "generated class " + writer.getFullName()
                        + " is on the class path (" + at.schemaName() + ")");
            }
            SpecificData model = SpecificData.getForClass(generated);
            return new SpecificDatumReader<>(writer, model.getSchema(generated), model);
        }
        return new GenericDatumReader<>(writer, writer, AvroModels.generic(logical));
    }

    private TrustedSpecificData trustedModel(Class<?> configured) {
        TrustedSpecificData model = trustedModel;
        if (model == null) {
            model = TrustedSpecificData.forType(configured);
            trustedModel = model;
        }
        return model;
    }

    /** Closes the registry client if this deserializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds an {@link AvroDeserializer}. Not thread-safe. */
    public static final class Builder<T> extends RegistrySerdeBuilder<Builder<T>, AvroDeserializer<T>> {
        private Schema readerSchema;
        private Class<?> reflectType;

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        /** Read generic records with this schema, resolving the writer's against it (evolution on read). */
        public Builder<T> readerSchema(Schema schema) {
            this.readerSchema = Objects.requireNonNull(schema, "reader schema");
            return this;
        }

        /** Read into plain Java objects of this class through Avro reflection. */
        public Builder<T> reflectType(Class<? extends T> type) {
            this.reflectType = Objects.requireNonNull(type, "reflect type");
            return this;
        }

        /** @throws IllegalArgumentException when both a reader schema and a reflect type are set */
        @Override
        public AvroDeserializer<T> build() {
            if (readerSchema != null && reflectType != null) {
                throw new IllegalArgumentException("readerSchema and reflectType exclude each other: choose one");
            }
            return new AvroDeserializer<>(registry(), serdeConfig(), isKey(), readerSchema, reflectType);
        }
    }
}
