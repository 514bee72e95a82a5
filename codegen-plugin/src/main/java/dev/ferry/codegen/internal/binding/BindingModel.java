package dev.ferry.codegen.internal.binding;

import java.util.Objects;

/**
 * A topic binding with its types resolved: everything the renderer needs.
 *
 * @param keyClass the class of an Avro or Protobuf key, else null
 * @param keyField the value's field the key is read from, else null
 * @param keyExpression the Java expression, over {@code value}, reading that field, else null
 */
public record BindingModel(
        String topic,
        String packageName,
        String simpleName,
        BoundType value,
        KeyKind keyKind,
        String keyClass,
        String keyField,
        String keyExpression) {

    public BindingModel {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(simpleName, "simpleName");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(keyKind, "keyKind");
    }

    public String className() {
        return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    /** The generated file, relative to the output directory. */
    public String outputPath() {
        return className().replace('.', '/') + ".java";
    }

    public String keyType() {
        return keyKind.javaType(keyClass);
    }

    public boolean keyFromField() {
        return keyField != null;
    }
}
