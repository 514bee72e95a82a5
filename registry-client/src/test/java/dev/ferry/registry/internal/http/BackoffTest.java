package dev.ferry.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "retry {0}: between {1} and {2} ms")
    @CsvSource({
        "0, 50, 100",
        "1, 100, 200",
        "2, 200, 400",
        "3, 400, 800",
        "4, 500, 1000",
        "10, 500, 1000",
        "40, 500, 1000",
    })
    void doublesWithJitterUpToTheCap(int retry, long lowest, long highest) {
        Backoff noJitter = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        Backoff fullJitter = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999_999);

        assertThat(noJitter.delay(retry, null)).isEqualTo(Duration.ofMillis(lowest));
        assertThat(fullJitter.delay(retry, null)).isEqualTo(Duration.ofMillis(highest - 1));
    }

    @ParameterizedTest
    @CsvSource({"3, 3000", "0, 0", "120, 20000"})
    void retryAfterWinsUpToTheCap(long seconds, long expectedMillis) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20), () -> 0.5);

        assertThat(backoff.delay(0, Duration.ofSeconds(seconds))).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
