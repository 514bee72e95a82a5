package dev.ferry.serdes;

/**
 * Where a deserializer looks for the schema's identity, as Confluent's
 * {@code key.schema.id.deserializer} / {@code value.schema.id.deserializer} choose it.
 */
public enum SchemaIdReading {

    /**
     * The {@code __key_schema_id}/{@code __value_schema_id} header when the record has one, else the
     * payload's prefix; either holds a schema id ({@code 0x00}) or a GUID ({@code 0x01}). Confluent's
     * {@code DualSchemaIdDeserializer}, the default: reads what every serializer writes.
     */
    DUAL("DualSchemaIdDeserializer"),

    /** Only the payload's prefix (a schema id or a GUID), headers ignored. Confluent's {@code PrefixSchemaIdDeserializer}. */
    PREFIX("PrefixSchemaIdDeserializer");

    private final String confluentClass;

    SchemaIdReading(String confluentClass) {
        this.confluentClass = confluentClass;
    }

    /** The simple name of Confluent's class for this choice, in {@code io.confluent.kafka.serializers.schema.id}. */
    public String confluentClass() {
        return confluentClass;
    }
}
