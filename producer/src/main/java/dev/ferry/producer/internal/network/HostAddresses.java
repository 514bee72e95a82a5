package dev.ferry.producer.internal.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses one broker's host name resolves to, tried in turn (client.dns.lookup=use_all_dns_ips,
 * as kafka-clients' {@code ClusterConnectionStates} tries them): each connection attempt takes the
 * next, so a host whose first address is down is still reached through another. The list is
 * resolved again once every address has been tried, and after a connection that was up ends, since
 * the broker's addresses may have changed; a new list does not start with the address just tried.
 *
 * <p>Confined to the I/O thread.
 */
final class HostAddresses {
    /** Resolves a host name to all of its addresses; {@code InetAddress::getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String host;
    private final int port;
    private final Resolver resolver;
    private List<InetAddress> addresses = List.of();
    private int index;
    private InetAddress lastTried;

    HostAddresses(String host, int port, Resolver resolver) {
        this.host = host;
        this.port = port;
        this.resolver = resolver;
    }

    boolean isFor(InetSocketAddress address) {
        return address.getHostString().equals(host) && address.getPort() == port;
    }

    /** The address of the next connection attempt, resolving the host name if needed. */
    InetSocketAddress next() throws UnknownHostException {
        if (addresses.isEmpty()) {
            resolve();
        } else {
            index++;
            if (index == addresses.size()) {
                resolve();
            }
        }
        lastTried = addresses.get(index);
        // the resolved address keeps the host name, which TLS checks the broker's certificate against
        return new InetSocketAddress(lastTried, port);
    }

    /** A connection that was up has ended: the next attempt resolves the host name again. */
    void forget() {
        addresses = List.of();
    }

    private void resolve() throws UnknownHostException {
        addresses = preferredFamily(resolver.resolve(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " resolves to no address");
        }
        index = addresses.size() > 1 && addresses.get(0).equals(lastTried) ? 1 : 0;
    }

    /**
     * The addresses of the family of the first one, as kafka-clients filters them: the resolver's
     * order says which family the system prefers (java.net.preferIPv6Addresses).
     */
    private static List<InetAddress> preferredFamily(InetAddress[] all) {
        List<InetAddress> preferred = new ArrayList<>();
        for (InetAddress address : all) {
            if (address.getClass() == all[0].getClass()) {
                preferred.add(address);
            }
        }
        return List.copyOf(preferred);
    }
}
