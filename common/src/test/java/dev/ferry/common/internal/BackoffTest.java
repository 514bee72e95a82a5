package dev.ferry.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kafka-clients' own ExponentialBackoff is the oracle. */
class BackoffTest {

    @ParameterizedTest(name = "retry.backoff.ms={0} retry.backoff.max.ms={1}")
    @CsvSource({"100, 1000", "50, 1000", "0, 1000", "100, 100", "500, 100", "1, 60000", "100, 150"})
    void withoutJitterEqualsKafkaClients(long initial, long max) {
        // given
        var theirs = new org.apache.kafka.common.utils.internals.ExponentialBackoff(initial, 2, max, 0.0);
        Backoff ours = new Backoff(initial, max, 0.0, () -> 0.5);

        // then
        for (long attempt = 0; attempt < 40; attempt++) {
            assertThat(ours.backoffMs(attempt)).as("attempt %d", attempt).isEqualTo(theirs.backoff(attempt));
        }
    }

    @ParameterizedTest(name = "random={0}")
    @CsvSource({"0.0", "0.25", "0.5", "0.999999"})
    void jitterStaysWithinTwentyPercentAndUnderTheCap(double random) {
        // given kafka-clients' deterministic value for the same attempt
        var exact = new org.apache.kafka.common.utils.internals.ExponentialBackoff(100, 2, 1000, 0.0);
        Backoff ours = new Backoff(100, 1000, Backoff.JITTER, () -> random);

        for (long attempt = 0; attempt < 10; attempt++) {
            long base = exact.backoff(attempt);
            long jittered = ours.backoffMs(attempt);
            assertThat(jittered).isBetween((long) (base * 0.8) - 1, Math.min(1000, (long) (base * 1.2)));
        }
        assertThat(ours.backoffMs(0)).isEqualTo((long) ((0.8 + 0.4 * random) * 100));
    }

    @ParameterizedTest
    @CsvSource({"3, 3000", "0, 0", "120, 20000"})
    void aServersRetryAfterWinsUpToTheCap(long seconds, long expectedMillis) {
        Backoff backoff = new Backoff(100, 20_000, Backoff.JITTER, () -> 0.5);

        assertThat(backoff.delay(0, Duration.ofSeconds(seconds))).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest(name = "retry {0}: {1} ms")
    @CsvSource({"0, 100", "1, 200", "2, 400", "3, 800", "4, 1000", "40, 1000"})
    void withoutAServerWaitItIsTheBackoff(long retry, long expectedMillis) {
        Backoff backoff = new Backoff(100, 1000, Backoff.JITTER, () -> 0.5);

        assertThat(backoff.delay(retry, null)).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
