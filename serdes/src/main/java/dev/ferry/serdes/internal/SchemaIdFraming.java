package dev.ferry.serdes.internal;

import dev.ferry.common.Header;
import dev.ferry.common.Headers;
import dev.ferry.common.SerializationException;
import java.util.Arrays;

/**
 * How a serializer frames one (topic, schema): the bytes in front of the payload and, when the
 * schema's identity goes in a header ({@code HeaderSchemaIdSerializer}), that header. Prepared once,
 * applied to every record. Immutable.
 *
 * @param prefix      written before the payload: {@code 0x00 | id | [indexes]}, or nothing
 * @param headerKey   {@code __key_schema_id} or {@code __value_schema_id}, or null for no header
 * @param headerValue {@code 0x01 | GUID | [indexes]}, or null for no header
 */
public record SchemaIdFraming(byte[] prefix, String headerKey, byte[] headerValue) {

    private static final byte[] NOTHING = new byte[0];

    /** The schema id in front of the payload. */
    public static SchemaIdFraming prefix(int id, int[] indexes) {
        return new SchemaIdFraming(WireFormat.idBytes(id, indexes), null, null);
    }

    /** The schema GUID in the record's header, the payload left bare. */
    public static SchemaIdFraming header(boolean isKey, byte[] headerValue) {
        return new SchemaIdFraming(NOTHING, WireFormat.headerKey(isKey), headerValue);
    }

    /**
     * Adds the header to a record's headers, unless its last header of that key already holds the
     * same value (a record serialized twice, as Confluent's {@code HeaderSchemaIdSerializer} does).
     */
    public void addHeaderTo(Headers headers, String topic) {
        if (headerKey == null) {
            return;
        }
        boolean isKey = headerKey.equals(WireFormat.KEY_SCHEMA_ID_HEADER);
        String describe = WireFormat.describe(topic, isKey);
        if (headers == null) {
            throw new SerializationException("Cannot serialize " + describe + ": the schema GUID goes in header "
                    + headerKey + " (" + (isKey ? "key" : "value")
                    + ".schema.id.serializer=HeaderSchemaIdSerializer), but the record has no headers");
        }
        Header last = headers.lastHeader(headerKey);
        if (last == null || !Arrays.equals(last.value(), headerValue)) {
            try {
                headers.add(headerKey, headerValue);
            } catch (IllegalStateException e) {
                throw new SerializationException(
                        "Cannot serialize " + describe + ": the schema GUID goes in header " + headerKey
                                + ", but the record's headers are read-only: " + e.getMessage(),
                        e);
            }
        }
    }
}
