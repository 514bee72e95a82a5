package dev.ferry.serdes.kafka;

import dev.ferry.common.Serializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SchemaIdWriting;
import dev.ferry.serdes.SerdeConfig;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A Ferry {@link Serializer} behind kafka-clients' {@code Serializer} interface: the one adapter
 * under {@link KafkaAvroSerializer}, {@link KafkaProtobufSerializer} and
 * {@link KafkaJsonSchemaSerializer}, and a way to hand any Ferry serializer to a
 * {@code KafkaProducer}.
 *
 * <pre>{@code
 * var values = new KafkaSerializerAdapter<OrderEvent>((configs, isKey) ->
 *         AvroSerializer.<OrderEvent>builder(registry).forKeys(isKey).build());
 * values.configure(Map.of(), false);
 * new KafkaProducer<>(props, new StringSerializer(), values);
 * }</pre>
 *
 * <p>{@link #configure} builds the Ferry serializer with the {@link Factory}; kafka-clients calls it
 * for a class named in {@code value.serializer}, but not for an instance handed to its
 * constructor. Ferry's failures surface as kafka-clients' {@link SerializationException}. Requires
 * kafka-clients on the class path (an optional dependency of Ferry's serdes). Thread-safe.
 *
 * @param <T> the type handled
 */
public class KafkaSerializerAdapter<T> implements org.apache.kafka.common.serialization.Serializer<T> {

    /** Builds the Ferry serializer from the configuration kafka-clients passes to {@code configure}. */
    @FunctionalInterface
    public interface Factory<T> {
        Serializer<T> create(Map<String, ?> configs, boolean isKey);
    }

    private final Factory<T> factory;
    private final ConfiguredDelegate<Serializer<T>> delegate = new ConfiguredDelegate<>(getClass(), Serializer::close);
    private volatile boolean writesHeader;

    public KafkaSerializerAdapter(Factory<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** A factory that makes the serializer with its no-argument constructor and then configures it. */
    protected static <T> Factory<T> configuring(Supplier<? extends Serializer<T>> unconfigured) {
        return (configs, isKey) -> {
            Serializer<T> serializer = unconfigured.get();
            serializer.configure(configs, isKey);
            return serializer;
        };
    }

    /**
     * A factory that builds the serializer with the registry client's builder ({@code AvroSerializer::builder}
     * and the like), configured from the properties kafka-clients passes; the client is not closed with it.
     */
    protected static <T> Factory<T> building(
            SchemaRegistryClient registry,
            Function<SchemaRegistryClient, ? extends RegistrySerdeBuilder<?, ? extends Serializer<T>>> builder) {
        Objects.requireNonNull(registry, "registry");
        return (configs, isKey) -> RegistryBuilt.build(registry, builder, configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        writesHeader = SerdeConfig.fromProperties(configs).schemaIdWriting(isKey) == SchemaIdWriting.HEADER;
        delegate.set(factory.create(configs, isKey));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return framed(topic, null, data);
    }

    /** With {@code *.schema.id.serializer=HeaderSchemaIdSerializer}, adds the schema id header to the record's. */
    @Override
    public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, T data) {
        return framed(topic, headers, data);
    }

    private byte[] framed(String topic, org.apache.kafka.common.header.Headers headers, T data) {
        try {
            return KafkaHeaders.serialize(delegate.require(), writesHeader, topic, headers, data);
        } catch (dev.ferry.common.SerializationException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
