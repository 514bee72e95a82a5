package dev.ferry.testkit.junit.internal;

import dev.ferry.common.Deserializer;
import dev.ferry.producer.ByteArrayDeserializer;
import dev.ferry.producer.StringDeserializer;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.json.JsonSchemaDeserializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import java.util.function.Supplier;

/**
 * Picks Ferry's deserializer for a value class: generated Avro, generated Protobuf, String, byte[],
 * and any other class as JSON Schema framed in the Confluent wire format, read with Jackson.
 */
public final class TypedDeserializers {

    private TypedDeserializers() {}

    @SuppressWarnings("unchecked")
    public static <T> Deserializer<T> forValues(Class<T> type, Supplier<SchemaRegistryClient> registry) {
        if (type == String.class) {
            return (Deserializer<T>) new StringDeserializer();
        }
        if (type == byte[].class) {
            return (Deserializer<T>) new ByteArrayDeserializer();
        }
        if (isPresent("org.apache.avro.specific.SpecificRecord", type)) {
            return AvroDeserializer.<T>builder(registry.get())
                    .config(SerdeConfig.builder()
                            .specificAvroReader(true)
                            .specificAvroValueType(type)
                            .build())
                    .build();
        }
        if (isPresent("com.google.protobuf.Message", type)) {
            return (Deserializer<T>) ProtobufDeserializer.builder(registry.get())
                    .config(SerdeConfig.builder()
                            .specificProtobufValueType(type)
                            .build())
                    .build();
        }
        if (type.isPrimitive() || type.isArray()) {
            throw new IllegalArgumentException(
                    "cannot read values as " + type.getName() + ": readValues knows generated "
                            + "Avro classes (SpecificRecord), generated Protobuf messages, String, byte[] and classes written as "
                            + "JSON Schema; pass a Deserializer for anything else");
        }
        return JsonSchemaDeserializer.<T>builder(registry.get())
                .config(SerdeConfig.builder().jsonValueType(type).build())
                .build();
    }

    private static boolean isPresent(String supertype, Class<?> type) {
        try {
            return Class.forName(
                            supertype,
                            false,
                            type.getClassLoader() == null
                                    ? TypedDeserializers.class.getClassLoader()
                                    : type.getClassLoader())
                    .isAssignableFrom(type);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
