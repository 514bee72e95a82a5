package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import java.util.List;

/** SaslHandshake (key 17), v0-v1 (never flexible): picks the SASL mechanism. */
public final class SaslHandshake {
    private SaslHandshake() {}

    public record Request(String mechanism) implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeString("mechanism", mechanism, false);
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            short errorCode = r.readInt16("errorCode");
            return new Response(errorCode, r.readArray("mechanisms", false, m -> m.readString("mechanisms", false)));
        }
    }

    public record Response(short errorCode, List<String> mechanisms) {}
}
