package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.internal.RegistryBinding;
import dev.ferry.serdes.internal.SchemaLookup;
import dev.ferry.serdes.internal.WireFormat;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Reads JSON framed in the Confluent wire format: checks the frame, makes sure the registry knows
 * the schema id and that it names a JSON Schema (once per id; an Avro or Protobuf schema is refused,
 * as Confluent's deserializer refuses it), and reads the JSON into {@code json.value.type} (or
 * {@code json.key.type}) or, when that is unset, a {@link JsonNode} tree. As with Confluent's,
 * {@code java.lang.Object} reads the class the writer's schema names in {@code type.property}
 * (default {@code javaType}; allowed by {@code json.type.allowed.packages}), else maps, lists, strings,
 * numbers and booleans.
 *
 * <pre>{@code
 * JsonSchemaDeserializer<OrderEvent> deserializer = JsonSchemaDeserializer.<OrderEvent>builder(registry)
 *         .config(SerdeConfig.builder().jsonValueType(OrderEvent.class).build())
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the type produced
 */
public final class JsonSchemaDeserializer<T> implements Deserializer<T> {

    private final ObjectMapper mapper;
    private volatile ObjectReader reader;
    private final RegistryBinding binding = new RegistryBinding(JsonSchemaDeserializer.class, new JsonSchemaFormat());

    /**
     * For consumers that name the class in properties, with Ferry's mapper, set up as Confluent's;
     * {@link #configure} must be called before use.
     */
    public JsonSchemaDeserializer() {
        this.mapper = JsonMappers.forJsonSchema();
    }

    private JsonSchemaDeserializer(
            SchemaRegistryClient registry, SerdeConfig config, boolean isKey, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = JsonMappers.reader(mapper, config);
        binding.bind(registry, config, isKey);
    }

    public static <T> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.fromProperties(configs);
        this.reader = JsonMappers.reader(mapper, config);
        binding.configure(config, isKey);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        SchemaLookup current = binding.lookup();
        WireFormat.Located at = current.locateByHeaderOrGuid(headers, data, topic, false);
        ParsedSchema writer = at != null
                ? current.writerSchema(at, topic)
                : current.writerSchema(WireFormat.readSchemaId(data, topic, current.isKey()), topic);
        int offset = at == null ? WireFormat.HEADER_SIZE : at.payloadStart();
        int length = data.length - offset;
        if (length == 0) {
            throw new SerializationException("Cannot deserialize " + current.describe(topic) + ": truncated frame of "
                    + data.length + " bytes, the JSON payload starting at byte " + offset + " is missing");
        }
        Class<?> type = current.config().jsonType(current.isKey());
        if (type == Object.class) {
            Class<?> named = SchemaJavaType.named(
                    JsonSchemaFormat.tree(writer),
                    current.config(),
                    data,
                    offset,
                    length,
                    current.describe(topic) + " with " + schemaName(at, data));
            type = named != null ? named : type;
        }
        try {
            if (type != null) {
                return (T) reader.forType(type).readValue(data, offset, length);
            }
            JsonNode tree = reader.readTree(data, offset, length);
            if (tree.isMissingNode()) {
                throw new SerializationException(
                        "Cannot deserialize " + current.describe(topic) + " with " + schemaName(at, data)
                                + ": the JSON payload starting at byte " + offset + " holds no JSON value, only "
                                + length + " byte(s) of white space");
            }
            return (T) tree;
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot deserialize " + current.describe(topic) + " with " + schemaName(at, data)
                            + ": the JSON payload starting at byte " + offset + " is unreadable: " + e.getMessage(),
                    e);
        }
    }

    private static String schemaName(WireFormat.Located at, byte[] data) {
        return at != null ? at.schemaName() : "schema id " + WireFormat.readSchemaId(data, "", false);
    }

    /** Closes the registry client if this deserializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds a {@link JsonSchemaDeserializer}. Not thread-safe. */
    public static final class Builder<T> extends RegistrySerdeBuilder<Builder<T>, JsonSchemaDeserializer<T>> {
        private ObjectMapper mapper = JsonMappers.forJsonSchema();

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        /** A mapper of yours, used as given; without it Ferry's is set up as Confluent's. */
        public Builder<T> mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        @Override
        public JsonSchemaDeserializer<T> build() {
            return new JsonSchemaDeserializer<>(registry(), serdeConfig(), isKey(), mapper);
        }
    }
}
