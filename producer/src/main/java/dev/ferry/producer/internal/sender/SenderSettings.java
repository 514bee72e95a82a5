package dev.ferry.producer.internal.sender;

import dev.ferry.producer.ProducerConfig;
import java.net.InetSocketAddress;
import java.util.List;

/** The producer settings the I/O thread needs, read once from the config. */
record SenderSettings(
        String clientId,
        List<InetSocketAddress> bootstrap,
        short acks,
        int maxInFlight,
        int maxRequestSize,
        int requestTimeoutMs,
        int retries,
        long retryBackoffMs,
        long retryBackoffMaxMs,
        boolean idempotence) {

    static SenderSettings from(ProducerConfig config) {
        List<InetSocketAddress> bootstrap =
                config.bootstrapServers().stream().map(SenderSettings::address).toList();
        return new SenderSettings(
                config.clientId(),
                bootstrap,
                config.acks().wireValue(),
                config.maxInFlightRequestsPerConnection(),
                config.maxRequestSize(),
                config.requestTimeoutMs(),
                config.retries(),
                config.retryBackoffMs(),
                config.retryBackoffMaxMs(),
                config.enableIdempotence());
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
