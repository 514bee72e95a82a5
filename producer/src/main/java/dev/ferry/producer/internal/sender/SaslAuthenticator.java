package dev.ferry.producer.internal.sender;

import dev.ferry.producer.SaslAuthenticationException;
import dev.ferry.producer.internal.network.BrokerNetwork;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.SaslAuthenticate;
import dev.ferry.producer.internal.protocol.message.SaslHandshake;
import dev.ferry.producer.internal.security.SaslCredentials;
import dev.ferry.producer.internal.security.SaslExchange;
import dev.ferry.producer.internal.security.SaslMechanism;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL authentication of a new connection, after ApiVersions and before any other request, as
 * kafka-clients does it (KIP-152): SaslHandshake v1 names the mechanism, then SaslAuthenticate
 * requests carry the mechanism's messages until it completes. A refusal becomes a
 * {@link SaslAuthenticationException} naming the broker, the mechanism and the broker's reason.
 *
 * <p>Confined to the I/O thread.
 */
final class SaslAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(SaslAuthenticator.class);

    private final SaslMechanism mechanism;
    private final SaslCredentials credentials;
    private final BrokerRequests channel;
    private final BrokerNetwork network;

    SaslAuthenticator(
            SaslMechanism mechanism, SaslCredentials credentials, BrokerRequests channel, BrokerNetwork network) {
        this.mechanism = mechanism;
        this.credentials = credentials;
        this.channel = channel;
        this.network = network;
    }

    /** What becomes of one authentication; exactly one method is called, unless the connection breaks first. */
    interface Outcome {
        /** @param sessionLifetimeMs how long the broker keeps the session (connections.max.reauth.ms), 0 for ever */
        void authenticated(long sessionLifetimeMs);

        void failed(SaslAuthenticationException failure);
    }

    void authenticate(int nodeId, BrokerVersions versions, Outcome outcome) {
        Optional<Short> handshakeVersion = versions.commonVersion(ApiKey.SASL_HANDSHAKE);
        Optional<Short> authenticateVersion = versions.commonVersion(ApiKey.SASL_AUTHENTICATE);
        if (handshakeVersion.isEmpty() || handshakeVersion.get() < 1 || authenticateVersion.isEmpty()) {
            outcome.failed(failure(
                    nodeId,
                    "the broker does not speak SaslHandshake v1 and SaslAuthenticate "
                            + "(Kafka 1.0 or later), or its listener does not use SASL"));
            return;
        }
        channel.send(
                nodeId,
                new SaslHandshake.Request(mechanism.mechanismName()),
                handshakeVersion.get(),
                true,
                response -> {
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error == ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
                        outcome.failed(failure(
                                nodeId,
                                "the broker does not enable this mechanism; it enables " + response.mechanisms() + " ("
                                        + error.name() + ")"));
                    } else if (error != ErrorCode.NONE) {
                        outcome.failed(failure(nodeId, error.defaultMessage() + " (" + error.name() + ")"));
                    } else {
                        SaslExchange exchange = mechanism.newExchange(credentials);
                        step(nodeId, authenticateVersion.get(), exchange, exchange.firstMessage(), outcome);
                    }
                },
                failure -> connectionLost(nodeId, failure));
    }

    private void step(int nodeId, short version, SaslExchange exchange, byte[] message, Outcome outcome) {
        channel.send(
                nodeId,
                new SaslAuthenticate.Request(message),
                version,
                true,
                response -> {
                    ErrorCode error = ErrorCode.forCode(response.errorCode());
                    if (error != ErrorCode.NONE) {
                        String reason = response.errorMessage() == null
                                        || response.errorMessage().isBlank()
                                ? error.defaultMessage()
                                : response.errorMessage();
                        outcome.failed(failure(nodeId, reason + " (" + error.name() + ")"));
                        return;
                    }
                    byte[] next;
                    try {
                        next = exchange.evaluate(response.authBytes());
                    } catch (SaslExchange.SaslFailure e) {
                        outcome.failed(failure(nodeId, e.getMessage()));
                        return;
                    }
                    if (next == null) {
                        LOG.debug("authenticated to node {} with {}", nodeId, mechanism);
                        outcome.authenticated(response.sessionLifetimeMs());
                    } else {
                        step(nodeId, version, exchange, next, outcome);
                    }
                },
                failure -> connectionLost(nodeId, failure));
    }

    private SaslAuthenticationException failure(int nodeId, String reason) {
        return new SaslAuthenticationException("SASL authentication with mechanism " + mechanism + " to node " + nodeId
                + " (" + network.address(nodeId) + ") failed: " + reason);
    }

    private void connectionLost(int nodeId, RequestFailure failure) {
        // the network client has closed the connection and told the registry; the next connection starts over
        LOG.debug("SASL authentication with node {} interrupted: {}", nodeId, failure.describe());
    }
}
