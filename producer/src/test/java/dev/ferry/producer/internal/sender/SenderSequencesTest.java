package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.P1;
import static dev.ferry.producer.internal.sender.CoreUnderTest.PRODUCER_ID;
import static dev.ferry.producer.internal.sender.FutureFailures.assertExpiredAfterDeliveryTimeout;
import static dev.ferry.producer.internal.sender.FutureFailures.assertThatFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.FerryException;
import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The I/O thread of an idempotent producer against scripted brokers: sequences per partition, and
 * what an expiry in flight, OUT_OF_ORDER_SEQUENCE_NUMBER and UNKNOWN_PRODUCER_ID do to them and to the
 * epoch (kafka-clients' {@code SenderTest} and {@code TransactionManager#canRetry} cases). Requests
 * are parsed and answers encoded by kafka-clients, as in {@link SenderTest}; every scenario ends with
 * nothing left over.
 */
class SenderSequencesTest {
    @RegisterExtension
    final SettledCores cores = new SettledCores();

    /** kafka-clients SenderTest#testSequenceNumberIncrement: sequences count records, per partition. */
    @Test
    void sequencesCountRecordsPerPartitionIndependently() {
        CoreUnderTest core = started(b -> b.lingerMs(50));
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(core.append(P0));
        }
        futures.add(core.append(P1));
        core.clock.advance(50);
        answerAllProduce(core, 2);
        futures.add(core.append(P0));
        futures.add(core.append(P1));
        core.clock.advance(50);
        List<ScriptedNetwork.Exchange> second = answerAllProduce(core, 2);

        Map<TopicPartition, Integer> sequences = new java.util.HashMap<>();
        for (ScriptedNetwork.Exchange exchange : core.network.received(ApiKeys.PRODUCE)) {
            core.network.batches(exchange).forEach((tp, batch) -> {
                assertThat(batch.baseSequence()).as("base sequence of %s", tp).isEqualTo(sequences.getOrDefault(tp, 0));
                sequences.put(tp, batch.lastSequence() + 1);
            });
        }
        assertThat(sequences).containsEntry(P0, 4).containsEntry(P1, 2);
        assertThat(second).hasSize(2);
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    /**
     * kafka-clients SenderTest#testInflightBatchesExpireOnDeliveryTimeout and
     * #testExpiryOfAllSentBatchesShouldCauseUnresolvedSequences: a batch in flight fails at its
     * delivery deadline; the answer that comes later changes nothing for it, its memory comes back
     * only then, and its partition goes on under a new epoch from sequence 0 (its fate is unknown).
     */
    @Test
    void anInFlightBatchExpiresAndItsLateAnswerIsIgnoredThenThePartitionMovesToANewEpoch() {
        CoreUnderTest core = started(b -> b.requestTimeoutMs(30_000).deliveryTimeoutMs(30_000));
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(first, core.network.produceAnswer(first, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
        core.runOnce();
        core.clock.advance(100);
        ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);

        core.clock.advance(29_900);
        core.runUntil(future::isDone, "expiry in flight");
        assertExpiredAfterDeliveryTimeout(future, 30_000);
        assertThat(core.network.isWaiting(retry))
                .as("the request is still in the network")
                .isTrue();
        assertThat(core.pool.availableMemory())
                .as("memory held while the request may still be read")
                .isLessThan(core.pool.totalMemory());

        core.network.respond(retry, core.network.produceAnswer(retry));
        core.runUntil(() -> !core.network.isWaiting(retry), "the late answer");
        assertThatFailure(future).isInstanceOf(TimeoutException.class);

        RecordFuture next = core.append(P0);
        ScriptedNetwork.Exchange after = core.awaitRequest(ApiKeys.PRODUCE);
        RecordBatch batch = core.network.batches(after).get(P0);
        assertThat(batch.producerId()).as("same producer id").isEqualTo(PRODUCER_ID);
        assertThat(batch.producerEpoch()).as("bumped epoch").isEqualTo((short) 1);
        assertThat(batch.baseSequence()).isZero();
        assertThat(core.network.received(ApiKeys.INIT_PRODUCER_ID))
                .as("a bump, not a new id")
                .hasSize(1);
        core.network.respond(after, core.network.produceAnswer(after));
        core.runUntil(next::isDone, "completion");
    }

    /**
     * The simulator's first finding (seed 6, fixed in 27731b3), rule 1 when the broker has the failed
     * batch: A (seq 1) expires in flight while B (seq 2) and C (seq 3) of its epoch are unacknowledged,
     * then the connection is lost with all three sent; the broker had appended A only. B and C go out
     * again with their own epoch-0 sequences, one at a time; B's acknowledgement proves A is in the
     * log, so the epoch stays. Stamped again at once as epoch 1 seq 0 and 1, B and C would have been
     * appended a second time had the broker held them too.
     */
    @Test
    void afterAnInFlightExpiryTheLaterBatchesGoOutWithTheirOwnSequencesAndAnAcknowledgementKeepsTheEpoch() {
        FateUnknown given = firstOfThreeExpiresInFlightThenTheConnectionIsLost(true);
        CoreUnderTest core = given.core;

        core.rounds(3);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("C waits for B's answer")
                .hasSize(5);
        core.network.respond(given.resentB, core.network.produceAnswer(given.resentB));
        core.runUntil(given.b::isDone, "B's acknowledgement");
        ScriptedNetwork.Exchange resentC = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, resentC, 0, 3);
        core.network.respond(resentC, core.network.produceAnswer(resentC));
        core.runUntil(given.c::isDone, "C's acknowledgement");

        RecordFuture d = core.append(P0);
        ScriptedNetwork.Exchange next = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, next, 0, 4);
        core.network.respond(next, core.network.produceAnswer(next));
        core.runUntil(d::isDone, "D's acknowledgement");

        assertThatFailure(given.a).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms");
        assertThat(List.of(given.b, given.c, d))
                .extracting(f -> f.join().offset())
                .containsExactly(2L, 3L, 4L);
        assertSevenProducesUnderOneProducerId(core, "W, A, B, C, B again, C again, D");
    }

    /**
     * Rule 1 when the broker has none of them: B's resend with its own sequence is answered
     * OUT_OF_ORDER_SEQUENCE_NUMBER at the head of the partition. C's attempt ended unanswered too,
     * and a broker that had forgotten the producer may have taken C as its first (issue #15), so B
     * fails rather than being stamped again ahead of C. C's resend is OUT_OF_ORDER_SEQUENCE_NUMBER
     * at the head with nothing after it: the epoch goes up. C is not stamped again (seed 458600):
     * its first attempt, and A's, may still reach the broker under epoch 0 before anything of epoch 1
     * does, and C would be in the log twice; it fails, saying its records may be in the log. D,
     * never sent before, starts epoch 1 at sequence 0.
     */
    @Test
    void afterAnInFlightExpiryOutOfOrderAtTheHeadBumpsTheEpochAndFailsABatchWhoseUnansweredAttemptMayStillLand() {
        FateUnknown given = firstOfThreeExpiresInFlightThenTheConnectionIsLost(false);
        CoreUnderTest core = given.core;

        core.network.respond(
                given.resentB,
                core.network.produceAnswer(given.resentB, Map.of(P0, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER)));
        core.runUntil(given.b::isDone, "B's failure");
        assertThatFailure(given.b)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("OUT_OF_ORDER_SEQUENCE_NUMBER");
        core.clock.advance(100);
        ScriptedNetwork.Exchange resentC = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, resentC, 0, 3);
        long freeBeforeC = core.pool.availableMemory();
        core.network.respond(
                resentC, core.network.produceAnswer(resentC, Map.of(P0, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER)));
        core.runUntil(given.c::isDone, "C's failure at the epoch bump");
        assertThatFailure(given.c)
                .isInstanceOf(FerryException.class)
                .hasMessage("producing to orders-0: 1 record(s) not sent again: an earlier attempt under producer"
                        + " id " + PRODUCER_ID + " epoch 0 got no answer, or an error the broker gives after"
                        + " appending, and may still be written; the partition's sequence broke and it goes on"
                        + " under epoch 1, where these records would be written a second time. They may or may"
                        + " not be in the log");
        assertThat(core.pool.availableMemory()).as("C's memory is back").isGreaterThan(freeBeforeC);

        RecordFuture d = core.append(P0);
        ScriptedNetwork.Exchange sentD = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, sentD, 1, 0);
        core.network.respond(sentD, core.network.produceAnswer(sentD));
        core.runUntil(d::isDone, "D's acknowledgement");

        assertThatFailure(given.a).isInstanceOf(TimeoutException.class);
        assertThat(d.join().offset()).isEqualTo(1L);
        assertSevenProducesUnderOneProducerId(core, "W, A, B, C, B refused, C refused, D of epoch 1");
    }

    /**
     * Rule 2: A (seq 1) is in the log but its answer is REQUEST_TIMED_OUT (the leader appended it,
     * acks=all's wait for the replicas ran out), and B (seq 2) of its epoch is acknowledged. A's
     * resend is answered OUT_OF_ORDER_SEQUENCE_NUMBER by a broker that no longer finds seq 1 among
     * the batches it remembers. B's acknowledgement does not prove A is in the log (a broker that
     * had forgotten the producer takes B as its first, issue #15), so A fails rather than being
     * reported written, and it is not stamped again under a new epoch and appended a second time.
     */
    @Test
    void outOfOrderForABatchBelowAnAcknowledgedOneFailsItInsteadOfStampingItAgain() {
        CoreUnderTest core = started(b -> b);
        acknowledgeWarmUp(core);
        RecordFuture a = core.append(P0);
        ScriptedNetwork.Exchange sentA = core.awaitRequest(ApiKeys.PRODUCE);
        RecordFuture b = core.append(P0);
        core.runUntil(() -> core.network.received(ApiKeys.PRODUCE).size() == 3, "B in flight behind A");
        ScriptedNetwork.Exchange sentB = core.network.received(ApiKeys.PRODUCE).get(2);
        assertOnlyBatch(core, sentA, 0, 1);
        assertOnlyBatch(core, sentB, 0, 2);

        brokerAppends(core, sentA);
        core.network.respond(sentA, core.network.produceAnswer(sentA, Map.of(P0, Errors.REQUEST_TIMED_OUT)));
        core.network.respond(sentB, core.network.produceAnswer(sentB));
        core.runUntil(b::isDone, "B's acknowledgement");
        core.clock.advance(100);
        ScriptedNetwork.Exchange resentA = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, resentA, 0, 1);
        core.network.respond(
                resentA, core.network.produceAnswer(resentA, Map.of(P0, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER)));
        core.runUntil(a::isDone, "A's completion");
        core.clock.advance(100);
        core.rounds(3);

        assertThatFailure(a)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("OUT_OF_ORDER_SEQUENCE_NUMBER")
                .hasMessageContaining("they are in the log if an earlier attempt was written");
        assertThat(b.join().offset()).isEqualTo(2);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("A is not sent a third time")
                .hasSize(4);
        RecordFuture c = core.append(P0);
        ScriptedNetwork.Exchange next = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, next, 0, 3);
        core.network.respond(next, core.network.produceAnswer(next));
        core.runUntil(c::isDone, "C's acknowledgement");
        assertThat(c.join().offset()).isEqualTo(3);
    }

    /**
     * The four records of the rule-1 scenarios: W acknowledged, A failed in flight, B and C of A's
     * epoch unacknowledged, B sent again.
     */
    private record FateUnknown(
            CoreUnderTest core, RecordFuture a, RecordFuture b, RecordFuture c, ScriptedNetwork.Exchange resentB) {}

    /**
     * W (seq 0) is acknowledged at offset 0. A is appended, and sent a second later as seq 1; B
     * (seq 2) and C (seq 3) follow it at once, so A's delivery.timeout.ms passes first, while all
     * three requests are unanswered. Then the broker drops the connection; it had appended A
     * ({@code brokerHasA}) or nothing. After the backoff B goes out again first, with its own
     * epoch-0 sequence.
     */
    private FateUnknown firstOfThreeExpiresInFlightThenTheConnectionIsLost(boolean brokerHasA) {
        CoreUnderTest core = started(b -> b.requestTimeoutMs(30_000).deliveryTimeoutMs(30_000));
        acknowledgeWarmUp(core);
        RecordFuture a = core.append(P0);
        core.clock.advance(1_000);
        ScriptedNetwork.Exchange sentA = core.awaitRequest(ApiKeys.PRODUCE);
        RecordFuture b = core.append(P0);
        core.runUntil(() -> core.network.received(ApiKeys.PRODUCE).size() == 3, "B in flight");
        RecordFuture c = core.append(P0);
        core.runUntil(() -> core.network.received(ApiKeys.PRODUCE).size() == 4, "C in flight");
        List<ScriptedNetwork.Exchange> produces = core.network.received(ApiKeys.PRODUCE);
        assertOnlyBatch(core, sentA, 0, 1);
        assertOnlyBatch(core, produces.get(2), 0, 2);
        assertOnlyBatch(core, produces.get(3), 0, 3);
        if (brokerHasA) {
            brokerAppends(core, sentA);
        }

        core.clock.advance(29_000);
        core.runUntil(a::isDone, "A's expiry in flight");
        assertThat(produces.subList(1, 4)).as("the requests are still out").allMatch(core.network::isWaiting);
        core.network.dropConnection(0);
        core.runOnce();
        assertThat(List.of(b, c))
                .as("B and C are retried, their delivery.timeout.ms is a second away")
                .noneMatch(RecordFuture::isDone);
        core.clock.advance(100);
        ScriptedNetwork.Exchange resentB = core.awaitRequest(ApiKeys.PRODUCE);
        assertOnlyBatch(core, resentB, 0, 2);
        return new FateUnknown(core, a, b, c, resentB);
    }

    /** The rule-1 scenarios send seven Produce requests, these, and keep the producer id they began with. */
    private static void assertSevenProducesUnderOneProducerId(CoreUnderTest core, String produces) {
        assertThat(core.network.received(ApiKeys.PRODUCE)).as(produces).hasSize(7);
        assertThat(core.network.received(ApiKeys.INIT_PRODUCER_ID))
                .as("no new producer id")
                .hasSize(1);
    }

    private static void acknowledgeWarmUp(CoreUnderTest core) {
        RecordFuture warmUp = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(warmUp::isDone, "the warm-up record");
        assertThat(warmUp.join().offset()).isZero();
    }

    /** The scripted broker appends the request's batches to its log, taking their offsets, whatever it answers, if it answers. */
    private static void brokerAppends(CoreUnderTest core, ScriptedNetwork.Exchange produce) {
        core.network.produceAnswer(produce);
    }

    /** The request carries one batch, of P0, under producer id {@link CoreUnderTest#PRODUCER_ID}, with this epoch and base sequence. */
    private static void assertOnlyBatch(
            CoreUnderTest core, ScriptedNetwork.Exchange produce, int epoch, int baseSequence) {
        Map<TopicPartition, RecordBatch> batches = core.network.batches(produce);
        assertThat(batches)
                .as("partitions of Produce request %d", produce.header.correlationId())
                .containsOnlyKeys(P0);
        RecordBatch batch = batches.get(P0);
        assertThat(batch.producerId()).as("producer id").isEqualTo(PRODUCER_ID);
        assertThat(batch.producerEpoch())
                .as("epoch of Produce request %d", produce.header.correlationId())
                .isEqualTo((short) epoch);
        assertThat(batch.baseSequence())
                .as("base sequence of Produce request %d", produce.header.correlationId())
                .isEqualTo(baseSequence);
        assertThat(batch.countOrNull()).as("records").isEqualTo(1);
    }

    /**
     * kafka-clients SenderTest#testCorrectHandlingOfOutOfOrderResponses: when the first of two
     * batches in flight is refused with a retriable error, the broker answers the second
     * OUT_OF_ORDER_SEQUENCE_NUMBER; that is a gap the first will fill, so both are resent in
     * order, same epoch, no bump.
     */
    @Test
    void outOfOrderBehindARetriedBatchIsRetriedInOrderWithoutAnEpochBump() {
        CoreUnderTest core = started(b -> b);
        RecordFuture a = core.append(P0);
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(first, core.network.produceAnswer(first));
        core.runUntil(a::isDone, "the first batch");

        RecordFuture b = core.append(P0);
        ScriptedNetwork.Exchange second = core.awaitRequest(ApiKeys.PRODUCE);
        RecordFuture c = core.append(P0);
        core.runUntil(() -> core.network.received(ApiKeys.PRODUCE).size() == 3, "a second batch in flight");
        ScriptedNetwork.Exchange third = core.network.received(ApiKeys.PRODUCE).get(2);
        assertThat(core.network.batches(third).get(P0).baseSequence()).isEqualTo(2);

        core.network.respond(second, core.network.produceAnswer(second, Map.of(P0, Errors.NOT_ENOUGH_REPLICAS)));
        core.network.respond(third, core.network.produceAnswer(third, Map.of(P0, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER)));
        core.runOnce();
        core.clock.advance(100);

        List<Integer> resent = new ArrayList<>();
        while (!(b.isDone() && c.isDone())) {
            ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);
            RecordBatch batch = core.network.batches(retry).get(P0);
            assertThat(batch.producerEpoch()).isZero();
            resent.add(batch.baseSequence());
            core.network.respond(retry, core.network.produceAnswer(retry));
            core.runOnce();
        }
        assertThat(resent).containsExactly(1, 2);
        assertThat(b.join().offset()).isLessThan(c.join().offset());
    }

    /**
     * KIP-360, kafka-clients TransactionManager#canRetry for idempotent producers: a real gap
     * (OUT_OF_ORDER_SEQUENCE_NUMBER with nothing older outstanding) or UNKNOWN_PRODUCER_ID bumps the
     * epoch of the same producer id and the batch is resent from sequence 0.
     */
    @Test
    void outOfOrderWithNothingOlderOutstandingBumpsTheEpochAndResendsFromSequenceZero() {
        assertEpochBumpAfter(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void unknownProducerIdBumpsTheEpochAndResendsFromSequenceZero() {
        assertEpochBumpAfter(Errors.UNKNOWN_PRODUCER_ID);
    }

    private void assertEpochBumpAfter(Errors error) {
        CoreUnderTest core = started(b -> b);
        acknowledgeWarmUp(core);
        RecordFuture b = core.append(P0);
        ScriptedNetwork.Exchange refused = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(refused).get(P0).baseSequence()).isEqualTo(1);
        core.network.respond(refused, core.network.produceAnswer(refused, Map.of(P0, error)));
        core.runOnce();
        core.clock.advance(100);
        ScriptedNetwork.Exchange resent = core.awaitRequest(ApiKeys.PRODUCE);
        RecordBatch batch = core.network.batches(resent).get(P0);
        assertThat(batch.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(batch.producerEpoch()).isEqualTo((short) 1);
        assertThat(batch.baseSequence()).isZero();
        core.network.respond(resent, core.network.produceAnswer(resent));
        core.runUntil(b::isDone, "completion");
        assertThat(b).isCompleted();
        assertThat(core.network.received(ApiKeys.INIT_PRODUCER_ID)).hasSize(1);
    }

    /** A started core with these settings, checked for leftovers after the test. */
    private CoreUnderTest started(UnaryOperator<ProducerConfigBuilder> settings) {
        return cores.add(new CoreUnderTest(settings).started());
    }

    private static List<ScriptedNetwork.Exchange> answerAllProduce(CoreUnderTest core, int requests) {
        List<ScriptedNetwork.Exchange> answered = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
            core.network.respond(produce, core.network.produceAnswer(produce));
            answered.add(produce);
        }
        core.rounds(2);
        return answered;
    }
}
