package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;

/** EndTxn (key 26), v3-v5: commit or abort; v5 (transaction.version 2) returns the bumped producer id and epoch. */
public final class EndTxn {
    private EndTxn() {}

    public record Request(String transactionalId, long producerId, short producerEpoch, boolean committed)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeString("transactionalId", transactionalId, true);
            w.writeInt64(producerId).writeInt16(producerEpoch).writeBoolean(committed);
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            short errorCode = r.readInt16("errorCode");
            long producerId = version >= 5 ? r.readInt64("producerId") : -1L;
            short producerEpoch = version >= 5 ? r.readInt16("producerEpoch") : -1;
            r.skipTaggedFields("EndTxnResponse");
            return new Response(throttleTimeMs, errorCode, producerId, producerEpoch);
        }
    }

    /** {@code producerId}/{@code producerEpoch} are -1 before v5. */
    public record Response(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
            implements ThrottledResponse {}
}
