package dev.ferry.producer.internal.network;

import java.nio.ByteBuffer;

/** Receives the outcome of one request; called on the I/O thread, so it must not block. */
public interface ResponseHandler {

    /**
     * The response frame (correlation id first), or, for a request that expects none, an empty buffer
     * once the request is fully written.
     */
    void onResponse(ByteBuffer response);

    /** The request has no response and never will: the connection broke or the request timed out. */
    void onFailure(RequestFailure failure);
}
