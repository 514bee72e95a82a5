package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.producer.SecurityConfig;
import java.security.SecureRandom;

/** The SASL mechanisms Ferry speaks, under their IANA names as {@code sasl.mechanism} spells them. */
public enum SaslMechanism {
    PLAIN("PLAIN", null),
    SCRAM_SHA_256("SCRAM-SHA-256", ScramHash.SHA_256),
    SCRAM_SHA_512("SCRAM-SHA-512", ScramHash.SHA_512);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String mechanismName;
    private final ScramHash scramHash;

    SaslMechanism(String mechanismName, ScramHash scramHash) {
        this.mechanismName = mechanismName;
        this.scramHash = scramHash;
    }

    public String mechanismName() {
        return mechanismName;
    }

    /** The mechanism a SASL config names; an unsupported one is a ConfigException naming {@code sasl.mechanism}. */
    public static SaslMechanism forConfig(SecurityConfig config) {
        for (SaslMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(config.saslMechanism())) {
                return mechanism;
            }
        }
        throw new ConfigException(
                SecurityConfig.SASL_MECHANISM,
                config.saslMechanism(),
                "must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 for " + SecurityConfig.SECURITY_PROTOCOL + "="
                        + config.securityProtocol()
                        + " (GSSAPI, the kafka-clients default, and OAUTHBEARER are not supported)");
    }

    /** A fresh client side of one authentication. */
    public SaslExchange newExchange(SaslCredentials credentials) {
        return scramHash == null
                ? new PlainExchange(credentials)
                : new ScramExchange(scramHash, credentials, ScramExchange.randomNonce(RANDOM));
    }

    @Override
    public String toString() {
        return mechanismName;
    }
}
