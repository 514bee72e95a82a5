package dev.ferry.serdes.avro;

import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.OutputBuffer;
import dev.ferry.serdes.internal.PreparedFrames;
import dev.ferry.serdes.internal.RegistryBinding;
import dev.ferry.serdes.internal.SchemaIdFraming;
import dev.ferry.serdes.internal.SchemaLookup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.reflect.ReflectDatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serializes Avro data in the Confluent wire format: {@code 0x00 | schema id | Avro binary}. Takes
 * generated {@link SpecificRecord}s, {@code GenericRecord}s (and enum symbols, fixed values),
 * primitives ({@code String}, {@code Integer}, {@code Long}, {@code Boolean}, {@code Float},
 * {@code Double}, {@code byte[]}/{@code ByteBuffer}) and plain Java objects through Avro's reflection.
 *
 * <pre>{@code
 * AvroSerializer<OrderEvent> serializer = AvroSerializer.<OrderEvent>builder(registry)
 *         .config(SerdeConfig.builder().autoRegisterSchemas(false).useLatestVersion(true).build())
 *         .build();
 * byte[] frame = serializer.serialize("orders", new Headers(), order);
 * }</pre>
 *
 * <p>Named by class in a producer's {@code value.serializer}, it is built with the no-argument
 * constructor and {@link #configure(Map, boolean)} reads Confluent's keys ({@link SerdeConfig}) and
 * creates its own registry client from {@code schema.registry.url}, which {@link #close()} closes.
 *
 * <p>The schema id is cached per (topic, schema): once warm, serializing asks no registry and
 * allocates only the returned array (the encoder and buffer are reused per thread). With
 * {@code use.latest.version} each record is written with the registry client's latest version of
 * the subject, which the client serves from its cache without waiting and refreshes in the
 * background every {@code latest.cache.ttl.sec} (60 s by default, -1: never); the serializer
 * prepares again only when that version changes. A failure is a {@link SerializationException}
 * naming topic, subject and, from Avro, the field (for example a null in a non-null field).
 *
 * <p>As with Confluent's serializer, a value of a top-level {@code bytes} schema (a {@code byte[]},
 * or a {@code ByteBuffer}'s bytes from position to limit, its position left as it was) follows the
 * schema id as it is, without Avro's length prefix; and only a record's schema has a record name for
 * {@code RecordNameStrategy} and {@code TopicRecordNameStrategy}, which refuse a top-level enum or fixed.
 *
 * <p>Thread-safe.
 *
 * @param <T> the type serialized
 */
public final class AvroSerializer<T> implements Serializer<T> {

    /** What a (topic, schema) is framed and written with. */
    private record Prepared(
            String topic,
            Schema key,
            String subject,
            int id,
            SchemaIdFraming framing,
            DatumWriter<Object> writer,
            boolean followsLatest)
            implements PreparedFrames.Prepared<Schema> {}

    /** A thread's reused buffer and encoder. */
    private static final class Encoding {
        final Thread owner = Thread.currentThread();
        final OutputBuffer buffer = new OutputBuffer();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
    }

    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private final PreparedFrames<Schema, Prepared> prepared = new PreparedFrames<>(AvroSerializer::prepare);
    private final Map<Class<?>, Schema> reflectSchemas = new ConcurrentHashMap<>();
    // The last thread's encoding, checked before the thread-local map: most serializers are driven by
    // one thread. Safe to race on: an Encoding's fields are final and only its owner writes with it.
    private Encoding lastEncoding;
    private final RegistryBinding binding = new RegistryBinding(AvroSerializer.class, new AvroFormat());

    /** For producers that name the class in properties; {@link #configure} must be called before use. */
    public AvroSerializer() {}

    private AvroSerializer(SchemaRegistryClient registry, SerdeConfig config, boolean isKey) {
        binding.bind(registry, config, isKey);
    }

    /** A builder for a serializer using the given registry client (not closed by the serializer). */
    public static <T> Builder<T> builder(SchemaRegistryClient registry) {
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
        Prepared target = prepared.get(lookup, topic, schemaOf(data, lookup, topic), data);
        Encoding encoding = lastEncoding;
        if (encoding == null || encoding.owner != Thread.currentThread()) {
            encoding = ENCODING.get();
            lastEncoding = encoding;
        }
        encoding.buffer.startFrame(target.framing().prefix());
        try {
            target.writer().write(data, encoding.encoder);
            encoding.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw lookup.cannotWrite(topic, target.subject(), target.id(), e);
        }
        target.framing().addHeaderTo(headers, topic);
        return encoding.buffer.toByteArray();
    }

    private static Prepared prepare(SchemaLookup lookup, String topic, Schema schema, Object data) {
        // Only a record has a record name, as in Confluent's AvroSchema.name(), so a record name
        // strategy refuses a top-level enum or fixed as Confluent's does.
        String recordName = schema.getType() == Schema.Type.RECORD ? schema.getFullName() : null;
        Schema registered = lookup.config().removeJavaProperties() ? JavaProperties.removed(schema) : schema;
        SchemaLookup.Resolved resolved = lookup.resolve(topic, recordName, kindOf(schema), AvroFormat.of(registered));
        Schema writerSchema = AvroFormat.avroSchema(resolved.writer());
        return new Prepared(
                topic,
                schema,
                resolved.subject(),
                resolved.id(),
                lookup.framing(topic, resolved, null),
                writerFor(writerSchema, data, lookup.config()),
                resolved.followsLatest());
    }

    /** What a schema is, for the error of a subject name strategy that needs the record name it lacks. */
    private static String kindOf(Schema schema) {
        String kind = "Avro " + schema.getType().getName() + " schema";
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> kind + " " + schema.getFullName();
            default -> kind;
        };
    }

    /**
     * A value of a top-level bytes schema, written as Confluent's serializer writes it: the bytes
     * alone, without Avro's length prefix, since Confluent's deserializer takes the rest of the frame
     * as the value. Like Confluent's, it takes only {@code byte[]} and {@code ByteBuffer}, also under a
     * logical type: Confluent's deserializer hands a top-level decimal back as raw bytes, not a number.
     */
    private static final class RawBytesWriter implements DatumWriter<Object> {
        private final Schema schema;

        RawBytesWriter(Schema schema) {
            this.schema = schema;
        }

        @Override
        public void setSchema(Schema ignored) {}

        @Override
        public void write(Object datum, Encoder out) throws IOException {
            if (datum instanceof byte[] array) {
                out.writeFixed(array);
            } else if (datum instanceof ByteBuffer buffer) {
                // Its bytes from position to limit, leaving the caller's position where it was.
                out.writeFixed(buffer);
            } else {
                throw new IllegalArgumentException(refusal(datum));
            }
        }

        private String refusal(Object datum) {
            String refused = "its schema is top-level " + schema
                    + ", whose value Confluent writes and reads as raw bytes: give a byte[] or ByteBuffer, not "
                    + datum.getClass().getName();
            return schema.getLogicalType() == null
                    ? refused
                    : refused + " (Confluent's deserializer hands a top-level "
                            + schema.getLogicalType().getName()
                            + " back as raw bytes, not converted: give its encoded bytes, or put it in a record field)";
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Object data, SerdeConfig config) {
        boolean logical = config.useLogicalTypeConverters();
        if (schema.getType() == Schema.Type.BYTES) {
            return new RawBytesWriter(schema);
        }
        if (data instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
        }
        if (data instanceof GenericContainer || AvroModels.primitiveSchema(data) != null) {
            return new GenericDatumWriter<>(schema, AvroModels.generic(logical));
        }
        return (DatumWriter<Object>) (DatumWriter<?>) new ReflectDatumWriter<>(schema, AvroModels.reflect(logical));
    }

    private Schema schemaOf(Object data, SchemaLookup lookup, String topic) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema primitive = AvroModels.primitiveSchema(data);
        if (primitive != null) {
            return primitive;
        }
        Schema reflected = reflectSchemas.get(data.getClass());
        return reflected != null ? reflected : reflectSchema(data.getClass(), lookup, topic);
    }

    private Schema reflectSchema(Class<?> type, SchemaLookup lookup, String topic) {
        Schema schema;
        try {
            schema = AvroModels.reflect(lookup.config().useLogicalTypeConverters())
                    .getSchema(type);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + lookup.describe(topic) + ": Avro cannot derive a schema " + "from class "
                            + type.getName() + ": " + e.getMessage(),
                    e);
        }
        Schema raced = reflectSchemas.putIfAbsent(type, schema);
        return raced != null ? raced : schema;
    }

    /** Closes the registry client if this serializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds an {@link AvroSerializer}. Not thread-safe. */
    public static final class Builder<T> extends RegistrySerdeBuilder<Builder<T>, AvroSerializer<T>> {

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        @Override
        public AvroSerializer<T> build() {
            return new AvroSerializer<>(registry(), serdeConfig(), isKey());
        }
    }
}
