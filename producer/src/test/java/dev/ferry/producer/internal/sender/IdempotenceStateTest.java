package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer's sequence state machine, driven through the real accumulator and the
 * real response handling with answers made up here: what each broker error does to the producer
 * id, the epoch and the sequences of the partition it hit and of the others (kafka-clients'
 * TransactionManager rules for idempotent producers, KIP-360).
 */
class IdempotenceStateTest extends HandDrivenSender {
    @Test
    void nothingIsStampedBeforeTheProducerIdThenSequencesStartAtZero() {
        producerWithoutId(0);
        send(P0);
        assertThat(drain()).isEmpty();

        idempotence.setProducerId(PRODUCER_ID, (short) 0, List.of());
        ProducerBatch first = single(drain());
        assertStamp(first, 0, 0);
        acknowledge(first);

        assertStamp(single(sendAndDrain(P0)), 0, 1);
    }

    /**
     * A broker without state for the producer takes any first sequence, so a partition sends one batch
     * until its first acknowledgement, then up to five unacknowledged, as kafka-clients does.
     */
    @Test
    void oneBatchAtATimeUntilThePartitionsFirstAcknowledgementThenFiveUnacknowledged() {
        ProducerBatch first = single(sendAndDrain(P0));
        assertThat(sendAndDrain(P0))
                .as("a second batch before the first is acknowledged")
                .isEmpty();

        acknowledge(first);
        List<ProducerBatch> unacknowledged = new ArrayList<>();
        unacknowledged.add(single(drain()));
        for (int i = 0; i < 4; i++) {
            unacknowledged.add(single(sendAndDrain(P0)));
        }
        assertThat(sendAndDrain(P0)).as("a sixth unacknowledged batch").isEmpty();

        acknowledge(unacknowledged.get(0));
        assertStamp(single(drain()), 0, 6);
        assertThat(sendAndDrain(P1))
                .as("another partition waits for nothing of P0's")
                .hasSize(1);
    }

