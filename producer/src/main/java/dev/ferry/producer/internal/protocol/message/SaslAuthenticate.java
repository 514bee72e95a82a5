package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;

/**
 * SaslAuthenticate (key 36), v0-v2: one SASL round trip. The auth bytes carry secrets: this type's
 * {@code toString()} never shows them.
 */
public final class SaslAuthenticate {
    private SaslAuthenticate() {}

    public record Request(byte[] authBytes) implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeBytes("authBytes", authBytes, version >= 2);
            if (version >= 2) {
                w.writeEmptyTaggedFields();
            }
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            boolean flexible = version >= 2;
            short errorCode = r.readInt16("errorCode");
            String errorMessage = r.readNullableString("errorMessage", flexible);
            byte[] authBytes = r.readBytes("authBytes", flexible);
            long sessionLifetimeMs = version >= 1 ? r.readInt64("sessionLifetimeMs") : 0L;
            if (flexible) {
                r.skipTaggedFields("SaslAuthenticateResponse");
            }
            return new Response(errorCode, errorMessage, authBytes, sessionLifetimeMs);
        }

        @Override
        public String toString() {
            return "SaslAuthenticate.Request[authBytes=(" + authBytes.length + " bytes, hidden)]";
        }
    }

    public record Response(short errorCode, String errorMessage, byte[] authBytes, long sessionLifetimeMs) {
        @Override
        public String toString() {
            return "SaslAuthenticate.Response[errorCode=" + errorCode + ", errorMessage=" + errorMessage
                    + ", authBytes=(" + authBytes.length + " bytes, hidden), sessionLifetimeMs=" + sessionLifetimeMs
                    + "]";
        }
    }
}
