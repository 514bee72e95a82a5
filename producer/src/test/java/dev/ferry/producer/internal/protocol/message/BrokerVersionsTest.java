package dev.ferry.producer.internal.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerVersionsTest {

    private static ApiVersions.Response broker(long featuresEpoch, ApiVersions.ApiVersionRange... ranges) {
        return new ApiVersions.Response(
                (short) 0,
                List.of(ranges),
                0,
                List.of(),
                featuresEpoch,
                List.of(new ApiVersions.FinalizedFeature("transaction.version", (short) 2, (short) 2)),
                false);
    }

    private static ApiVersions.ApiVersionRange range(ApiKey key, int min, int max) {
        return new ApiVersions.ApiVersionRange(key.id(), (short) min, (short) max);
    }

    @Test
    void picksTheHighestVersionBothSidesSpeak() {
        // given: a 4.4 broker's ranges and a 3.x broker's
        BrokerVersions kafka44 = BrokerVersions.from(broker(
                1,
                range(ApiKey.PRODUCE, 3, 13),
                range(ApiKey.METADATA, 0, 13),
                range(ApiKey.INIT_PRODUCER_ID, 0, 6),
                range(ApiKey.FIND_COORDINATOR, 0, 6)));
        BrokerVersions kafka3 = BrokerVersions.from(broker(
                1, range(ApiKey.PRODUCE, 0, 9), range(ApiKey.METADATA, 0, 12), range(ApiKey.FIND_COORDINATOR, 0, 4)));

        // then
        assertThat(kafka44.highestCommonVersion(ApiKey.PRODUCE)).isEqualTo((short) 13);
        assertThat(kafka44.highestCommonVersion(ApiKey.INIT_PRODUCER_ID)).isEqualTo((short) 5);
        assertThat(kafka44.highestCommonVersion(ApiKey.PRODUCE, (short) 12)).isEqualTo((short) 12);
        assertThat(kafka3.highestCommonVersion(ApiKey.PRODUCE)).isEqualTo((short) 9);
        assertThat(kafka3.highestCommonVersion(ApiKey.METADATA)).isEqualTo((short) 12);
        assertThat(kafka3.highestCommonVersion(ApiKey.FIND_COORDINATOR)).isEqualTo((short) 4);
    }

    @Test
    void noCommonVersionIsAProtocolErrorNamingBothRanges() {
        BrokerVersions old = BrokerVersions.from(broker(1, range(ApiKey.PRODUCE, 0, 8)));
        assertThat(old.commonVersion(ApiKey.PRODUCE)).isEmpty();
        assertThat(old.commonVersion(ApiKey.END_TXN)).isEmpty();
        assertThatThrownBy(() -> old.highestCommonVersion(ApiKey.PRODUCE))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0..8")
                .hasMessageContaining("9..13");
    }

    @Test
    void finalizedFeaturesCountOnlyWithAValidEpoch() {
        assertThat(BrokerVersions.from(broker(5)).finalizedLevel("transaction.version"))
                .contains((short) 2);
        assertThat(BrokerVersions.from(broker(-1)).finalizedLevel("transaction.version"))
                .isEmpty();
    }
}
