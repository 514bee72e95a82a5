package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.util.List;

/**
 * FindCoordinator (key 10), v3-v6: batched keys from v4; v3 (single key) for brokers without
 * batching, where the request must hold exactly one key and the answer is returned as one coordinator.
 */
public final class FindCoordinator {
    public static final byte KEY_TYPE_GROUP = 0;
    public static final byte KEY_TYPE_TRANSACTION = 1;

    private FindCoordinator() {}

    public record Request(byte keyType, List<String> keys) implements ApiRequest<Response> {
        @Override
        public void write(ProtocolWriter w, short version) {
            if (version <= 3) {
                if (keys.size() != 1) {
                    throw new IllegalArgumentException(
                            "FindCoordinator v" + version + " takes exactly one key, got " + keys.size());
                }
                w.writeString("key", keys.get(0), true);
                w.writeInt8(keyType);
            } else {
                w.writeInt8(keyType);
                w.writeArray(keys, true, (kw, key) -> kw.writeString("coordinatorKeys", key, true));
            }
            w.writeEmptyTaggedFields();
        }

        @Override
        public Response readResponse(ProtocolReader reader, short version) {
            return Response.read(reader, version, version <= 3 ? keys.get(0) : null);
        }
    }

    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {}

    /** Coordinators per key; the single-key form (v3) is returned as a one-element list. */
    public record Response(int throttleTimeMs, List<Coordinator> coordinators) implements ThrottledResponse {
        static Response read(ProtocolReader r, short version, String singleKey) {
            int throttleTimeMs = r.readInt32("throttleTimeMs");
            List<Coordinator> coordinators;
            if (version <= 3) {
                short errorCode = r.readInt16("errorCode");
                String errorMessage = r.readNullableString("errorMessage", true);
                coordinators = List.of(new Coordinator(
                        singleKey,
                        r.readInt32("nodeId"),
                        r.readString("host", true),
                        r.readInt32("port"),
                        errorCode,
                        errorMessage));
            } else {
                coordinators = r.readStructArray(
                        "coordinators",
                        c -> new Coordinator(
                                c.readString("coordinators.key", true),
                                c.readInt32("coordinators.nodeId"),
                                c.readString("coordinators.host", true),
                                c.readInt32("coordinators.port"),
                                c.readInt16("coordinators.errorCode"),
                                c.readNullableString("coordinators.errorMessage", true)));
            }
            r.skipTaggedFields("FindCoordinatorResponse");
            return new Response(throttleTimeMs, coordinators);
        }
    }
}
