package dev.ferry.producer.internal.protocol;

/**
 * The request header: v1 (api key, version, correlation id, nullable int16 client id) for classic
 * versions, v2 (the same plus tagged fields; the client id stays a classic string) for flexible ones.
 */
public record RequestHeader(ApiKey apiKey, short apiVersion, int correlationId, String clientId) {

    public void write(ProtocolWriter writer) {
        writer.writeInt16(apiKey.id())
                .writeInt16(apiVersion)
                .writeInt32(correlationId)
                .writeNullableString("client.id", clientId, false);
        if (apiKey.requestHeaderVersion(apiVersion) >= 2) {
            writer.writeEmptyTaggedFields();
        }
    }
}
