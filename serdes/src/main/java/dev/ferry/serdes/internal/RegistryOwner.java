package dev.ferry.serdes.internal;

import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import java.util.Map;

/** Creates the registry client for serdes configured by properties, which then own and close it. */
public final class RegistryOwner {

    private RegistryOwner() {}

    /** A client for {@code schema.registry.url} and the other registry keys among the properties. */
    public static SchemaRegistryClient create(SerdeConfig config) {
        Map<String, Object> properties = config.registryProperties();
        if (!properties.containsKey("schema.registry.url")) {
            throw new IllegalArgumentException(
                    "schema.registry.url is missing: the serializer needs a schema registry");
        }
        return SchemaRegistryClients.create(properties);
    }
}
