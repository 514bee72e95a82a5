package dev.ferry.serdes.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import dev.ferry.common.Serializer;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.spi.ParsedSchema;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.OutputBuffer;
import dev.ferry.serdes.internal.RegistryOwner;
import dev.ferry.serdes.internal.SchemaIdFraming;
import dev.ferry.serdes.internal.SchemaLookup;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serializes objects as JSON (Jackson) framed in the Confluent wire format:
 * {@code 0x00 | JSON Schema id | UTF-8 JSON}. The JSON Schema is given to the builder and
 * registered (or looked up) under the subject; alternatively {@code use.latest.version} or
 * {@code use.schema.id} frame with an existing schema, and then none need be given.
 *
 * <pre>{@code
 * JsonSchemaSerializer<OrderEvent> serializer = JsonSchemaSerializer.<OrderEvent>builder(registry)
 *         .schema("{\"title\":\"OrderEvent\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")
 *         .build();
 * }</pre>
 *
 * <p>Payloads are not validated against the schema. The id is cached per topic; with
 * {@code use.latest.version} it is the registry client's latest version of the subject (served from
 * the client's cache without waiting, refreshed in the background every {@code latest.cache.ttl.sec}).
 * Thread-safe.
 *
 * @param <T> the type serialized
 */
public final class JsonSchemaSerializer<T> implements Serializer<T> {

    private record Prepared(String subject, int id, SchemaIdFraming framing, boolean followsLatest) {
    }

    private static final ThreadLocal<OutputBuffer> BUFFER = ThreadLocal.withInitial(OutputBuffer::new);

    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private volatile ParsedSchema schema;
    private volatile SchemaLookup lookup;
    private volatile boolean ownsRegistry;

    /**
     * For producers that name the class in properties: frames with {@code use.latest.version} or
     * {@code use.schema.id}, one of which {@link #configure} requires.
     */
    public JsonSchemaSerializer() {
        this.mapper = new ObjectMapper();
    }

    private JsonSchemaSerializer(Builder<T> builder) {
        this.mapper = builder.mapper;
        this.lookup = new SchemaLookup(builder.registry, builder.config, builder.isKey, new JsonSchemaFormat());
        this.schema = builder.schema == null ? null : new JsonSchemaFormat().parse(Schema.json(builder.schema), Map.of());
    }

    public static <T> Builder<T> builder(SchemaRegistryClient registry) {
        return new Builder<>(registry);
    }

    /**
     * @throws IllegalArgumentException unless {@code use.latest.version=true} or {@code use.schema.id}
     *                                  is set: configured from properties it has no schema to register
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.fromProperties(configs);
        requireSchemaSource(config, null);
        this.lookup = new SchemaLookup(RegistryOwner.create(config), config, isKey, new JsonSchemaFormat());
        this.ownsRegistry = true;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        SchemaLookup current = lookup;
        if (current == null) {
            throw new IllegalStateException("JsonSchemaSerializer was created without a registry: call configure(...) "
                    + "or use JsonSchemaSerializer.builder(registry)");
        }
        Prepared target = prepared.get(topic);
        if (target == null || target.followsLatest() && current.isOutdated(topic, target.subject(), target.id())) {
            ParsedSchema ours = schema;
            String title = ours == null || ours.definedNames().isEmpty() ? null : ours.definedNames().get(0);
            SchemaLookup.Resolved resolved = current.resolve(topic, title, ours);
            target = new Prepared(resolved.subject(), resolved.id(), current.framing(topic, resolved, null),
                    resolved.followsLatest());
            prepared.put(topic, target);
        }
        OutputBuffer buffer = BUFFER.get();
        buffer.startFrame(target.framing().prefix());
        try {
            mapper.writeValue(buffer, data);
        } catch (IOException e) {
            throw new SerializationException("Cannot serialize " + current.describe(topic) + " under subject '"
                    + target.subject() + "' as JSON: " + e.getMessage(), e);
        }
        target.framing().addHeaderTo(headers, topic);
        return buffer.toByteArray();
    }

    /**
     * Fails unless there is a schema to frame with: Ferry cannot derive a JSON Schema from a class,
     * as Confluent's serializer does when it auto-registers.
     */
    private static void requireSchemaSource(SerdeConfig config, String schema) {
        if (schema == null && !config.useLatestVersion() && config.useSchemaId() < 0) {
            throw new IllegalArgumentException("JsonSchemaSerializer has no JSON Schema to register or look up (auto.register.schemas="
                    + config.autoRegisterSchemas() + "), and Ferry does not derive one from classes: set "
                    + "auto.register.schemas=false with use.latest.version=true, or auto.register.schemas=false with "
                    + "use.schema.id=<id>, or give the schema to JsonSchemaSerializer.builder(registry).schema(...)");
        }
    }

    /** Closes the registry client if this serializer created it in {@link #configure}. */
    @Override
    public void close() {
        SchemaLookup current = lookup;
        if (ownsRegistry && current != null) {
            current.registry().close();
        }
    }

    /** Builds a {@link JsonSchemaSerializer}. Not thread-safe. */
    public static final class Builder<T> {
        private final SchemaRegistryClient registry;
        private SerdeConfig config = SerdeConfig.defaults();
        private boolean isKey;
        private String schema;
        private ObjectMapper mapper = new ObjectMapper();

        private Builder(SchemaRegistryClient registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        public Builder<T> config(SerdeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder<T> forKeys(boolean isKey) {
            this.isKey = isKey;
            return this;
        }

        /** The JSON Schema text to register; its {@code title} is the record name for the subject strategies. */
        public Builder<T> schema(String jsonSchema) {
            new JsonSchemaFormat().parse(Schema.json(jsonSchema), Map.of());
            this.schema = jsonSchema;
            return this;
        }

        public Builder<T> mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** @throws IllegalArgumentException without a schema unless the config sets use.latest.version or use.schema.id */
        public JsonSchemaSerializer<T> build() {
            requireSchemaSource(config, schema);
            return new JsonSchemaSerializer<>(this);
        }
    }
}
