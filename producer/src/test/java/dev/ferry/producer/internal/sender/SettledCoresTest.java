package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The after-test check that SenderTest and TransactionManagerTest rely on fails when something is left over. */
class SettledCoresTest {

    @Test
    void aCoreWithARecordStillQueuedFailsTheCheck() {
        SettledCores cores = new SettledCores();
        cores.add(new CoreUnderTest(b -> b).started()).append(P0);

        assertThatThrownBy(() -> cores.afterEach(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("incomplete batches");
    }

    @Test
    void aCoreWithNothingLeftOverPassesTheCheck() {
        SettledCores cores = new SettledCores();
        cores.add(new CoreUnderTest(b -> b).started());

        assertThatCode(() -> cores.afterEach(null)).doesNotThrowAnyException();
    }
}
