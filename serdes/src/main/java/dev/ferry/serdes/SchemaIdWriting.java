package dev.ferry.serdes;

/**
 * Where a serializer puts the schema's identity, as Confluent's {@code key.schema.id.serializer} /
 * {@code value.schema.id.serializer} choose it.
 *
 * <pre>{@code
 * SerdeConfig config = SerdeConfig.builder().valueSchemaIdWriting(SchemaIdWriting.HEADER).build();
 * // or: "value.schema.id.serializer" = "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer"
 * }</pre>
 */
public enum SchemaIdWriting {

    /**
     * In front of the payload: {@code 0x00 | int32 schema id | [Protobuf message indexes] | payload}.
     * Confluent's {@code PrefixSchemaIdSerializer}, the default, read by every Confluent-compatible client.
     */
    PREFIX("PrefixSchemaIdSerializer"),

    /**
     * In a record header, {@code __key_schema_id} or {@code __value_schema_id}:
     * {@code 0x01 | 16-byte schema GUID | [Protobuf message indexes]}, the payload left bare.
     * Confluent's {@code HeaderSchemaIdSerializer}; needs a registry that assigns GUIDs (Confluent
     * Platform 8 and later, Ferry's {@code mock://}) and readers that look at headers (Confluent's
     * clients from 8.0, Ferry's).
     */
    HEADER("HeaderSchemaIdSerializer");

    private final String confluentClass;

    SchemaIdWriting(String confluentClass) {
        this.confluentClass = confluentClass;
    }

    /** The simple name of Confluent's class for this choice, in {@code io.confluent.kafka.serializers.schema.id}. */
    public String confluentClass() {
        return confluentClass;
    }
}
