package dev.ferry.serdes.kafka;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.RegistrySerdeBuilder;
import dev.ferry.serdes.SerdeConfig;
import java.util.Map;
import java.util.function.Function;

/** How both adapters build a registry-bound serde from the properties kafka-clients passes to {@code configure}. */
final class RegistryBuilt {
    private RegistryBuilt() {}

    static <S> S build(
            SchemaRegistryClient registry,
            Function<SchemaRegistryClient, ? extends RegistrySerdeBuilder<?, ? extends S>> builder,
            Map<String, ?> configs,
            boolean isKey) {
        return builder.apply(registry)
                .config(SerdeConfig.fromProperties(configs))
                .forKeys(isKey)
                .build();
    }
}
