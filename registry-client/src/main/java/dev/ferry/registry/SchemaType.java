package dev.ferry.registry;

/**
 * The schema languages a Confluent-compatible registry stores.
 *
 * <p>On the wire, {@link #AVRO} is the default: a registry omits {@code schemaType} for Avro schemas
 * and Ferry omits it when sending one, exactly as Confluent's clients do.
 */
public enum SchemaType {
    /** Apache Avro ({@code .avsc} JSON). */
    AVRO,
    /** Protocol Buffers ({@code .proto} text). */
    PROTOBUF,
    /** JSON Schema. */
    JSON;

    /**
     * Parses the {@code schemaType} value of the registry's REST API; {@code null} means Avro.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static SchemaType fromWireName(String name) {
        if (name == null) {
            return AVRO;
        }
        for (SchemaType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("schemaType was '" + name + "', allowed: AVRO, PROTOBUF, JSON");
    }
}
