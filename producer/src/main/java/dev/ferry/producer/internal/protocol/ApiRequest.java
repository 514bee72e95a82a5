package dev.ferry.producer.internal.protocol;

/**
 * A request body that knows its API, how to encode itself at a version, and how to decode the
 * response to it at the same version; the connection layer needs nothing else.
 *
 * @param <R> the response type
 */
public interface ApiRequest<R> {
    /** The API whose requests this class encodes, as {@link ApiKey}'s table names it. */
    default ApiKey apiKey() {
        return ApiKey.of(this);
    }

    void write(ProtocolWriter writer, short version);

    R readResponse(ProtocolReader reader, short version);
}
