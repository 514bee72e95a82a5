package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfig;
import dev.ferry.producer.internal.network.SocketSettings;

/** Maps the producer's config onto the network client's settings. */
final class NetworkSettings {
    /** Producer responses are small; a size prefix beyond this means a corrupt stream, not a big answer. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private NetworkSettings() {}

    static SocketSettings from(ProducerConfig config) {
        return new SocketSettings(
                config.sendBufferBytes(),
                config.receiveBufferBytes(),
                MAX_RESPONSE_BYTES,
                config.requestTimeoutMs(),
                config.reconnectBackoffMs(),
                config.reconnectBackoffMaxMs(),
                config.connectionsMaxIdleMs(),
                config.socketConnectionSetupTimeoutMs(),
                config.socketConnectionSetupTimeoutMaxMs());
    }
}
