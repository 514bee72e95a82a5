package dev.ferry.producer.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerAvailabilityTest {

    @Test
    void brokerThatCannotDrainBeyondTheTimeoutIsUnavailableUntilItDrains() {
        // given partitioner.availability.timeout.ms = 100
        BrokerAvailability availability = new BrokerAvailability(100);
        availability.recordReadyCheck(1, 1_000, true);

        // when ready but not drainable for 100 ms, then 101 ms
        availability.recordReadyCheck(1, 1_100, false);
        boolean atTimeout = availability.isAvailable(1);
        availability.recordReadyCheck(1, 1_101, false);
        boolean pastTimeout = availability.isAvailable(1);
        availability.recordReadyCheck(1, 1_200, true);

        // then
        assertThat(atTimeout).isTrue();
        assertThat(pastTimeout).isFalse();
        assertThat(availability.isAvailable(1)).isTrue();
        assertThat(availability.isAvailable(2)).as("never seen").isTrue();
    }

    @Test
    void zeroTimeoutDisablesTheCheck() {
        BrokerAvailability availability = new BrokerAvailability(0);
        availability.recordReadyCheck(1, 0, true);
        availability.recordReadyCheck(1, 1_000_000, false);
        assertThat(availability.isAvailable(1)).isTrue();
    }

    @Test
    void removedBrokerStartsAfresh() {
        BrokerAvailability availability = new BrokerAvailability(10);
        availability.recordReadyCheck(3, 0, true);
        availability.recordReadyCheck(3, 50, false);
        availability.remove(3);
        assertThat(availability.isAvailable(3)).isTrue();
    }
}
