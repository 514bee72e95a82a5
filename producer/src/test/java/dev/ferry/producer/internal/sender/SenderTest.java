package dev.ferry.producer.internal.sender;

import static dev.ferry.producer.internal.sender.CoreUnderTest.P0;
import static dev.ferry.producer.internal.sender.CoreUnderTest.P1;
import static dev.ferry.producer.internal.sender.CoreUnderTest.PRODUCER_ID;
import static dev.ferry.producer.internal.sender.FutureFailures.assertExpiredAfterDeliveryTimeout;
import static dev.ferry.producer.internal.sender.FutureFailures.assertThatFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.KafkaErrorException;
import dev.ferry.producer.ProducerClosedException;
import dev.ferry.producer.ProducerConfigBuilder;
import dev.ferry.producer.RecordTooLargeException;
import dev.ferry.producer.RetriableKafkaErrorException;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.RecordFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The I/O thread against scripted brokers, in the manner of kafka-clients' {@code SenderTest}: each
 * Produce request is parsed by kafka-clients (its batches CRC-checked, their producer id, epoch and
 * sequence read by {@code RecordBatch}), each answer is encoded by kafka-clients, and time moves
 * only when the test moves it. Every scenario ends with nothing left over ({@link CoreUnderTest#assertSettled()}, after each test).
 */
class SenderTest {
    @RegisterExtension
    final SettledCores cores = new SettledCores();

    @Test
    void aRecordGoesToItsPartitionsLeaderAndCompletesWithTheOffsetTheBrokerGave() {
        CoreUnderTest core = started(b -> b);
        core.network.topic("other", 1);
        RecordFuture first = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(produce.node).as("P0's leader").isEqualTo(0);
        RecordBatch batch = core.network.batches(produce).get(P0);
        assertThat(batch.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(batch.baseSequence()).isZero();
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(first::isDone, "the record's completion");

        RecordFuture second = core.append(P0);
        ScriptedNetwork.Exchange next = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(next, core.network.produceAnswer(next));
        core.runUntil(second::isDone, "the second record's completion");

        assertThat(first.join().offset()).isZero();
        assertThat(second.join().offset()).isEqualTo(1);
    }

    /**
     * kafka-clients SenderTest#testRetries and #testIdempotenceWithMultipleInflightsRetriedInOrder:
     * a retriable error sends the same batch again, same sequence and epoch, once retry.backoff.ms
     * has passed, after a metadata refresh.
     */
    @Test
    void aRetriableErrorResendsTheSameBatchAfterTheBackoffWithItsSequence() {
        CoreUnderTest core = startedAWhileAgo(b -> b);
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        int metadataRequests = core.network.received(ApiKeys.METADATA).size();
        core.network.respond(first, core.network.produceAnswer(first, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
        core.rounds(5);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("nothing resent within retry.backoff.ms")
                .hasSize(1);
        assertThat(core.network.received(ApiKeys.METADATA))
                .as("NOT_LEADER_OR_FOLLOWER refreshes metadata")
                .hasSizeGreaterThan(metadataRequests);
        assertThat(future).isNotDone();

        core.clock.advance(100);
        ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);
        RecordBatch again = core.network.batches(retry).get(P0);
        RecordBatch original = core.network.batches(first).get(P0);
        assertThat(again.baseSequence()).isEqualTo(original.baseSequence());
        assertThat(again.producerEpoch()).isEqualTo(original.producerEpoch());
        core.network.respond(retry, core.network.produceAnswer(retry));
        core.runUntil(future::isDone, "completion");
        assertThat(future.join().offset()).isZero();
    }

    /** NOT_LEADER_OR_FOLLOWER after a leader change: the refreshed metadata sends the retry to the new leader. */
    @Test
    void aRetryAfterALeaderChangeGoesToTheNewLeader() {
        CoreUnderTest core = startedAWhileAgo(b -> b);
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(first.node).isZero();
        core.network.moveLeader(P0, 2);
        core.network.respond(first, core.network.produceAnswer(first, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
        core.runUntil(
                () -> core.cluster().leaderFor(P0).map(node -> node.id() == 2).orElse(false),
                "the new leader in metadata");
        core.clock.advance(100);
        ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(retry.node).isEqualTo(2);
        assertThat(core.network.batches(retry).get(P0).baseSequence()).isZero();
        core.network.respond(retry, core.network.produceAnswer(retry));
        core.runUntil(future::isDone, "completion");
        assertThat(future).isCompleted();
    }

    /**
     * A broker that has not caught up with a leader change answers Metadata with the old leader in
     * an older leader epoch: the producer keeps the leader of the newest epoch it heard, as
     * kafka-clients' {@code Metadata} ignores an answer with an older epoch, and does not send the
     * partition's batches back to the old leader.
     */
    @Test
    void aMetadataAnswerWithAnOlderLeaderEpochDoesNotTakeThePartitionBackToItsOldLeader() {
        CoreUnderTest core = started(b -> b);
        core.network.metadataFromBrokers();
        core.network.moveLeader(P0, 2);
        ScriptedNetwork.Exchange current = refreshMetadata(core);
        core.network.respond(current, core.network.metadata(current.data(), core.network.leadership()));
        core.runUntil(() -> !core.network.isWaiting(current), "the current answer heard");
        assertThat(core.cluster().leaderFor(P0).orElseThrow().id()).isEqualTo(2);
        Map<TopicPartition, ScriptedNetwork.Leadership> behind = new LinkedHashMap<>(core.network.leadership());
        behind.put(P0, new ScriptedNetwork.Leadership(0, 0));
        ScriptedNetwork.Exchange stale = refreshMetadata(core);
        core.network.respond(stale, core.network.metadata(stale.data(), behind));
        core.runUntil(() -> !core.network.isWaiting(stale), "the stale answer heard");

        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(produce.node).as("the leader of the newest epoch heard").isEqualTo(2);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(future::isDone, "completion");
        assertThat(future.join().offset()).isZero();
    }

    private static ScriptedNetwork.Exchange refreshMetadata(CoreUnderTest core) {
        core.metadata.requestUpdate();
        waitOutRefreshBackoff(core);
        return core.awaitRequest(ApiKeys.METADATA);
    }

    /** Moves time on to when the refresh asked for may go out: retry.backoff.ms after the last one at the least. */
    private static void waitOutRefreshBackoff(CoreUnderTest core) {
        core.clock.advance(core.metadata.timeToNextUpdate(core.clock.getAsLong()));
    }

    /**
     * A partition whose only replica is down has no leader: kafka-clients asks for metadata again
     * after retry.backoff.ms and, while the answers change nothing, backs off twice as long each time
     * up to retry.backoff.max.ms. Ferry asked in every round, one request per round trip: thousands
     * a second for as long as the partition had no leader.
     */
    @Test
    void whileAPartitionHasNoLeaderMetadataIsAskedForAtTheBackoffsPaceNotEveryRound() {
        CoreUnderTest core = started(b -> b.retryBackoffMaxMs(1_000));
        core.network.loseLeader(P0);
        core.metadata.requestUpdate();
        waitOutRefreshBackoff(core);
        core.runUntil(() -> core.cluster().leaderFor(P0).isEmpty(), "P0 without a leader in metadata");
        RecordFuture waiting = core.append(P0);
        int before = core.network.received(ApiKeys.METADATA).size();

        for (int round = 0; round < 10_000; round++) {
            core.runOnce();
            core.clock.advance(1);
        }

        // 10 s, a round a millisecond: after the answer that took the leader away (a new leader epoch)
        // 100 ms, then while answers change nothing 100, 200, 400 and 800 ms (each ±20%), then the cap
        // of 1,000 ms: 5 requests by 1.3-1.9 s and 8 more
        assertThat(core.network.received(ApiKeys.METADATA).size() - before)
                .as("Metadata requests in 10 s without a leader")
                .isBetween(12, 14);
        assertThat(waiting).isNotDone();

        core.network.moveLeader(P0, 1);
        core.clock.advance(1_000);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(produce.node)
                .as("the new leader, learnt by the next refresh")
                .isEqualTo(1);
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(waiting::isDone, "the record's delivery");
    }

    /**
     * A refresh asked for within retry.backoff.ms of the last answer waits for the rest of it: the
     * I/O thread sleeps exactly that long, not the longest poll (it would refresh late) and not zero
     * (a busy loop); while a refresh is in flight it waits for the answer.
     */
    @Test
    void theIoThreadSleepsUntilARequestedRefreshMayGoOut() {
        CoreUnderTest core = started(b -> b);
        int sent = core.network.received(ApiKeys.METADATA).size();
        core.clock.advance(40);
        core.metadata.requestUpdate();

        core.runOnce();

        assertThat(core.network.lastPollTimeoutMs())
                .as("the rest of retry.backoff.ms since the answer 40 ms ago (no jitter with retry.backoff.max.ms"
                        + " no higher)")
                .isEqualTo(60);
        core.clock.advance(59);
        core.runOnce();
        assertThat(core.network.received(ApiKeys.METADATA)).as("1 ms early").hasSize(sent);
        core.network.metadataFromBrokers();
        core.clock.advance(1);
        core.runOnce();
        assertThat(core.network.received(ApiKeys.METADATA)).as("once allowed").hasSize(sent + 1);

        core.metadata.requestUpdate();
        core.runOnce();
        assertThat(core.network.lastPollTimeoutMs())
                .as("asked for again while one is in flight")
                .isPositive();
        ScriptedNetwork.Exchange inFlight = core.network.waiting(ApiKeys.METADATA);
        core.network.respond(inFlight, core.network.metadata(inFlight.data(), core.network.leadership()));
        core.runUntil(() -> !core.network.isWaiting(inFlight), "the answer heard");
    }

    /** acks=0: the request expects no answer; the record completes once written, without an offset. */
    @Test
    void withAcksZeroARecordCompletesWhenWrittenWithoutAnOffset() {
        CoreUnderTest core = started(b -> b.enableIdempotence(false).acks(dev.ferry.producer.Acks.NONE));
        RecordFuture future = core.append(P0);
        core.runUntil(future::isDone, "completion");
        assertThat(future.join().offset()).isEqualTo(-1);
        ScriptedNetwork.Exchange produce =
                core.network.received(ApiKeys.PRODUCE).get(0);
        assertThat(((org.apache.kafka.common.message.ProduceRequestData) produce.data()).acks())
                .isZero();
    }

    /** kafka-clients SenderTest#testRetries: once retries are used up the last error fails the record. */
    @Test
    void aRetriableErrorFailsTheRecordOnceRetriesAreUsedUp() {
        CoreUnderTest core = started(b ->
                b.enableIdempotence(false).acks(dev.ferry.producer.Acks.LEADER).retries(1));
        RecordFuture future = core.append(P0);
        for (int attempt = 0; attempt < 2; attempt++) {
            ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
            core.network.respond(produce, core.network.produceAnswer(produce, Map.of(P0, Errors.NOT_ENOUGH_REPLICAS)));
            core.runOnce();
            core.clock.advance(100);
        }
        core.runUntil(future::isDone, "the failure");
        assertThat(core.network.received(ApiKeys.PRODUCE)).hasSize(2);
        assertThatFailure(future)
                .isInstanceOf(RetriableKafkaErrorException.class)
                .hasMessageContaining("NOT_ENOUGH_REPLICAS");
    }

    @Test
    void aNonRetriableErrorFailsTheRecordAtOnce() {
        CoreUnderTest core = started(b -> b);
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(
                produce, core.network.produceAnswer(produce, Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));
        core.runUntil(future::isDone, "the failure");
        assertThatFailure(future)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
        assertThat(core.network.received(ApiKeys.PRODUCE)).hasSize(1);
    }

    /**
     * kafka-clients SenderTest#testExpiredBatchDoesNotRetry / RecordAccumulatorTest#testExpiredBatches:
     * queued batches expire, the error naming the partition and the time since the batch was made.
     */
    @Test
    void aBatchWhoseLeaderIsUnreachableExpiresAfterDeliveryTimeout() {
        CoreUnderTest core = started(b -> b.requestTimeoutMs(1_000).deliveryTimeoutMs(5_000));
        core.network.dropConnection(0);
        core.network.unreachable(0, true);
        RecordFuture future = core.append(P0);
        core.clock.advance(4_999);
        core.rounds(3);
        assertThat(future).isNotDone();
        core.clock.advance(1);
        core.runUntil(future::isDone, "expiry");
        assertExpiredAfterDeliveryTimeout(future, 5_000);
        assertThat(core.network.received(ApiKeys.PRODUCE)).isEmpty();
    }

    /**
     * kafka-clients (KIP-219) mutes a connection for the throttle_time_ms of an answer: a broker over
     * its quota answers at once and expects the client to wait. Ferry recorded the throttle time in
     * its metrics only and sent the next Produce at once.
     */
    @Test
    void aProduceAnswerWithAThrottleTimeHoldsBackTheNextProduceToThatBrokerOnly() {
        CoreUnderTest core = started(b -> b);
        RecordFuture first = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(produce, core.network.produceAnswer(produce).setThrottleTimeMs(500));
        core.runUntil(first::isDone, "the acknowledgement");

        RecordFuture held = core.append(P0);
        RecordFuture elsewhere = core.append(P1);
        core.rounds(5);
        core.clock.advance(499);
        core.rounds(5);

        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("within the throttle time only broker 1 (P1's leader) gets a Produce")
                .extracting(exchange -> exchange.node)
                .containsExactly(0, 1);
        core.clock.advance(1);
        ScriptedNetwork.Exchange after = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(after.node).isEqualTo(1);
        core.network.respond(after, core.network.produceAnswer(after));
        ScriptedNetwork.Exchange again = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(again.node).isZero();
        core.network.respond(again, core.network.produceAnswer(again));
        core.runUntil(() -> held.isDone() && elsewhere.isDone(), "both acknowledgements");
    }

    /**
     * Without idempotence two batches of a partition fail together (their connection closed) and
     * are queued for a retry, the younger first, as kafka-clients' addFirst puts them; expiry looks
     * at the head of the queue only, so the older one was held until the younger one's deadline,
     * past its own delivery.timeout.ms (found by the simulation, --mode acks1). A retried batch now
     * goes behind the queued batches created before it.
     */
    @Test
    void aRetriedBatchDoesNotHoldAnOlderOneBeyondItsDeliveryTimeout() {
        CoreUnderTest core = started(b -> b.enableIdempotence(false)
                .acks(dev.ferry.producer.Acks.LEADER)
                .requestTimeoutMs(1_000)
                .deliveryTimeoutMs(5_000));
        RecordFuture older = core.append(P0);
        core.awaitRequest(ApiKeys.PRODUCE);
        core.clock.advance(500);
        RecordFuture younger = core.append(P0);
        core.runUntil(() -> core.network.received(ApiKeys.PRODUCE).size() == 2, "the second Produce");
        core.network.unreachable(0, true);
        core.network.dropConnection(0);
        core.rounds(3);

        core.clock.advance(4_500);
        core.rounds(3);

        assertThatFailure(older).isInstanceOf(TimeoutException.class).hasMessageContaining("delivery.timeout.ms");
        assertThat(younger).isNotDone();
        core.clock.advance(500);
        core.runUntil(younger::isDone, "the younger batch's expiry");
        assertThatFailure(younger).isInstanceOf(TimeoutException.class);
    }

    /** A request unanswered for request.timeout.ms closes its connection, and the batch is retried on a new one. */
    @Test
    void aRequestTimeoutClosesTheConnectionAndTheBatchIsRetried() {
        CoreUnderTest core = started(b -> b.requestTimeoutMs(1_000).deliveryTimeoutMs(10_000));
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange lost = core.awaitRequest(ApiKeys.PRODUCE);
        core.clock.advance(1_000);
        core.runUntil(() -> !core.network.isWaiting(lost), "the request timeout");
        assertThat(core.network.isConnected(0)).isFalse();
        core.clock.advance(1_000);
        ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(retry).get(P0).baseSequence()).isZero();
        core.network.respond(retry, core.network.produceAnswer(retry));
        core.runUntil(future::isDone, "completion");
        assertThat(future.join().offset()).isZero();
    }

    /** kafka-clients SenderTest#testSplitBatchAndSend: MESSAGE_TOO_LARGE splits the batch; sequences stay continuous. */
    @Test
    void messageTooLargeSplitsTheBatchAndEveryRecordIsDeliveredInOrder() {
        CoreUnderTest core = started(b -> b.lingerMs(10));
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(core.append(P0, 100));
        }
        core.clock.advance(10);
        ScriptedNetwork.Exchange whole = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(whole).get(P0).countOrNull()).isEqualTo(4);
        core.network.respond(whole, core.network.produceAnswer(whole, Map.of(P0, Errors.MESSAGE_TOO_LARGE)));

        List<RecordBatch> parts = new ArrayList<>();
        while (!futures.stream().allMatch(CompletableFuture::isDone)) {
            ScriptedNetwork.Exchange part = core.awaitRequest(ApiKeys.PRODUCE);
            parts.add(core.network.batches(part).get(P0));
            core.network.respond(part, core.network.produceAnswer(part));
            core.runOnce();
        }
        assertThat(parts).hasSizeGreaterThan(1);
        int expected = 0;
        for (RecordBatch part : parts) {
            assertThat(part.baseSequence()).isEqualTo(expected);
            assertThat(part.countOrNull()).isLessThan(4);
            expected = part.lastSequence() + 1;
        }
        assertThat(expected).isEqualTo(4);
        assertThat(futures).extracting(f -> f.join().offset()).containsExactly(0L, 1L, 2L, 3L);
    }

    /**
     * Without idempotence (max.in.flight.requests.per.connection=1, acks=1) the parts of a batch the
     * broker refused as too large go out in record order, a part that fails goes out again before
     * the next one, and the batch queued behind them all waits, also when all of them were created
     * in the same millisecond. Each was queued behind the batches of an equal delivery deadline, so
     * r4 went out before r0..r3 and the parts in reverse; kafka-clients puts them at the queue's head.
     */
    @Test
    void withoutIdempotenceSplitPartsAndARetriedPartGoOutInRecordOrder() {
        CoreUnderTest core = started(b ->
                b.enableIdempotence(false).acks(dev.ferry.producer.Acks.LEADER).maxInFlightRequestsPerConnection(1));
        List<String> sent = new ArrayList<>();
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add("r" + i + ":" + "x".repeat(100));
            futures.add(core.append(P0, sent.get(i)));
        }
        ScriptedNetwork.Exchange whole = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.values(whole, P0)).containsExactlyElementsOf(sent);
        sent.add("r4");
        futures.add(core.append(P0, "r4"));
        core.network.respond(whole, core.network.produceAnswer(whole, Map.of(P0, Errors.MESSAGE_TOO_LARGE)));

        List<List<String>> requests = new ArrayList<>();
        List<String> written = new ArrayList<>();
        while (!futures.stream().allMatch(CompletableFuture::isDone)) {
            ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
            requests.add(core.network.values(produce, P0));
            if (requests.size() == 1) {
                core.network.respond(
                        produce, core.network.produceAnswer(produce, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
                core.runUntil(() -> !core.network.isWaiting(produce), "the retriable error heard");
                core.clock.advance(100);
            } else {
                core.network.respond(produce, core.network.produceAnswer(produce));
                written.addAll(requests.get(requests.size() - 1));
                core.runOnce();
            }
        }

        assertThat(requests.get(0))
                .as("the first part")
                .isEqualTo(requests.get(1))
                .hasSizeLessThan(4);
        assertThat(requests).as("the parts and the batch behind them").hasSizeGreaterThanOrEqualTo(4);
        assertThat(written).containsExactlyElementsOf(sent);
        assertThat(futures).extracting(f -> f.join().offset()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    /** A flush begun before the split waits for the parts: it waited for the split batch, which never completes, forever. */
    @Test
    void aFlushWaitingForABatchThatIsSplitReturnsOnceThePartsComplete() {
        CoreUnderTest core = started(b -> b.lingerMs(60_000).deliveryTimeoutMs(120_000));
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(core.append(P0, 100));
        }
        CompletableFuture<Void> flush = core.accumulator.beginFlush();
        ScriptedNetwork.Exchange whole = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(whole, core.network.produceAnswer(whole, Map.of(P0, Errors.MESSAGE_TOO_LARGE)));

        while (!futures.stream().allMatch(CompletableFuture::isDone)) {
            ScriptedNetwork.Exchange part = core.awaitRequest(ApiKeys.PRODUCE);
            core.network.respond(part, core.network.produceAnswer(part));
            core.runOnce();
        }
        assertThat(flush).isDone();
        assertThat(futures).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
    }

    @Test
    void aSingleRecordTooLargeForTheBrokerFails() {
        CoreUnderTest core = started(b -> b);
        RecordFuture future = core.append(P0, 100);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(produce, core.network.produceAnswer(produce, Map.of(P0, Errors.MESSAGE_TOO_LARGE)));
        core.runUntil(future::isDone, "the failure");
        assertThatFailure(future).isInstanceOf(RecordTooLargeException.class);
    }

    /** max.in.flight.requests.per.connection=1 (kafka-clients SenderTest#testSendInOrder): the next request waits for the answer. */
    @Test
    void withOneRequestInFlightTheNextWaitsForTheAnswer() {
        CoreUnderTest core = started(b -> b.maxInFlightRequestsPerConnection(1));
        RecordFuture a = core.append(P0);
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        RecordFuture b = core.append(P0);
        core.rounds(5);
        assertThat(core.network.received(ApiKeys.PRODUCE)).hasSize(1);
        core.network.respond(first, core.network.produceAnswer(first));
        ScriptedNetwork.Exchange second = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.batches(second).get(P0).baseSequence()).isEqualTo(1);
        core.network.respond(second, core.network.produceAnswer(second));
        core.runUntil(b::isDone, "completion");
        assertThat(a.join().offset()).isLessThan(b.join().offset());
    }

    /**
     * Without idempotence, max.in.flight.requests.per.connection=1 keeps a partition's records in
     * send order across a leader change, as kafka-clients does by muting a partition while a batch
     * of it is in flight: B waits while A is in flight to the old leader, and goes to the new one
     * after A's retry is answered. The limit held per connection only, so B went to the new leader
     * at once, and A, refused there as NOT_LEADER_OR_FOLLOWER, was written after it.
     */
    @Test
    void withoutIdempotenceAndOneRequestInFlightALaterBatchWaitsForAnEarlierOneAcrossALeaderChange() {
        CoreUnderTest core = started(b ->
                b.enableIdempotence(false).acks(dev.ferry.producer.Acks.LEADER).maxInFlightRequestsPerConnection(1));
        RecordFuture a = core.append(P0, "a");
        ScriptedNetwork.Exchange first = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(first.node).isZero();
        core.network.moveLeader(P0, 1);
        core.metadata.requestUpdate();
        waitOutRefreshBackoff(core);
        core.runUntil(
                () -> core.cluster().leaderFor(P0).map(node -> node.id() == 1).orElse(false),
                "the new leader in metadata");

        RecordFuture b = core.append(P0, "b");
        core.rounds(5);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("nothing more of P0 while A is in flight")
                .hasSize(1);
        core.network.respond(first, core.network.produceAnswer(first, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
        core.runUntil(() -> !core.network.isWaiting(first), "A's error heard");
        core.rounds(5);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("B waits behind A, whose retry waits for retry.backoff.ms")
                .hasSize(1);

        core.clock.advance(100);
        ScriptedNetwork.Exchange retry = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(retry.node).isEqualTo(1);
        assertThat(core.network.values(retry, P0)).containsExactly("a");
        core.rounds(5);
        assertThat(core.network.received(ApiKeys.PRODUCE))
                .as("nothing more of P0 while A's retry is in flight")
                .hasSize(2);
        core.network.respond(retry, core.network.produceAnswer(retry));
        ScriptedNetwork.Exchange next = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(core.network.values(next, P0)).containsExactly("b");
        core.network.respond(next, core.network.produceAnswer(next));
        core.runUntil(b::isDone, "B's completion");
        assertThat(a.join().offset()).isLessThan(b.join().offset());
    }

    /** flush() (RecordAccumulator.beginFlush) sends a lingering batch at once and completes when it is acknowledged. */
    @Test
    void flushSendsALingeringBatchAtOnceAndCompletesWithIt() {
        CoreUnderTest core = started(b -> b.lingerMs(60_000).deliveryTimeoutMs(120_000));
        RecordFuture record = core.append(P0);
        core.rounds(3);
        assertThat(core.network.received(ApiKeys.PRODUCE)).as("lingering").isEmpty();
        CompletableFuture<Void> flush = core.accumulator.beginFlush();
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        assertThat(flush).isNotDone();
        core.network.respond(produce, core.network.produceAnswer(produce));
        core.runUntil(flush::isDone, "the flush");
        assertThat(record).isCompleted();
    }

    /** Graceful close sends what is queued and waits for what is in flight (kafka-clients SenderTest#testInitiateClose). */
    @Test
    void gracefulCloseDeliversWhatIsQueuedAndInFlightThenStops() {
        CoreUnderTest core = started(b -> b.lingerMs(60_000).deliveryTimeoutMs(120_000));
        RecordFuture queued = core.append(P1);
        core.network.prepare(ApiKeys.PRODUCE, core.network::produceAnswer);
        core.sender.initiateClose();
        core.sender.run();
        assertThat(queued.join().partition()).isEqualTo(1);
        assertThat(core.network.isConnected(1)).as("network closed").isFalse();
    }

    /** close(timeout) that runs out (kafka-clients SenderTest#testForceClose): queued and in-flight records fail, nothing leaks. */
    @Test
    void forcedCloseFailsQueuedAndInFlightRecords() {
        CoreUnderTest core = started(b -> b.maxInFlightRequestsPerConnection(1));
        RecordFuture inFlight = core.append(P0);
        core.awaitRequest(ApiKeys.PRODUCE);
        RecordFuture queued = core.append(P0);
        core.sender.forceClose();
        core.sender.run();
        assertThatFailure(inFlight).isInstanceOf(ProducerClosedException.class);
        assertThatFailure(queued).isInstanceOf(ProducerClosedException.class);
    }

    /**
     * A round that throws between the drain and the send ends the I/O thread: every record fails
     * with the cause, those drained for the brokers the round had not sent to yet among them, which
     * were neither queued nor in flight and waited forever (flush() with them).
     */
    @Test
    void aRoundThatThrowsFailsTheRecordsItHadDrainedForEveryBroker() {
        CoreUnderTest core = new CoreUnderTest(b -> b).started();
        for (TopicPartition partition : List.of(P0, P1)) {
            RecordFuture earlier = core.append(partition);
            ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
            core.network.respond(produce, core.network.produceAnswer(produce));
            core.runUntil(earlier::isDone, "a record to " + partition + "'s leader, so both leaders are ready");
        }
        RecordFuture first = core.append(P0);
        RecordFuture second = core.append(P1);
        core.network.throwOnNextProduce(0, new IllegalStateException("thrown by the test's network"));

        assertThatThrownBy(core.sender::run).hasMessage("thrown by the test's network");

        for (RecordFuture record : List.of(first, second)) {
            assertThatFailure(record)
                    .isInstanceOf(ProducerClosedException.class)
                    .hasMessageContaining("thrown by the test's network");
        }
        assertThat(core.accumulator.beginFlush())
                .as("a flush after the failure")
                .isDone();
    }

    /**
     * An answer that names no partition of the request (here one with the impossible index -1 in
     * its place) fails that partition's records with UNKNOWN_SERVER_ERROR, saying what was missing;
     * the I/O thread goes on.
     */
    @Test
    void anAnswerThatDoesNotMentionABatchsPartitionFailsItsRecordsAndTheSenderGoesOn() {
        CoreUnderTest core = started(b -> b);
        RecordFuture future = core.append(P0);
        ScriptedNetwork.Exchange produce = core.awaitRequest(ApiKeys.PRODUCE);
        ProduceResponseData answer = core.network.produceAnswer(produce);
        answer.responses().forEach(topic -> topic.partitionResponses().forEach(partition -> partition.setIndex(-1)));
        core.network.respond(produce, answer);
        core.runUntil(future::isDone, "the record's completion");
        assertThatFailure(future)
                .isInstanceOf(KafkaErrorException.class)
                .hasMessageContaining("UNKNOWN_SERVER_ERROR")
                .hasMessageContaining("the broker's response did not mention " + P0);

        RecordFuture next = core.append(P1);
        ScriptedNetwork.Exchange again = core.awaitRequest(ApiKeys.PRODUCE);
        core.network.respond(again, core.network.produceAnswer(again));
        core.runUntil(next::isDone, "the next record's completion");
        assertThat(next).isCompleted();
    }

    /** A started core with these settings, checked for leftovers after the test. */
    private CoreUnderTest started(UnaryOperator<ProducerConfigBuilder> settings) {
        return cores.add(new CoreUnderTest(settings).started());
    }

    /**
     * A core that has run for retry.backoff.ms since it started, so the refresh an error asks for
     * may go at once rather than after the backoff that follows the refresh at start.
     */
    private CoreUnderTest startedAWhileAgo(UnaryOperator<ProducerConfigBuilder> settings) {
        CoreUnderTest core = started(settings);
        core.clock.advance(core.config.retryBackoffMs());
        return core;
    }
}
