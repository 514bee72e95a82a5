package dev.ferry.producer.internal.config;

import dev.ferry.common.internal.config.ConfigTable;
import dev.ferry.common.internal.config.ConfigTableProvider;

/** Lets other components tell the producer's keys from keys nobody reads (see {@code KeyOwners}). */
public final class ProducerKeysProvider implements ConfigTableProvider {
    @Override
    public ConfigTable<?> table() {
        return ProducerSettings.KEYS;
    }
}
