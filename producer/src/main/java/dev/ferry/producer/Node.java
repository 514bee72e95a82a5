package dev.ferry.producer;

import java.util.Objects;
import java.util.Optional;

/**
 * A Kafka broker as the cluster metadata describes it.
 *
 * @param id   the broker's node id
 * @param host its advertised host
 * @param port its advertised port
 * @param rack its rack, if configured
 */
public record Node(int id, String host, int port, Optional<String> rack) {
    public Node {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rack, "rack");
    }

    public Node(int id, String host, int port) {
        this(id, host, port, Optional.empty());
    }

    @Override
    public String toString() {
        return host + ":" + port + " (id: " + id + rack.map(r -> " rack: " + r).orElse("") + ")";
    }
}