    @Test
    void anExpiredInFlightBatchBumpsTheEpochOfTheSameProducerIdOnceItsRequestHasReturned() {
        acknowledge(single(sendAndDrain(P1)));
        ProducerBatch a = single(sendAndDrain(P0));
        ProducerBatch p1Pending = single(sendAndDrain(P1));
        CompletableFuture<RecordMetadata> b = send(P0);

        expireInFlight(a);
        assertThat(idempotence.epochBumpPending(P0)).isTrue();
        assertThat(drain()).as("P0 sends nothing while its sequence is broken").isEmpty();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add))
                .as("no bump while the expired request may still be answered")
                .isFalse();

        requestFailed(RequestFailure.Kind.TIMED_OUT, a);
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertThat(idempotence.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(idempotence.epoch()).isEqualTo((short) 1);

        ProducerBatch bBatch = single(drain());
        assertThat(bBatch.partition()).isEqualTo(P0);
        assertStamp(bBatch, 1, 0);
        acknowledge(bBatch);
        assertThat(b).isCompleted();

        // P1 was not hit: its batch in flight keeps epoch 0, and its next batch waits for it, then starts over at 0
        CompletableFuture<RecordMetadata> next = send(P1);
        assertThat(drain())
                .as("a new-epoch batch must not overtake the old epoch's")
                .isEmpty();
        acknowledge(p1Pending);
        assertStamp(single(drain()), 1, 0);
        assertThat(next).isNotDone();
    }

    @Test
    void batchesWaitingForARetryAreStampedAgainInOrderUnderTheNewEpoch() {
        acknowledge(single(sendAndDrain(P0)));
        List<ProducerBatch> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(single(sendAndDrain(P0)));
        }
        assertThat(inFlight).extracting(ProducerBatch::baseSequence).containsExactly(1, 2, 3);

        // the first is lost for good (its delivery timeout passed while it waited for a retry)
        respond(inFlight.get(0), ErrorCode.NOT_LEADER_OR_FOLLOWER);
        failures.fail(single(accumulator.expire(Long.MAX_VALUE)), new TimeoutException("expired"));
        // the broker saw a gap for the other two
        respond(inFlight.get(1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        respond(inFlight.get(2), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertStamp(single(drain()), 1, 0);
        assertThat(inFlight.get(1).baseSequence()).isZero();
        assertThat(inFlight.get(2).baseSequence()).isEqualTo(1);
        assertThat(inFlight.get(2).producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void unknownProducerIdIsRetriedUnderABumpedEpoch() {
        idempotence.setProducerId(PRODUCER_ID, (short) 3, List.of());
        ProducerBatch batch = single(sendAndDrain(P0));
        CompletableFuture<RecordMetadata> future = futureOf(batch);

        respond(batch, ErrorCode.UNKNOWN_PRODUCER_ID);

        assertThat(future).isNotDone();
        assertThat(idempotence.epochBumpPending(P0)).isTrue();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertResent(batch, 4, 0);
    }

    @Test
    void outOfOrderSequenceBehindAnOlderRetryWaitsForItWithoutABump() {
        acknowledge(single(sendAndDrain(P0)));
        ProducerBatch older = single(sendAndDrain(P0));
        ProducerBatch newer = single(sendAndDrain(P0));

        respond(older, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        respond(newer, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(idempotence.epochBumpPending(P0)).isFalse();
        assertThat(futureOf(newer)).isNotDone();
        assertResent(older, 0, 1);
    }

    @Test
    void invalidProducerEpochFailsTheBatchAndBumpsTheEpoch() {
        ProducerBatch batch = single(sendAndDrain(P0));
        CompletableFuture<RecordMetadata> future = futureOf(batch);

        respond(batch, ErrorCode.INVALID_PRODUCER_EPOCH);

        assertThat(future).isCompletedExceptionally();
        assertThat(future)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(KafkaErrorException.class)
                .withMessageContaining("INVALID_PRODUCER_EPOCH");
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertStamp(single(sendAndDrain(P0)), 1, 0);
    }

    @Test
    void aBatchTheBrokerRefusedForGoodBumpsTheEpochSoLaterBatchesAreNotOutOfSequence() {
        ProducerBatch refused = single(sendAndDrain(P0));

        respond(refused, ErrorCode.INVALID_RECORD);

        assertThat(futureOf(refused)).isCompletedExceptionally();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertStamp(single(sendAndDrain(P0)), 1, 0);
    }

    @Test
    void anExhaustedEpochTakesANewProducerIdOnlyOnceNothingIsInTheNetwork() {
        idempotence.setProducerId(PRODUCER_ID, Short.MAX_VALUE, List.of());
        ProducerBatch expired = single(sendAndDrain(P0));
        ProducerBatch other = single(sendAndDrain(P1));
        expireInFlight(expired);
        requestFailed(RequestFailure.Kind.DISCONNECTED, expired);

        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isFalse();
        assertThat(idempotence.newProducerIdPending()).isTrue();
        assertThat(idempotence.hasProducerId()).isFalse();
        assertThat(idempotence.nothingInNetwork())
                .as("P1's request is still out")
                .isFalse();

        acknowledge(other);
        assertThat(idempotence.nothingInNetwork()).isTrue();
        idempotence.setProducerId(PRODUCER_ID + 1, (short) 0, accumulator.queuedWithSequence());
        assertStamp(single(sendAndDrain(P0)), PRODUCER_ID + 1, 0, 0);
    }

    @Test
    void everyFailurePathReturnsTheBatchMemoryAndCountsTheRecords() {
        long free = accumulatorFreeMemory();
        ProducerBatch refused = single(sendAndDrain(P0));
        ProducerBatch expiredInFlight = single(sendAndDrain(P1));
        send(P0);
        ProducerBatch queued = single(accumulator.expire(Long.MAX_VALUE));

        respond(refused, ErrorCode.INVALID_RECORD);
        expireInFlight(expiredInFlight);
        failures.fail(queued, new TimeoutException("expired in the queue"));
        assertThat(accumulatorFreeMemory())
                .as("the in-flight batch's memory waits for its request")
                .isLessThan(free);
        requestFailed(RequestFailure.Kind.TIMED_OUT, expiredInFlight);

        assertThat(accumulatorFreeMemory()).isEqualTo(free);
        assertThat(accumulator.hasIncomplete()).isFalse();
        assertThat(metrics.snapshot().get("record-error-total")).isEqualTo(3.0);
    }

    @Test
    void aTransactionalProducerLeavesTheEpochToItsCoordinator() {
        IdempotenceState transactional = new IdempotenceState(true, true);
        transactional.setProducerId(PRODUCER_ID, (short) 0, List.of());

        transactional.requestEpochBump(P0);

        assertThat(transactional.epochBumpPending(P0)).isFalse();
        assertThat(transactional.maybeBumpEpoch(notStampedAgain::add)).isFalse();
    }

    @Test
    void aDuplicateSequenceIsTheBrokerSayingItHasTheBatchAlready() {
        ProducerBatch batch = single(sendAndDrain(P0));

        respond(batch, ErrorCode.DUPLICATE_SEQUENCE_NUMBER);

        assertThat(futureOf(batch)).isCompleted();
        assertThat(idempotence.epochBumpPending(P0)).isFalse();
        assertStamp(single(sendAndDrain(P0)), 0, 1);
    }

    /**
     * The simulator's first finding (fixed in 27731b3): A failed in flight, its fate unknown, while
     * B of its epoch is unacknowledged. B may be in the log, so no new epoch yet: B goes out again
     * with its own sequence, and its acknowledgement proves A is in the log too.
     */
    @Test
    void aFailureInFlightWithALaterBatchUnacknowledgedWaitsForItsAnswerAndAnAcknowledgementKeepsTheEpoch() {
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();

        expireInFlight(sent.a());
        assertThat(idempotence.epochBumpPending(P0))
                .as("B may be in the log: no new epoch yet")
                .isFalse();
        CompletableFuture<RecordMetadata> c = send(P0);
        assertThat(drain())
                .as("nothing new is stamped while the partition's sequence is unknown")
                .isEmpty();
        requestFailed(RequestFailure.Kind.DISCONNECTED, sent.a(), sent.b());
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isFalse();

        assertResent(sent.b(), 0, 2);
        acknowledge(sent.b());

        assertThat(idempotence.epochBumpPending(P0)).isFalse();
        assertStamp(single(drain()), 0, 3);
        assertThat(c).isNotDone();
        assertThat(futureOf(sent.b())).isCompleted();
    }

    /**
     * The same, but B's first attempt was refused for certain and its resend is
     * OUT_OF_ORDER_SEQUENCE_NUMBER at the head: neither A nor B is in the log, nor can B land later,
     * so the epoch goes up and B is stamped again from sequence 0.
     */
    @Test
    void outOfOrderAtTheHeadAfterAFailureInFlightBumpsTheEpochAndStampsTheLaterBatchesFromZero() {
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();
        expireInFlight(sent.a());
        CompletableFuture<RecordMetadata> c = send(P0);
        requestFailed(RequestFailure.Kind.DISCONNECTED, sent.a());
        respond(sent.b(), ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertStamp(single(drain()), 0, 2);

        respond(sent.b(), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(futureOf(sent.b())).isNotDone();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertThat(notStampedAgain).isEmpty();
        assertResent(sent.b(), 1, 0);
        acknowledge(sent.b());
        assertStamp(single(drain()), 1, 1);
        assertThat(c).isNotDone();
    }

    /**
     * Seed 458600 of issue #15: as above, but B's first attempt got no answer (its connection
     * closed), so it may still reach the broker, under epoch 0, before anything of epoch 1 does —
     * after A's own late request, which the OUT_OF_ORDER_SEQUENCE_NUMBER did not rule out either.
     * Stamped again under epoch 1, B would then be in the log twice. B is let go of, to be failed;
     * C, never sent, starts epoch 1 at sequence 0.
     */
    @Test
    void aBatchWhoseUnansweredAttemptMayStillLandIsNotStampedAgainUnderTheNewEpoch() {
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();
        expireInFlight(sent.a());
        CompletableFuture<RecordMetadata> c = send(P0);
        requestFailed(RequestFailure.Kind.DISCONNECTED, sent.a(), sent.b());
        assertStamp(single(drain()), 0, 2);

        respond(sent.b(), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertThat(notStampedAgain).containsExactly(sent.b());
        assertThat(sent.b().producerEpoch())
                .as("B keeps the epoch it may be written under")
                .isZero();
        long free = accumulatorFreeMemory();
        failures.failNotStampedAgain(sent.b(), new TimeoutException("not stamped again"));
        assertThat(futureOf(sent.b())).isCompletedExceptionally();
        assertThat(accumulatorFreeMemory()).isGreaterThan(free);

        ProducerBatch cBatch = single(drain());
        assertThat(cBatch).isNotSameAs(sent.b());
        assertStamp(cBatch, 1, 0);
        acknowledge(cBatch);
        assertThat(c).isCompleted();
        assertThat(drain()).isEmpty();
    }

    /** Without a later batch left to tell, the unknown fate is settled by a new epoch, so the partition does not wait for ever. */
    @Test
    void whenTheLaterBatchFailsTooTheEpochGoesUp() {
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();
        expireInFlight(sent.a());
        requestFailed(RequestFailure.Kind.TIMED_OUT, sent.a(), sent.b());
        assertThat(idempotence.epochBumpPending(P0)).isFalse();

        failures.fail(single(accumulator.expire(Long.MAX_VALUE)), new TimeoutException("expired waiting for a retry"));

        assertThat(futureOf(sent.b())).isCompletedExceptionally();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertStamp(single(sendAndDrain(P0)), 1, 0);
    }

    /**
     * A's answer was REQUEST_TIMED_OUT (the leader may have appended it) and B of its epoch is
     * acknowledged; A's resend is answered OUT_OF_ORDER_SEQUENCE_NUMBER. B does not prove A is in the
     * log (a broker that had forgotten the producer takes B as its first, issue #15), and written
     * now A would land after B: A fails, saying its records may be in the log; no new epoch.
     */
    @Test
    void outOfOrderForABatchThatMayBeInTheLogBelowAnAcknowledgedOneFailsItWithoutWritingItAgain() {
        assertOutOfOrderBelowAnAcknowledgedBatchFailsIt(
                ErrorCode.REQUEST_TIMED_OUT, "they are in the log if an earlier attempt was written");
    }

    /**
     * Issue #15: the broker had forgotten the producer (producer.id.expiration.ms). A is refused
     * outright (NOT_LEADER_OR_FOLLOWER: not appended) while B, later, is acknowledged by a leader
     * without state for the producer, which takes any first sequence. A's resend is answered
     * OUT_OF_ORDER_SEQUENCE_NUMBER; B's acknowledgement does not prove A is in the log, so A fails
     * with an error that names its partition and says why, and is not written after B either.
     */
    @Test
    void outOfOrderForABatchRefusedAtEveryAttemptBelowAnAcknowledgedOneFailsIt() {
        assertOutOfOrderBelowAnAcknowledgedBatchFailsIt(
                ErrorCode.NOT_LEADER_OR_FOLLOWER, "acknowledged later records of this producer without these");
    }

    /**
     * A's first answer is {@code firstAnswer}, B is acknowledged, and A's resend (same epoch and
     * sequence) is answered OUT_OF_ORDER_SEQUENCE_NUMBER: A fails with an error naming the error, its
     * partition and {@code why}; it is not sent again and the epoch stays.
     */
    private void assertOutOfOrderBelowAnAcknowledgedBatchFailsIt(ErrorCode firstAnswer, String why) {
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();
        respond(sent.a(), firstAnswer);
        acknowledge(sent.b());
        assertResent(sent.a(), 0, 1);

        respond(sent.a(), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(futureOf(sent.a()))
                .as("A must not complete as written")
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(KafkaErrorException.class)
                .withMessageContaining("OUT_OF_ORDER_SEQUENCE_NUMBER")
                .withMessageContaining(P0.toString())
                .withMessageContaining(why);
        assertThat(idempotence.epochBumpPending(P0)).isFalse();
        assertThat(drain()).as("A is not sent again, nor written after B").isEmpty();
        assertStamp(single(sendAndDrain(P0)), 0, 3);
    }

    /**
     * 2^31 records into one partition under one epoch and the sequence wraps to 0. An answer of
     * OUT_OF_ORDER_SEQUENCE_NUMBER for the first batch after the wrap says nothing of it being in
     * the log: until this test the acknowledged sequence MAX_VALUE counted as "above" it, and the
     * batch completed as written (offset -1) while the broker had refused it.
     */
    @Test
    void afterTheWrapAnOutOfOrderBatchIsNotTakenForWritten() {
        sequencesStartAt(Integer.MAX_VALUE - 1);
        acknowledge(single(sendAndDrain(P0)));
        acknowledge(single(sendAndDrain(P0)));
        ProducerBatch afterWrap = single(sendAndDrain(P0));
        assertStamp(afterWrap, 0, 0);

        respond(afterWrap, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);

        assertThat(futureOf(afterWrap))
                .as("refused, not written: it must not complete as a success")
                .isNotDone();
        assertThat(idempotence.maybeBumpEpoch(notStampedAgain::add)).isTrue();
        assertResent(afterWrap, 1, 0);
    }

    /** Retries go back into the queue in sequence order across the wrap: MAX_VALUE before 0. */
    @Test
    void batchesRetriedAcrossTheWrapGoOutAgainInSequenceOrder() {
        sequencesStartAt(Integer.MAX_VALUE - 1);
        acknowledge(single(sendAndDrain(P0)));
        ProducerBatch beforeWrap = single(sendAndDrain(P0));
        ProducerBatch afterWrap = single(sendAndDrain(P0));
        assertStamp(beforeWrap, 0, Integer.MAX_VALUE);
        assertStamp(afterWrap, 0, 0);

        requestFailed(RequestFailure.Kind.DISCONNECTED, beforeWrap, afterWrap);

        assertThat(single(drain())).as("the older sequence goes first").isSameAs(beforeWrap);
        acknowledge(beforeWrap);
        assertThat(single(drain())).isSameAs(afterWrap);
    }

    /**
     * A, at sequence MAX_VALUE, failed in flight while B after it (sequence 0) was unacknowledged.
     * B's acknowledgement proves A in the log, so the epoch stays, as it does away from the wrap;
     * until this test sequence 0 did not count as after MAX_VALUE and the epoch went up.
     */
    @Test
    void anAcknowledgementAfterTheWrapSettlesAFailureBeforeIt() {
        sequencesStartAt(Integer.MAX_VALUE - 1);
        AAndB sent = aAndBInFlightBehindAnAcknowledgedBatch();
        assertStamp(sent.a(), 0, Integer.MAX_VALUE);
        assertStamp(sent.b(), 0, 0);

        expireInFlight(sent.a());
        requestFailed(RequestFailure.Kind.DISCONNECTED, sent.a(), sent.b());
        assertThat(single(drain())).isSameAs(sent.b());
        acknowledge(sent.b());

        assertThat(idempotence.epochBumpPending(P0))
                .as("B's acknowledgement proves A written")
                .isFalse();
        assertStamp(single(sendAndDrain(P0)), 0, 1);
    }
}
