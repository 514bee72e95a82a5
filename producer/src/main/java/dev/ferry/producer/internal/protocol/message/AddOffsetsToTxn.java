package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;

/** AddOffsetsToTxn (key 25), v3-v4: adds a consumer group's offsets to the transaction (transaction.version 1). */
public final class AddOffsetsToTxn {
    private AddOffsetsToTxn() {}

    public record Request(String transactionalId, long producerId, short producerEpoch, String groupId)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeString("transactionalId", transactionalId, true);
            w.writeInt64(producerId).writeInt16(producerEpoch);
            w.writeString("groupId", groupId, true);
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            Response response = new Response(r.readInt32("throttleTimeMs"), r.readInt16("errorCode"));
            r.skipTaggedFields("AddOffsetsToTxnResponse");
            return response;
        }
    }

    public record Response(int throttleTimeMs, short errorCode) implements ThrottledResponse {}
}
