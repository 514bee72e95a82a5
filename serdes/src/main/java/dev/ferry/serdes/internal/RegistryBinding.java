package dev.ferry.serdes.internal;

import dev.ferry.common.ConfigException;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.registry.SchemaRegistryConfig;
import dev.ferry.registry.spi.SchemaFormat;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.internal.config.ConfluentSerdeOnlyKeys;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry side of one serializer or deserializer: its {@link SchemaLookup}, bound by the
 * serde's builder to a client the caller owns, or created by {@code configure} from properties,
 * in which case the serde owns the client and closes it.
 */
public final class RegistryBinding {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBinding.class);

    private final String serde;
    private final SchemaFormat format;
    private volatile SchemaLookup lookup;
    private volatile boolean ownsRegistry;

    public RegistryBinding(Class<?> serde, SchemaFormat format) {
        this.serde = serde.getSimpleName();
        this.format = format;
    }

    /** Uses the caller's client, which {@link #close()} leaves open. */
    public void bind(SchemaRegistryClient registry, SerdeConfig config, boolean isKey) {
        warnOfConfluentOnlyKeys(config, isKey);
        this.lookup = new SchemaLookup(registry, config, isKey, format);
    }

    /**
     * Creates a client for {@code schema.registry.url} and the other registry keys of the config.
     *
     * @throws ConfigException naming the key that is missing or invalid
     */
    public void configure(SerdeConfig config, boolean isKey) {
        Map<String, Object> properties = config.registryProperties();
        if (!properties.containsKey(SchemaRegistryConfig.URL)) {
            throw new ConfigException(
                    SchemaRegistryConfig.URL, null, "is required: " + serde + " needs a schema registry");
        }
        warnOfConfluentOnlyKeys(config, isKey);
        this.lookup = new SchemaLookup(SchemaRegistryClients.create(properties), config, isKey, format);
        this.ownsRegistry = true;
    }

    /**
     * Properties written for Confluent's serdes may set keys Ferry's do not implement, which are kept
     * for the registry client like any unknown key; silence would hide that they change nothing here.
     * Keys only: a value may be a secret.
     */
    private void warnOfConfluentOnlyKeys(SerdeConfig config, boolean isKey) {
        Set<String> ignored = ConfluentSerdeOnlyKeys.among(
                format.type(), config.registryProperties().keySet());
        if (!ignored.isEmpty()) {
            LOG.warn(
                    "Confluent serde settings {} are not implemented by Ferry's {} (for {}) and have no effect; "
                            + "they are passed on to the registry client, which does not read them either",
                    ignored,
                    serde,
                    isKey ? "keys" : "values");
        }
    }

    /** The lookup; refused while neither {@link #bind} nor {@link #configure} has run. */
    public SchemaLookup lookup() {
        SchemaLookup current = lookup;
        if (current == null) {
            throw new IllegalStateException(serde + " was created without a registry: call configure(...) " + "or use "
                    + serde + ".builder(registry)");
        }
        return current;
    }

    /** Closes the registry client if {@link #configure} created it. */
    public void close() {
        SchemaLookup current = lookup;
        if (ownsRegistry && current != null) {
            current.registry().close();
        }
    }
}
