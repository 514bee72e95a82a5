package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.ClassSchemaGenerator;
import dev.ferry.serdes.internal.JsonMappers;
import dev.ferry.serdes.internal.OutputBuffer;
import dev.ferry.serdes.internal.RegistryBinding;
import dev.ferry.serdes.internal.SchemaIdFraming;
import dev.ferry.serdes.internal.SchemaLookup;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serializes objects as JSON (Jackson) framed in the Confluent wire format:
 * {@code 0x00 | JSON Schema id | UTF-8 JSON}. The JSON Schema is given to the builder, or derived
 * from the value's class (as Confluent's serializer does), and registered ({@code auto.register.schemas})
 * or looked up under the subject; alternatively {@code use.latest.version} or {@code use.schema.id}
 * frame with an existing schema.
 *
 * <pre>{@code
 * JsonSchemaSerializer<OrderEvent> serializer = JsonSchemaSerializer.<OrderEvent>builder(registry)
 *         .schema("{\"title\":\"OrderEvent\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
 *         .build();
 * }</pre>
 *
 * <p>Without a schema the serializer derives one per class, once, with victools'
 * jsonschema-generator and its Jackson module: records, POJOs (fields, Jackson annotations such as
 * {@code @JsonProperty}, {@code @JsonIgnore}, {@code @JsonPropertyDescription}), enums, nested and
 * recursive types, {@code Optional}, collections, maps, arrays, {@code BigDecimal}, {@code UUID},
 * {@code java.time} types. The draft is {@code json.schema.spec.version} (default {@code draft_7},
 * as Confluent's); {@code json.fail.unknown.properties} (default true) forbids undeclared
 * properties. Its {@code title} is the class name, the record name for the subject strategies. The
 * text is the same for the same class in every run, so it maps to one registry version.
 *
 * <p>A value that is Confluent's envelope, a {@code JsonNode} object with a {@code schema} field
 * ({@code {"schema": {...}, "payload": {...}}}, what Confluent's {@code JsonSchemaUtils.envelope} makes),
 * is written as Confluent's serializer writes it: the envelope's schema, with its {@code references},
 * is the record's schema (in place of the given or derived one), and only the {@code payload} is
 * written; without a payload the value is null, no bytes. {@code json.envelope.detection=false} writes
 * such a node as any other.
 *
 * <p>Without a mapper of yours, Ferry's is set up as Confluent's: {@code Optional} and {@code java.time}
 * values are written, dates as timestamps ({@code 1700000000.000000000}) unless
 * {@code json.write.dates.iso8601=true}; the derived schema describes {@code java.time} values as
 * ISO-8601 strings, which that key writes.
 *
 * <p>Payloads are not validated against the schema. The id is cached per topic; with
 * {@code use.latest.version} it is the registry client's latest version of the subject (served from
 * the client's cache without waiting, refreshed in the background every {@code latest.cache.ttl.sec}).
 * Thread-safe.
 *
 * @param <T> the type serialized
 */
public final class JsonSchemaSerializer<T> implements Serializer<T> {

    private record Prepared(String subject, int id, SchemaIdFraming framing, boolean followsLatest) {}

    /**
     * Where a prepared frame applies: the topic, and what gives the schema when it is not the given one:
     * the value's class when the schema is derived from it, the envelope's schema part for an envelope.
     */
    private record Target(String topic, Object schemaSource) {}

    /**
     * Envelopes may carry a schema per record: past this many, their frames are prepared afresh (the
     * registry client still caches the ids), as Confluent's serializer keeps 1,000 envelope schemas.
     */
    private static final int MAX_ENVELOPE_SCHEMAS = 1000;

    private static final ThreadLocal<OutputBuffer> BUFFER = ThreadLocal.withInitial(OutputBuffer::new);

    private final Map<Target, Prepared> prepared = new ConcurrentHashMap<>();
    private final Map<Target, Prepared> preparedEnvelopes = new ConcurrentHashMap<>();
    private final Map<Class<?>, ParsedSchema> derived = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private volatile ObjectWriter writer;
    private volatile ParsedSchema schema;
    private volatile ClassSchemaGenerator generator;
    private final RegistryBinding binding = new RegistryBinding(JsonSchemaSerializer.class, new JsonSchemaFormat());

    /**
     * For producers that name the class in properties: derives each value's schema from its class,
     * or frames with {@code use.latest.version} or {@code use.schema.id}.
     */
    public JsonSchemaSerializer() {
        this.mapper = JsonMappers.forJsonSchema();
    }

    private JsonSchemaSerializer(
            SchemaRegistryClient registry, SerdeConfig config, boolean isKey, String schema, ObjectMapper mapper) {
        this.mapper = mapper;
        this.writer = JsonMappers.writer(mapper, config);
        binding.bind(registry, config, isKey);
        this.schema = schema == null ? null : new JsonSchemaFormat().parse(Schema.json(schema), Map.of());
        this.generator = generatorFor(config, schema);
    }

    public static <T> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    /** @throws IllegalArgumentException naming a malformed key */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.fromProperties(configs);
        this.generator = generatorFor(config, null);
        this.writer = JsonMappers.writer(mapper, config);
        binding.configure(config, isKey);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        SchemaLookup current = binding.lookup();
        ObjectNode envelope = current.config().jsonEnvelopeDetection() ? JsonEnvelope.of(data) : null;
        if (envelope == null) {
            ClassSchemaGenerator deriving = generator;
            Target key = new Target(topic, deriving == null ? null : data.getClass());
            Prepared target = prepared.get(key);
            if (target == null || isOutdated(current, topic, target)) {
                ParsedSchema ours = deriving == null
                        ? schema
                        : derived.computeIfAbsent(data.getClass(), type -> new JsonSchemaFormat()
                                .parse(Schema.json(deriving.generate(type)), Map.of()));
                target = prepare(current, topic, ours);
                prepared.put(key, target);
            }
            return write(current, topic, headers, target, data);
        }
        JsonNode payload = envelope.get(JsonEnvelope.PAYLOAD);
        if (payload == null) {
            // As Confluent's: no payload is a null value, which is no bytes (a tombstone), and nothing is registered.
            return null;
        }
        Target key = new Target(topic, JsonEnvelope.schemaPart(envelope));
        Prepared target = preparedEnvelopes.get(key);
        if (target == null || isOutdated(current, topic, target)) {
            target = prepare(
                    current, topic, JsonEnvelope.schema((ObjectNode) key.schemaSource(), current.describe(topic)));
            if (preparedEnvelopes.size() >= MAX_ENVELOPE_SCHEMAS) {
                preparedEnvelopes.clear();
            }
            // A copy: the caller may change its nodes after this call.
            preparedEnvelopes.put(new Target(topic, ((ObjectNode) key.schemaSource()).deepCopy()), target);
        }
        return write(current, topic, headers, target, payload);
    }

    private static boolean isOutdated(SchemaLookup current, String topic, Prepared target) {
        return target.followsLatest() && current.isOutdated(topic, target.subject(), target.id());
    }

    private static Prepared prepare(SchemaLookup current, String topic, ParsedSchema ours) {
        String title = ours == null || ours.definedNames().isEmpty()
                ? null
                : ours.definedNames().get(0);
        SchemaLookup.Resolved resolved = current.resolve(
                topic, title, ours == null ? "JSON value (serialized without a schema)" : "JSON Schema", ours);
        return new Prepared(
                resolved.subject(), resolved.id(), current.framing(topic, resolved, null), resolved.followsLatest());
    }

    private byte[] write(SchemaLookup current, String topic, Headers headers, Prepared target, Object value) {
        OutputBuffer buffer = BUFFER.get();
        buffer.startFrame(target.framing().prefix());
        try {
            writer.writeValue(buffer, value);
        } catch (IOException e) {
            throw new SerializationException(
                    "Cannot serialize " + current.describe(topic) + " under subject '" + target.subject()
                            + "' as JSON: " + e.getMessage(),
                    e);
        }
        target.framing().addHeaderTo(headers, topic);
        return buffer.toByteArray();
    }

    /**
     * A generator when the schema comes from the value's class: no schema was given, and neither
     * use.latest.version nor use.schema.id names the registry's (then the derived one would only
     * serve their strict compatibility check, which Ferry does not run on derived schemas).
     */
    private static ClassSchemaGenerator generatorFor(SerdeConfig config, String schema) {
        if (schema != null || config.useLatestVersion() || config.useSchemaId() >= 0) {
            return null;
        }
        return new ClassSchemaGenerator(config.jsonSchemaSpecVersion(), config.jsonFailUnknownProperties());
    }

    /** Closes the registry client if this serializer created it in {@link #configure}. */
    @Override
    public void close() {
        binding.close();
    }

    /** Builds a {@link JsonSchemaSerializer}. Not thread-safe. */
    public static final class Builder<T> extends RegistrySerdeBuilder<Builder<T>, JsonSchemaSerializer<T>> {
        private String schema;
        private ObjectMapper mapper = JsonMappers.forJsonSchema();

        private Builder(SchemaRegistryClient registry) {
            super(registry);
        }

        /**
         * The JSON Schema text to register; its {@code title} is the record name for the subject
         * strategies. Without it the schema is derived from each value's class.
         */
        public Builder<T> schema(String jsonSchema) {
            new JsonSchemaFormat().parse(Schema.json(jsonSchema), Map.of());
            this.schema = jsonSchema;
            return this;
        }

        /** A mapper of yours, used as given; without it Ferry's is set up as Confluent's. */
        public Builder<T> mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Without a schema (and without use.latest.version or use.schema.id) each value's class gives it. */
        @Override
        public JsonSchemaSerializer<T> build() {
            return new JsonSchemaSerializer<>(registry(), serdeConfig(), isKey(), schema, mapper);
        }
    }
}
