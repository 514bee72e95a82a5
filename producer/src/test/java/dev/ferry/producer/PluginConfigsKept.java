package dev.ferry.producer;

import java.util.Map;

/** A test plugin (interceptor, metrics reporter) that keeps the configuration the producer handed it. */
abstract class PluginConfigsKept {
    volatile Map<String, ?> configs;

    public void configure(Map<String, ?> configs) {
        this.configs = configs;
    }
}
