package dev.ferry.producer.internal.protocol;

/**
 * A request body that knows its API, how to encode itself at a version, and how to decode the
 * response to it at the same version; the connection layer needs nothing else.
 *
 * @param <R> the response type
 */
public interface ApiRequest<R> {
    ApiKey apiKey();

    void write(ProtocolWriter writer, short version);

    R readResponse(ProtocolReader reader, short version);
}
