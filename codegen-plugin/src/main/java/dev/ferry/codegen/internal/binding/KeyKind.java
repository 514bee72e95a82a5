package dev.ferry.codegen.internal.binding;

/** What a topic's record keys are, which decides their Java type and their serializer. */
public enum KeyKind {
    /** No key: records go out with a null key and are spread by the sticky partitioner. */
    NONE,
    STRING,
    INT,
    LONG,
    BYTES,
    /** A generated Avro record, serialized with the schema registry like the value. */
    AVRO,
    /** A generated Protobuf message, serialized with the schema registry like the value. */
    PROTOBUF;

    /** The Java type of keys; {@code schemaClass} is the class of an Avro or Protobuf key. */
    public String javaType(String schemaClass) {
        return switch (this) {
            case NONE, BYTES -> "byte[]";
            case STRING -> "java.lang.String";
            case INT -> "java.lang.Integer";
            case LONG -> "java.lang.Long";
            case AVRO, PROTOBUF -> schemaClass;
        };
    }
}
