package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.accumulator.RecordFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/**
 * When the I/O thread connects to a partition's leader: as soon as the metadata names it, so a
 * producer's first batch goes out the round it may, instead of waiting for a connect and its
 * ApiVersions round trip after it lingered.
 */
class LeaderConnectionTest {
    private static final long LINGER_MS = 1_000;

    @Test
    void theLeadersOfAKnownTopicAreConnectedWhileTheFirstBatchLingers() {
        CoreUnderTest core = new CoreUnderTest(b -> b.lingerMs(LINGER_MS)).started();
        RecordFuture record = core.append(P1);
        core.rounds(5);

        for (int leader = 0; leader < 3; leader++) {
            assertThat(core.network.isConnected(leader))
                    .as("connected to broker %d, a leader of the topic, before any batch is sendable", leader)
                    .isTrue();
        }
        assertThat(core.network.received(ApiKeys.PRODUCE)).as("nothing sent while lingering").isEmpty();

        core.clock.advance(LINGER_MS);
        core.runOnce();
        assertThat(core.network.hasWaiting(ApiKeys.PRODUCE))
                .as("the batch goes out in the round its linger ends")
                .isTrue();
        ScriptedNetwork.Exchange produce = core.network.waiting(ApiKeys.PRODUCE);
        assertThat(produce.node).as("P1's leader").isEqualTo(1);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(record::isDone, "the record's completion");
        assertThat(record.join().offset()).isZero();
        core.assertSettled();
    }
}
