package dev.ferry.testkit;

/**
 * Client listeners a {@link KafkaCluster} can open next to its PLAINTEXT one, each on its own port.
 * Replication, the controller and the cluster's own Admin client stay on PLAINTEXT.
 */
public enum SecureListener {
    /** TLS; the broker's certificate names {@code localhost} and {@code 127.0.0.1}. */
    SSL("SSL"),
    /** Mutual TLS: as {@link #SSL}, and the broker requires the cluster's client certificate. */
    MTLS("SSL"),
    /** SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 in the clear. */
    SASL_PLAINTEXT("SASL_PLAINTEXT"),
    /** SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 over TLS. */
    SASL_SSL("SASL_SSL"),
    /** TLS with a trusted certificate that names only {@code wrong.host.invalid}: for host name verification tests. */
    SSL_WRONG_HOST("SSL");

    private final String securityProtocol;

    SecureListener(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    /** The {@code security.protocol} a client sets for this listener. */
    public String securityProtocol() {
        return securityProtocol;
    }

    public boolean usesTls() {
        return securityProtocol.endsWith("SSL");
    }

    public boolean usesSasl() {
        return securityProtocol.startsWith("SASL");
    }
}
