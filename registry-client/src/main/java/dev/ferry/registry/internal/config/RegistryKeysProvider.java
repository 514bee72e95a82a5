package dev.ferry.registry.internal.config;

import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigTableProvider;

/** Lets other components tell the registry client's keys from keys nobody reads (see {@code KeyOwners}). */
public final class RegistryKeysProvider implements ConfigTableProvider {
    @Override
    public ConfigTable<?> table() {
        return RegistrySettings.KEYS;
    }
}
