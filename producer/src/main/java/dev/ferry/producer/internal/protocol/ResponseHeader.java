package dev.ferry.producer.internal.protocol;

/** The response header: v0 (correlation id) or v1 (correlation id and tagged fields, skipped). */
public record ResponseHeader(int correlationId) {

    public static ResponseHeader read(ProtocolReader reader, short headerVersion) {
        int correlationId = reader.readInt32("responseHeader.correlationId");
        if (headerVersion >= 1) {
            reader.skipTaggedFields("responseHeader");
        }
        return new ResponseHeader(correlationId);
    }
}
