package dev.ferry.producer.internal.protocol;

import java.nio.ByteBuffer;

/**
 * Frames requests and unframes responses: the one place that pairs headers, versions and bodies.
 *
 * <pre>{@code
 * ByteBuffer[] frame = RequestCodec.encode(writer, new RequestHeader(PRODUCE, v, 7, "app"), request);
 * channel.write(frame);                       // gathering write; batches are not copied
 * Produce.Response r = RequestCodec.decodeResponse(payload, request, v, 7);
 * }</pre>
 */
public final class RequestCodec {
    private RequestCodec() {}

    /** Encodes header and body into {@code writer} (reset first) and returns the size-prefixed frame. */
    public static ByteBuffer[] encode(ProtocolWriter writer, RequestHeader header, ApiRequest<?> request) {
        if (header.apiKey() != request.apiKey()) {
            throw new IllegalArgumentException(
                    "Header is for " + header.apiKey() + " but the request is " + request.apiKey());
        }
        header.apiKey().checkVersion(header.apiVersion());
        writer.reset();
        header.write(writer);
        request.write(writer, header.apiVersion());
        return writer.toFrame();
    }

    /**
     * Decodes one response payload (the bytes after the int32 size prefix) and checks that it
     * answers {@code expectedCorrelationId}.
     */
    public static <R> R decodeResponse(
            ByteBuffer payload, ApiRequest<R> request, short version, int expectedCorrelationId) {
        ProtocolReader reader = new ProtocolReader(payload);
        ResponseHeader header = ResponseHeader.read(reader, request.apiKey().responseHeaderVersion(version));
        if (header.correlationId() != expectedCorrelationId) {
            throw new ProtocolException("Response correlation id " + header.correlationId() + " does not match the "
                    + request.apiKey() + " request's " + expectedCorrelationId);
        }
        return request.readResponse(reader, version);
    }
}
