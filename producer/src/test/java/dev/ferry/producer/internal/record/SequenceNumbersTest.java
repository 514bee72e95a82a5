package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.Test;

/** Sequence arithmetic around the wrap, against kafka-clients' own {@code DefaultRecordBatch.incrementSequence}. */
class SequenceNumbersTest {
    private static final int MAX = Integer.MAX_VALUE;

    @Test
    void positionsWrapAsKafkaIncrementsSequences() {
        int[] bases = {0, 1, 1000, MAX - 5, MAX - 1, MAX};
        int[] increments = {0, 1, 2, 5, 6, 1000};
        for (int base : bases) {
            for (int increment : increments) {
                assertThat(SequenceNumbers.wrap((long) base + increment))
                        .as("%d + %d", base, increment)
                        .isEqualTo(DefaultRecordBatch.incrementSequence(base, increment));
            }
        }
    }

    @Test
    void distanceCountsForwardAcrossTheWrap() {
        assertThat(SequenceNumbers.distance(5, 9)).isEqualTo(4);
        assertThat(SequenceNumbers.distance(MAX, 0)).isEqualTo(1);
        assertThat(SequenceNumbers.distance(MAX - 2, 3)).isEqualTo(6);
        assertThat(SequenceNumbers.distance(7, 7)).isZero();
        assertThat(SequenceNumbers.distance(9, 5)).isEqualTo(MAX - 3);
    }

    @Test
    void orderHoldsAcrossTheWrap() {
        assertThat(SequenceNumbers.precedes(1, 2)).isTrue();
        assertThat(SequenceNumbers.precedes(2, 1)).isFalse();
        assertThat(SequenceNumbers.precedes(MAX, 0)).isTrue();
        assertThat(SequenceNumbers.precedes(0, MAX)).isFalse();
        assertThat(SequenceNumbers.precedes(MAX - 100, 100)).isTrue();
        assertThat(SequenceNumbers.precedes(100, MAX - 100)).isFalse();
        assertThat(SequenceNumbers.precedes(42, 42)).isFalse();
    }
}
