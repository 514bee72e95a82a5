package dev.ferry.producer.internal.network;

import dev.ferry.producer.internal.security.SslFactory;
import java.nio.channels.SocketChannel;

/** Makes the transport of a new connection: plaintext, or TLS with an engine for the broker's host. */
@FunctionalInterface
interface TransportFactory {

    TransportLayer create(SocketChannel channel, String host, int port);

    static TransportFactory of(SslFactory ssl) {
        return ssl == null
                ? (channel, host, port) -> new PlaintextTransport(channel)
                : (channel, host, port) -> new SslTransport(channel, ssl.createEngine(host, port));
    }
}
