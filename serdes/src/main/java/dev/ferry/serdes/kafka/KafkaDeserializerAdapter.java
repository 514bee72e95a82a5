package dev.ferry.serdes.kafka;

import dev.ferry.common.Deserializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.RegistrySerdeBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A Ferry {@link Deserializer} behind kafka-clients' {@code Deserializer} interface: the one adapter
 * under {@link KafkaAvroDeserializer}, {@link KafkaProtobufDeserializer} and
 * {@link KafkaJsonSchemaDeserializer}, and a way to hand any Ferry deserializer to a
 * {@code KafkaConsumer}.
 *
 * <pre>{@code
 * var values = new KafkaDeserializerAdapter<OrderEvent>((configs, isKey) ->
 *         AvroDeserializer.<OrderEvent>builder(registry).forKeys(isKey).build());
 * values.configure(Map.of(), false);
 * new KafkaConsumer<>(props, new StringDeserializer(), values);
 * }</pre>
 *
 * <p>{@link #configure} builds the Ferry deserializer with the {@link Factory}; kafka-clients calls
 * it for a class named in {@code value.deserializer}, but not for an instance handed to its
 * constructor. Ferry's failures surface as kafka-clients' {@link SerializationException}. Requires
 * kafka-clients on the class path (an optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type produced
 */
public class KafkaDeserializerAdapter<T> implements org.apache.kafka.common.serialization.Deserializer<T> {

    /** Builds the Ferry deserializer from the configuration kafka-clients passes to {@code configure}. */
    @FunctionalInterface
    public interface Factory<T> {
        Deserializer<T> create(Map<String, ?> configs, boolean isKey);
    }

    private final Factory<T> factory;
    private final ConfiguredDelegate<Deserializer<T>> delegate =
            new ConfiguredDelegate<>(getClass(), Deserializer::close);
    private volatile boolean isKey;

    public KafkaDeserializerAdapter(Factory<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A factory that makes the deserializer with its no-argument constructor and then configures it. */
    protected static <T> Factory<T> configuring(Supplier<? extends Deserializer<T>> unconfigured) {
        return (configs, isKey) -> {
            Deserializer<T> deserializer = unconfigured.get();
            deserializer.configure(configs, isKey);
            return deserializer;
        };
    }

    /**
     * A factory that builds the deserializer with the registry client's builder ({@code AvroSerializer::builder}
     * and the like), configured from the properties kafka-clients passes; the client is not closed with it.
     */
    protected static <T> Factory<T> building(
            SchemaRegistryClient registry,
            Function<SchemaRegistryClient, ? extends RegistrySerdeBuilder<?, ? extends Deserializer<T>>> builder) {
        Objects.requireNonNull(registry, "registry");
        return (configs, isKey) -> RegistryBuilt.build(registry, builder, configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        delegate.set(factory.create(configs, isKey));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return read(topic, null, data);
    }

    /** Reads the schema id header ({@code __key_schema_id}/{@code __value_schema_id}) when the record has one. */
    @Override
    public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
        return read(topic, headers, data);
    }

    private T read(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
        try {
            return KafkaHeaders.deserialize(delegate.require(), isKey, topic, headers, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
