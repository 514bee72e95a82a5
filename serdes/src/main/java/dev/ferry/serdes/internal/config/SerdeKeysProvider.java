package dev.ferry.serdes.internal.config;

import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigTableProvider;

/** Lets other components tell the serdes' keys from keys nobody reads (see {@code KeyOwners}). */
public final class SerdeKeysProvider implements ConfigTableProvider {
    @Override
    public ConfigTable<?> table() {
        return SerdeSettings.KEYS;
    }
}
