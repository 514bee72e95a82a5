package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.common.internal.Backoff;
import dev.ferry.producer.Cluster;
import dev.ferry.producer.Node;
import dev.ferry.producer.PartitionInfo;
import dev.ferry.producer.RecordMetadata;
import dev.ferry.producer.TimeoutException;
import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.accumulator.ProducerBatch;
import dev.ferry.producer.internal.accumulator.RecordAccumulator;
import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.metrics.ProducerMetrics;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A sender driven by hand for tests of what happens to batches between the accumulator and the
 * broker's answer: the real accumulator, sealing, idempotence state and response handling, one
 * broker with two partitions of {@link #TOPIC}, and answers made up by the test. A test sends
 * records, drains them as the sender's round would, and answers, fails or expires each batch itself.
 */
abstract class HandDrivenSender {
    static final String TOPIC = "orders";
    static final long PRODUCER_ID = 7;
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    long now = 1_000;
    long nextOffset;
    final Cluster cluster = oneBrokerCluster();
    // batch.size 100 and 80-byte values: every record is a batch of its own
    final BufferPool pool = new BufferPool(1 << 20, 100, () -> now * 1_000_000);
    final RecordAccumulator accumulator =
            new RecordAccumulator(new RecordAccumulator.Settings(100, Compression.NONE, 0, 30_000), pool, () -> now);
    final ProducerMetrics metrics = new ProducerMetrics(() -> now);
    IdempotenceState idempotence;
    /** The sender's sealing step: stamp, then close, as a batch's first send does. */
    ProduceRequestBuilder requests;

    BatchFailures failures;
    ProduceResponseHandler results;
    /** What the epoch bumps let go of, as the sender gets it to fail. */
    final List<ProducerBatch> notStampedAgain = new ArrayList<>();

    HandDrivenSender() {
        sequencesStartAt(0);
    }

    /** The producer under test with producer id {@link #PRODUCER_ID} at epoch 0, its sequences starting at {@code firstSequence}. */
    void sequencesStartAt(int firstSequence) {
        producerWithoutId(firstSequence);
        idempotence.setProducerId(PRODUCER_ID, (short) 0, List.of());
    }

    /** The producer under test before it has a producer id; its sequences of one will start at {@code firstSequence}. */
    void producerWithoutId(int firstSequence) {
        idempotence = new IdempotenceState(
                true, false, IdempotenceState.MAX_IN_FLIGHT_PER_PARTITION, InjectedDefect.NONE, firstSequence);
        requests = new ProduceRequestBuilder(idempotence, accumulator, null, null, (short) -1, 30_000);
        failures = new BatchFailures(accumulator, idempotence, null, metrics, null);
        results = new ProduceResponseHandler(
                accumulator,
                idempotence,
                new ProducerMetadata(300_000, 300_000, Backoff.withJitter(100, 1_000), () -> 0L),
                Integer.MAX_VALUE,
                metrics,
                null,
                failures,
                false,
                InjectedDefect.NONE);
    }

    final Map<ProducerBatch, CompletableFuture<RecordMetadata>> futures = new java.util.IdentityHashMap<>();
    final List<CompletableFuture<RecordMetadata>> unassigned = new ArrayList<>();

    CompletableFuture<RecordMetadata> send(TopicPartition partition) {
        CompletableFuture<RecordMetadata> future =
                accumulator.append(partition, now, null, new byte[80], new RecordHeader[0], null, 1_000);
        unassigned.add(future);
        return future;
    }

    List<ProducerBatch> sendAndDrain(TopicPartition partition) {
        send(partition);
        return drain();
    }

    List<ProducerBatch> drain() {
        List<ProducerBatch> drained = accumulator.drain(cluster, 0, 1 << 20, now, idempotence);
        for (ProducerBatch batch : drained) {
            if (!batch.isClosed()) {
                requests.seal(batch);
            }
            batch.recordAttempt();
            idempotence.sent(batch);
            if (!futures.containsKey(batch) && !unassigned.isEmpty()) {
                futures.put(batch, unassigned.remove(0));
            }
        }
        return drained;
    }

    CompletableFuture<RecordMetadata> futureOf(ProducerBatch batch) {
        return futures.get(batch);
    }

    void acknowledge(ProducerBatch batch) {
        respond(batch, ErrorCode.NONE);
    }

    void respond(ProducerBatch batch, ErrorCode error) {
        Produce.PartitionResponse partition = new Produce.PartitionResponse(
                batch.partition().partition(),
                error.code(),
                error == ErrorCode.NONE ? nextOffset++ : -1,
                -1,
                0,
                List.of(),
                null,
                null);
        Produce.Response response =
                new Produce.Response(List.of(new Produce.TopicResponse(TOPIC, null, List.of(partition))), 0, List.of());
        results.handleResponse(
                List.of(batch), List.of(new Produce.TopicData(TOPIC, null, List.of())), response, now, this::retry);
    }

    /** The request carrying these batches ended without an answer (connection closed, or timed out). */
    void requestFailed(RequestFailure.Kind kind, ProducerBatch... batches) {
        results.handleFailure(List.of(batches), new RequestFailure(kind, 0, "request " + kind), now, this::retry);
    }

    /** W is sent and acknowledged, then A and B are sent, one batch each. */
    AAndB aAndBInFlightBehindAnAcknowledgedBatch() {
        acknowledge(single(sendAndDrain(P0)));
        ProducerBatch a = single(sendAndDrain(P0));
        return new AAndB(a, single(sendAndDrain(P0)));
    }

    record AAndB(ProducerBatch a, ProducerBatch b) {}

    /** The next batch drained is {@code batch}, sent again with this epoch and base sequence. */
    void assertResent(ProducerBatch batch, int epoch, int sequence) {
        ProducerBatch resent = single(drain());
        assertThat(resent).isSameAs(batch);
        assertStamp(resent, epoch, sequence);
    }

    /** What the sender does when a batch's delivery.timeout.ms passes while its request is out. */
    void expireInFlight(ProducerBatch batch) {
        failures.failInFlight(batch, new TimeoutException("expired in flight"));
    }

    void retry(ProducerBatch batch, long nowMs) {
        accumulator.reenqueue(batch, nowMs);
    }

    long accumulatorFreeMemory() {
        return pool.availableMemory();
    }

    static ProducerBatch single(List<ProducerBatch> batches) {
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    static void assertStamp(ProducerBatch batch, int epoch, int sequence) {
        assertStamp(batch, PRODUCER_ID, epoch, sequence);
    }

    static void assertStamp(ProducerBatch batch, long producerId, int epoch, int sequence) {
        assertThat(batch.producerId()).as("producer id of %s", batch).isEqualTo(producerId);
        assertThat(batch.producerEpoch()).as("epoch of %s", batch).isEqualTo((short) epoch);
        assertThat(batch.baseSequence()).as("base sequence of %s", batch).isEqualTo(sequence);
        // the bytes on the wire say the same as the bookkeeping
        java.nio.ByteBuffer bytes = batch.bytes();
        assertThat(bytes.getLong(bytes.position() + 43)).isEqualTo(producerId);
        assertThat(bytes.getShort(bytes.position() + 51)).isEqualTo((short) epoch);
        assertThat(bytes.getInt(bytes.position() + 53)).isEqualTo(sequence);
    }

    static Cluster oneBrokerCluster() {
        Node broker = new Node(0, "broker0", 9092);
        List<PartitionInfo> partitions = List.of(
                new PartitionInfo(TOPIC, 0, broker, List.of(broker), List.of(broker), List.of()),
                new PartitionInfo(TOPIC, 1, broker, List.of(broker), List.of(broker), List.of()));
        return new Cluster("test", List.of(broker), partitions);
    }
}
