package dev.ferry.producer.internal.config;

import static dev.ferry.producer.ProducerConfig.BOOTSTRAP_SERVERS;

import dev.ferry.common.ConfigException;
import dev.ferry.common.internal.Redaction;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rule of {@code bootstrap.servers}: every entry {@code host:port}, refused when the config is
 * built rather than at the first connection; a refused entry is shown without its user info.
 */
final class BootstrapAddresses {
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z%._:-]+");

    private BootstrapAddresses() {}

    static List<String> checked(List<String> servers) {
        if (servers.isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS, servers, "must list at least one host:port");
        }
        servers.forEach(address -> check(address, servers));
        return List.copyOf(servers);
    }

    private static void check(String address, List<String> servers) {
        String shown = Redaction.entryOf(address, servers);
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(BOOTSTRAP_SERVERS, shown, "each entry must be host:port");
        }
        // As kafka-clients: anything else (user info, a scheme, quotes) would only fail later, at
        // name resolution, and be logged there as it is.
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(
                    BOOTSTRAP_SERVERS,
                    shown,
                    "each entry must be host:port, the host made of"
                            + " letters, digits, '-', '.', '_', '%' and ':' (IPv6 in [brackets])");
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new ConfigException(BOOTSTRAP_SERVERS, shown, "port must be between 0 and 65535");
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(BOOTSTRAP_SERVERS, shown, "each entry must be host:port with a numeric port");
        }
    }
}
