package dev.ferry.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.internal.SampleOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadBackCheckTest {
    private ReadBackCheck<String> check;

    @BeforeEach
    void fourOrdersAcknowledgedOnTwoPartitions() {
        check = new ReadBackCheck<>(4, index -> "value-" + index);
        check.acknowledged(0, 0, 10);
        check.acknowledged(1, 1, 20);
        check.acknowledged(2, 0, 11);
        check.acknowledged(3, 1, 21);
    }

    private void read(int index, int partition, long offset) {
        check.read(partition, offset, SampleOrders.orderId(index), "value-" + index);
    }

    private void readEachWhereAcknowledged() {
        read(0, 0, 10);
        read(2, 0, 11);
        read(1, 1, 20);
        read(3, 1, 21);
    }

    @Test
    void everyRecordOnceWhereItsAcknowledgementSaidIsClean() {
        readEachWhereAcknowledged();

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.clean()).isTrue();
        assertThat(verdict.matched()).isEqualTo(4);
        assertThat(verdict.problems()).isEmpty();
    }

    @Test
    void aMissingRecordIsLost() {
        read(0, 0, 10);
        read(2, 0, 11);
        read(1, 1, 20);

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.clean()).isFalse();
        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.problems())
                .containsExactly("order-00000003 acknowledged at partition 1 offset 21 but never read");
    }

    @Test
    void aRecordReadTwiceIsDuplicated() {
        read(0, 0, 10);
        readEachWhereAcknowledged();

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.clean()).isFalse();
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.read()).isEqualTo(5);
    }

    @Test
    void anotherValueOrAnotherOffsetIsAMismatch() {
        check.read(0, 10, SampleOrders.orderId(0), "tampered");
        read(2, 0, 12);
        read(1, 1, 20);
        read(3, 1, 21);

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.mismatched()).isEqualTo(2);
        assertThat(verdict.problems())
                .containsExactly(
                        "order-00000000 at partition 0 offset 10 differs from what was sent: tampered",
                        "order-00000002 read at partition 0 offset 12, acknowledged at partition 0 offset 11");
    }

    @Test
    void foreignAndUnreadableRecordsAreUnexpected() {
        readEachWhereAcknowledged();
        check.read(1, 22, "someone-else", "value-9");
        check.unreadable(0, 12, "unknown magic byte");

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.clean()).isFalse();
        assertThat(verdict.unexpected()).isEqualTo(2);
        assertThat(verdict.matched()).isEqualTo(4);
    }

    @Test
    void acknowledgementsOutOfSendOrderWithinAPartitionAreReordered() {
        check.acknowledged(2, 0, 9);
        read(0, 0, 10);
        read(2, 0, 9);
        read(1, 1, 20);
        read(3, 1, 21);

        ReadBackCheck.Verdict verdict = check.verdict();

        assertThat(verdict.reordered()).isEqualTo(1);
        assertThat(verdict.clean()).isFalse();
        assertThat(verdict.problems())
                .containsExactly(
                        "order-00000002 got offset 9 in partition 0, not after offset 10 of an order sent before it");
    }

    @Test
    void aRecordNeverAcknowledgedIsNotCountedAsSent() {
        ReadBackCheck<String> partial = new ReadBackCheck<>(2, index -> "value-" + index);
        partial.acknowledged(0, 0, 0);
        partial.read(0, 0, SampleOrders.orderId(0), "value-0");

        ReadBackCheck.Verdict verdict = partial.verdict();

        assertThat(verdict.acknowledged()).isEqualTo(1);
        assertThat(verdict.clean()).isTrue();
    }
}
