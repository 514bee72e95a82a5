package dev.ferry.codegen.internal.binding;

import java.util.Objects;
import java.util.Optional;

/**
 * One validated topic binding.
 *
 * @param topic the Kafka topic
 * @param valueType the value type's name as configured (schema full name or Java class)
 * @param key where keys come from
 * @param className the generated class's fully qualified name, when configured
 * @param simpleName the generated class's simple name: configured or derived from the topic
 */
public record TopicSpec(String topic, String valueType, KeySpec key, Optional<String> className, String simpleName) {

    public TopicSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(simpleName, "simpleName");
    }

    /** Everything that shapes the generated class, for the build state. */
    public String describe() {
        return "topic=" + topic + ";value=" + valueType + ";key=" + key + ";class=" + className.orElse("") + ";";
    }
}
