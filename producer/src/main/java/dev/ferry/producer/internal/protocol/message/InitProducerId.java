package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;

/**
 * InitProducerId (key 22), v2-v5: a producer id and epoch, for idempotence or a transactional id.
 * {@code producerId}/{@code producerEpoch} (v3+) are the current ones when bumping the epoch, else -1.
 */
public final class InitProducerId {
    private InitProducerId() {}

    public record Request(String transactionalId, int transactionTimeoutMs, long producerId, short producerEpoch)
            implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            w.writeNullableString("transactionalId", transactionalId, true);
            w.writeInt32(transactionTimeoutMs);
            if (version >= 3) {
                w.writeInt64(producerId).writeInt16(producerEpoch);
            }
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader r, short version) {
            Response response = new Response(
                    r.readInt32("throttleTimeMs"),
                    r.readInt16("errorCode"),
                    r.readInt64("producerId"),
                    r.readInt16("producerEpoch"));
            r.skipTaggedFields("InitProducerIdResponse");
            return response;
        }
    }

    public record Response(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
            implements ThrottledResponse {}
}
