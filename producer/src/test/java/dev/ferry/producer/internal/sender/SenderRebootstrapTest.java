package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.ProducerConfigBuilder;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * metadata.recovery.strategy through the network seam, as kafka-clients 4.4's {@code NetworkClient}
 * recovers: when every broker of the last metadata is unreachable, when no broker has answered a due
 * refresh for metadata.recovery.rebootstrap.trigger.ms, and when a broker answers
 * REBOOTSTRAP_REQUIRED, the next Metadata request goes to a bootstrap server (node -1); with
 * {@code none} it never does.
 */
class SenderRebootstrapTest {
    private static final int BOOTSTRAP = -1;

    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void whenEveryKnownBrokerIsUnreachableMetadataIsAskedOfABootstrapServer() {
        CoreUnderTest core = withKnownBrokersUnreachable(b -> b);
        int asked = metadataRequestsSoFar(core);

        // steps shorter than the scripted reconnect backoff (50 ms), so all three are in it at once
        for (int i = 0; i < 100 && !askedOfBootstrap(core, asked); i++) {
            core.clock.advance(10);
            core.rounds(3);
        }

        assertThat(askedOfBootstrap(core, asked)).as("within 1 s").isTrue();
    }

    @Test
    void withoutRecoveryTheKnownBrokersAreTriedForEver() {
        CoreUnderTest core = withKnownBrokersUnreachable(b -> b.metadataRecoveryStrategy("none"));
        int asked = metadataRequestsSoFar(core);

        for (int i = 0; i < 100; i++) {
            core.clock.advance(10);
            core.rounds(3);
        }

        assertThat(askedOfBootstrap(core, asked)).isFalse();
        assertThat(core.network.receivedFrom(ApiKeys.METADATA, asked)).isEmpty();
    }

    /** The brokers accept connections but answer no Metadata: reachable, so only the trigger's time tells. */
    @Test
    void refreshesUnansweredForTheTriggerTimeRebootstrapAndCloseTheKnownConnections() {
        CoreUnderTest core = started(b -> b.requestTimeoutMs(1_000).metadataRecoveryRebootstrapTriggerMs(3_000));
        core.network.dropConnection(BOOTSTRAP);
        core.network.metadataFromBrokers();
        int asked = metadataRequestsSoFar(core);
        core.metadata.requestUpdate();

        for (int i = 0; i < 29 && !askedOfBootstrap(core, asked); i++) {
            core.clock.advance(100);
            core.rounds(2);
        }
        assertThat(askedOfBootstrap(core, asked)).as("within 2.9 s").isFalse();
        assertThat(core.network.receivedFrom(ApiKeys.METADATA, asked))
                .as("refreshes of known brokers")
                .isNotEmpty();

        for (int i = 0; i < 20 && !askedOfBootstrap(core, asked); i++) {
            core.clock.advance(100);
            core.rounds(2);
        }
        assertThat(askedOfBootstrap(core, asked)).as("by 4.9 s").isTrue();
        answerWaitingMetadata(core);
    }

    @Test
    void aBrokerAnsweringRebootstrapRequiredSendsTheNextRefreshToABootstrapServer() {
        CoreUnderTest core = started(b -> b);
        core.network.dropConnection(BOOTSTRAP);
        core.network.metadataFromBrokers();
        int asked = metadataRequestsSoFar(core);
        core.metadata.requestUpdate();
        core.clock.advance(100);
        ScriptedNetwork.Exchange refresh = core.awaitRequest(ApiKeys.METADATA);
        assertThat(refresh.node).isNotEqualTo(BOOTSTRAP);

        core.network.respond(refresh, new MetadataResponseData().setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code()));

        for (int i = 0; i < 20 && !askedOfBootstrap(core, asked); i++) {
            core.clock.advance(100);
            core.rounds(3);
        }

        assertThat(askedOfBootstrap(core, asked)).as("within 2 s").isTrue();
        assertThat(core.network.isConnected(refresh.node))
                .as("the connection of the broker that asked for it, closed")
                .isFalse();
        answerWaitingMetadata(core);
    }

    private static void answerWaitingMetadata(CoreUnderTest core) {
        while (core.network.hasWaiting(ApiKeys.METADATA)) {
            ScriptedNetwork.Exchange waiting = core.network.waiting(ApiKeys.METADATA);
            core.network.respond(waiting, core.network.metadata(waiting.data(), core.network.leadership()));
            core.runUntil(() -> !core.network.isWaiting(waiting), "the answer heard");
        }
    }

    private CoreUnderTest started(UnaryOperator<ProducerConfigBuilder> settings) {
        return cores.add(new CoreUnderTest(settings).started());
    }

    /**
     * Started, then every broker (and the bootstrap connection) gone and refusing connections, and a
     * refresh due. The same scenario with and without recovery: only the strategy tells them apart.
     */
    private CoreUnderTest withKnownBrokersUnreachable(UnaryOperator<ProducerConfigBuilder> settings) {
        CoreUnderTest core = started(settings);
        core.network.dropConnection(BOOTSTRAP);
        for (int node = 0; node < ScriptedNetwork.BROKERS; node++) {
            core.network.unreachable(node, true);
            core.network.dropConnection(node);
        }
        // as an error from a broker would: the refresh that finds them all gone
        core.metadata.requestUpdate();
        return core;
    }

    private static int metadataRequestsSoFar(CoreUnderTest core) {
        return core.network.received(ApiKeys.METADATA).size();
    }

    private static boolean askedOfBootstrap(CoreUnderTest core, int from) {
        return core.network.receivedFrom(ApiKeys.METADATA, from).stream().anyMatch(e -> e.node == BOOTSTRAP);
    }
}
