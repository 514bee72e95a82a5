package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.network.ResponseHandler;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolException;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.RequestCodec;
import dev.ferry.producer.internal.protocol.RequestHeader;
import dev.ferry.producer.internal.protocol.ThrottledResponse;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Typed requests over the network client: frames a request with its header, decodes the answer and
 * passes on the throttle_time_ms of every answer that asks the client to wait, as kafka-clients'
 * {@code NetworkClient.maybeThrottle} does for every response it reads.
 */
final class BrokerRequests {
    /** Hears, on the I/O thread, that a broker asked for nothing to be sent to it for a while. */
    interface Throttles {
        void throttled(int nodeId, int throttleTimeMs);
    }

    private final BrokerNetwork network;
    private final String clientId;
    private final Throttles throttles;

    BrokerRequests(BrokerNetwork network, String clientId, Throttles throttles) {
        this.network = network;
        this.clientId = clientId;
        this.throttles = throttles;
    }

    /** Sends a request; exactly one of the two consumers hears back, on the I/O thread. */
    <R> void send(
            int nodeId,
            ApiRequest<R> request,
            short version,
            boolean expectResponse,
            Consumer<R> onResponse,
            Consumer<RequestFailure> onFailure) {
        int correlationId = network.nextCorrelationId();
        ByteBuffer[] frame = RequestCodec.encode(
                new ProtocolWriter(), new RequestHeader(request.apiKey(), version, correlationId, clientId), request);
        network.send(nodeId, frame, correlationId, expectResponse, new ResponseHandler() {
            @Override
            public void onResponse(ByteBuffer response) {
                if (!expectResponse) {
                    onResponse.accept(null);
                    return;
                }
                R decoded;
                try {
                    decoded = RequestCodec.decodeResponse(response, request, version, correlationId);
                } catch (ProtocolException e) {
                    network.disconnect(nodeId, "undecodable " + request.apiKey() + " response: " + e.getMessage());
                    onFailure.accept(new RequestFailure(RequestFailure.Kind.DISCONNECTED, nodeId, e.getMessage()));
                    return;
                }
                if (decoded instanceof ThrottledResponse throttled
                        && throttled.throttleTimeMs() > 0
                        && request.apiKey().clientThrottles(version)) {
                    throttles.throttled(nodeId, throttled.throttleTimeMs());
                }
                onResponse.accept(decoded);
            }

            @Override
            public void onFailure(RequestFailure failure) {
                onFailure.accept(failure);
            }
        });
    }
}
