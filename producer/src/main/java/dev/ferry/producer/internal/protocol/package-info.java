/**
 * The Kafka wire protocol's primitives: the APIs Ferry speaks with their version ranges
 * ({@link dev.ferry.producer.internal.protocol.ApiKey}), strict bounded reading and gathering
 * writing of fields ({@code ProtocolReader}, {@code ProtocolWriter}, {@code Varints}), request and
 * response headers, the framing of one request and its response ({@code RequestCodec}), and every
 * broker error code ({@code ErrorCode}, mirroring Kafka's {@code Errors}). A malformed response is
 * a {@code ProtocolException}, never anything else.
 *
 * <p>Threads: requests are encoded and responses decoded on the I/O thread; the record batch
 * writer also calls {@code Varints} on application threads. Everything here is stateless or
 * immutable, except readers and writers, which belong to one buffer at a time.
 */
package dev.ferry.producer.internal.protocol;
