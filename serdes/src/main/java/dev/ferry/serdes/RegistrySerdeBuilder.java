package dev.ferry.serdes;

import dev.ferry.registry.SchemaRegistryClient;
import java.util.Objects;

/**
 * What the builders of Ferry's schema-registry serializers and deserializers share: the registry
 * client, the {@link SerdeConfig}, and whether keys or values are handled.
 *
 * <pre>{@code
 * AvroSerializer<OrderEvent> keys = AvroSerializer.<OrderEvent>builder(registry)
 *         .config(SerdeConfig.builder().autoRegisterSchemas(false).build())
 *         .forKeys(true)
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe.
 *
 * @param <B> the builder itself, which each setter returns
 * @param <S> the serializer or deserializer it builds
 */
public abstract class RegistrySerdeBuilder<B extends RegistrySerdeBuilder<B, S>, S> {
    private final SchemaRegistryClient registry;
    private SerdeConfig config = SerdeConfig.defaults();
    private boolean isKey;

    /** @param registry the client the built serializer or deserializer uses and does not close */
    protected RegistrySerdeBuilder(SchemaRegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public B config(SerdeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return self();
    }

    /** Handle keys (subject {@code <topic>-key} with the default strategy) rather than values. */
    public B forKeys(boolean isKey) {
        this.isKey = isKey;
        return self();
    }

    public abstract S build();

    protected final SchemaRegistryClient registry() {
        return registry;
    }

    protected final SerdeConfig serdeConfig() {
        return config;
    }

    protected final boolean isKey() {
        return isKey;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
