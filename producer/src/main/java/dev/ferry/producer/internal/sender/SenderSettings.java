package dev.ferry.producer.internal.sender;

import dev.ferry.common.ConfigException;
import dev.ferry.producer.ProducerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(SenderSettings.class);

    static SenderSettings from(ProducerConfig config) {
        List<InetSocketAddress> bootstrap =
                config.bootstrapServers().stream().map(SenderSettings::address).toList();
        if (config.resolvesCanonicalBootstrapNames()) {
            bootstrap = canonicalNames(bootstrap);
        }
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

    /**
     * client.dns.lookup=resolve_canonical_bootstrap_servers_only, as kafka-clients does it: each
     * bootstrap host becomes the canonical names of all its addresses (what Kerberos needs of a name
     * behind an alias); a host that does not resolve is left out, with a warning.
     *
     * @throws ConfigException when no bootstrap host resolves
     */
    static List<InetSocketAddress> canonicalNames(List<InetSocketAddress> configured) {
        List<InetSocketAddress> expanded = new ArrayList<>();
        for (InetSocketAddress address : configured) {
            try {
                for (InetAddress ip : InetAddress.getAllByName(address.getHostString())) {
                    expanded.add(InetSocketAddress.createUnresolved(ip.getCanonicalHostName(), address.getPort()));
                }
            } catch (UnknownHostException e) {
                LOG.warn(
                        "Cannot resolve bootstrap server {} for client.dns.lookup="
                                + "resolve_canonical_bootstrap_servers_only: {}",
                        address.getHostString() + ":" + address.getPort(),
                        e.getMessage());
            }
        }
        if (expanded.isEmpty()) {
            throw new ConfigException(
                    ProducerConfig.BOOTSTRAP_SERVERS,
                    configured.stream()
                            .map(a -> a.getHostString() + ":" + a.getPort())
                            .toList(),
                    "no host resolves, so client.dns.lookup=resolve_canonical_bootstrap_servers_only has no name to use");
        }
        return List.copyOf(expanded);
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
