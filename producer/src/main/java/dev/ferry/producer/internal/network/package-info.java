/**
 * The core's way to the brokers: {@link dev.ferry.producer.internal.network.BrokerNetwork} is the
 * seam every request goes through (connections and opaque frames, nothing typed), and
 * {@link dev.ferry.producer.internal.network.NetworkClient}, its real implementation, runs one NIO
 * selector with at most one connection per broker (reconnect backoff, connection set-up and request
 * timeouts, idle connections closed), and {@code BrokerConnection} moves size-prefixed frames
 * through a {@code TransportLayer}, plaintext or TLS, matching responses to the FIFO of requests
 * awaiting them; {@code ResponseFrames} cuts what one read brings into frames, so responses that
 * arrive together cost one read. Frames are opaque here: encoding and decoding belong to the protocol package.
 * What crosses the sockets is counted into a {@code NetworkMetrics}, where and as kafka-clients'
 * {@code Selector} counts it.
 *
 * <p>Threads: confined to the I/O thread, which also runs every {@code ResponseHandler}; the one
 * exception is {@code NetworkClient.wakeup()}, which application threads call to cut a
 * {@code poll} short.
 */
package dev.ferry.producer.internal.network;
