package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The brokers' side of a simulated cluster: one log per partition, a leader per partition, and
 * Kafka's producer-state rules for idempotent producers ({@code ProducerStateManager} /
 * {@code ProducerAppendInfo.checkSequence}): per partition and producer id, the epoch and the last
 * five batches' sequences with their offsets. A batch the log already holds is answered as success
 * with its original offset; a gap is OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch is
 * INVALID_PRODUCER_EPOCH; a newer epoch must start at sequence 0. Producer state is replicated, so
 * it survives a leader move, as in Kafka.
 *
 * <p>The state is what the brokers wrote, independent of what the client heard: the simulation's
 * invariants are checked against these logs.
 *
 * <p>Held against a real Kafka 4.4 broker by {@link ModelConformanceIT} (same batch bytes, same
 * error code and base offset):
 * <ul>
 * <li>batches in sequence are appended at consecutive offsets;</li>
 * <li>a batch sent again while among the last five is answered NONE with its original offset; one
 * six back, or one overlapping a written batch without matching it, is OUT_OF_ORDER_SEQUENCE_NUMBER
 * and changes nothing;</li>
 * <li>a gap is OUT_OF_ORDER_SEQUENCE_NUMBER;</li>
 * <li>a known producer's new epoch must start at sequence 0 (else OUT_OF_ORDER_SEQUENCE_NUMBER); the
 * older epoch is then INVALID_PRODUCER_EPOCH, its duplicates too;</li>
 * <li>a producer the partition has no state for may start at any sequence, at any epoch (the
 * model answered OUT_OF_ORDER_SEQUENCE_NUMBER until this test);</li>
 * <li>a batch refused by validation (INVALID_RECORD) leaves the sequence where it was;</li>
 * <li>InitProducerId without a transactional id gives a new producer id at epoch 0, also to a
 * producer that names its id and epoch (the model bumped the epoch until this test).</li>
 * </ul>
 * Not covered, because not modelled: transactions (coordinator, fencing by transactional id,
 * transaction-state errors, markers), UNKNOWN_PRODUCER_ID (producer state expired with its records),
 * sequence wrap-around at Integer.MAX_VALUE, replication (a leader move keeps all state, with no
 * truncation), and quotas or throttling. Leader moves answering NOT_LEADER_OR_FOLLOWER are the
 * simulation's own fault, not checked against Kafka.
 */
final class ModelCluster {
    /** Kafka keeps the metadata of the last five batches per producer for duplicate detection. */
    private static final int CACHED_BATCHES = 5;

    static final long FIRST_PRODUCER_ID = 1_000;

    /** One record as a partition's log holds it. */
    record Entry(long offset, long producerId, short epoch, int sequence, int recordId) {}

    private record BatchMetadata(int firstSequence, int lastSequence, long baseOffset) {}

    private static final class ProducerState {
        short epoch;
        final Deque<BatchMetadata> batches = new ArrayDeque<>();

        ProducerState(short epoch) {
            this.epoch = epoch;
        }

        int lastSequence() {
            return batches.isEmpty() ? -1 : batches.peekLast().lastSequence();
        }
    }

    private final Map<TopicPartition, List<Entry>> logs = new HashMap<>();
    private final Map<TopicPartition, Map<Long, ProducerState>> producers = new HashMap<>();
    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    private final boolean forgetDuplicates;
    private final IntPredicate refuses;
    private long nextProducerId = FIRST_PRODUCER_ID;

    /**
     * @param forgetDuplicates an injected broker bug: a retried batch is appended again instead of
     *                         answered with its original offset (proves the exactly-once check can fail)
     * @param refuses          record ids the brokers' validation refuses: a batch holding one is answered
     *                         INVALID_RECORD and nothing of it is written, before any sequence check, as in Kafka
     */
    ModelCluster(String topic, int partitions, int brokers, boolean forgetDuplicates, IntPredicate refuses) {
        this.forgetDuplicates = forgetDuplicates;
        this.refuses = refuses;
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            logs.put(tp, new ArrayList<>());
            producers.put(tp, new HashMap<>());
            leaders.put(tp, p % brokers);
        }
    }

    List<Entry> log(TopicPartition partition) {
        return logs.get(partition);
    }

    int leader(TopicPartition partition) {
        return leaders.get(partition);
    }

    void moveLeader(TopicPartition partition, int node) {
        leaders.put(partition, node);
    }

    /**
     * A new producer id at epoch 0, even for a producer that names its id and epoch: without a
     * transactional id Kafka hands out a fresh id every time (an idempotent producer bumps its
     * epoch itself). The model has no transaction coordinator.
     */
    InitProducerIdResponseData initProducerId(InitProducerIdRequestData request) {
        return new InitProducerIdResponseData().setProducerId(nextProducerId++).setProducerEpoch((short) 0);
    }

    /** What the broker {@code node} answers to a Produce request whose batches are {@code batches}, appending what it accepts. */
    ProduceResponseData produce(int node, ProduceRequestData request, Map<TopicPartition, RecordBatch> batches) {
        ProduceResponseData response = new ProduceResponseData();
        var partitions = batches.entrySet().iterator();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                var entry = partitions.next();
                Result result = leaders.get(entry.getKey()) == node
                        ? append(entry.getKey(), entry.getValue())
                        : new Result(Errors.NOT_LEADER_OR_FOLLOWER, -1);
                topicResponse
                        .partitionResponses()
                        .add(new ProduceResponseData.PartitionProduceResponse()
                                .setIndex(partition.index())
                                .setErrorCode(result.error().code())
                                .setBaseOffset(result.baseOffset())
                                .setLogAppendTimeMs(-1)
                                .setLogStartOffset(0));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    /** What a broker decided for one partition's batch. */
    record Result(Errors error, long baseOffset) {}

    /** Applies a batch to the leader's log under the producer-state rules, whether or not anyone hears the answer. */
    Result append(TopicPartition partition, RecordBatch batch) {
        Map<Long, ProducerState> states = producers.get(partition);
        ProducerState state = states.get(batch.producerId());
        int first = batch.baseSequence();
        int last = batch.lastSequence();
        for (Record record : batch) {
            if (refuses.test(recordId(record))) {
                return new Result(Errors.INVALID_RECORD, -1);
            }
        }
        if (state != null && batch.producerEpoch() < state.epoch) {
            return new Result(Errors.INVALID_PRODUCER_EPOCH, -1);
        }
        if (state == null || batch.producerEpoch() > state.epoch) {
            // a producer the partition has no state for may start at any sequence (its records may have
            // been deleted); a known one starts a new epoch at 0
            if (state != null && first != 0) {
                return new Result(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
            }
            state = new ProducerState(batch.producerEpoch());
            states.put(batch.producerId(), state);
        } else {
            if (!forgetDuplicates) {
                for (BatchMetadata cached : state.batches) {
                    if (cached.firstSequence() == first && cached.lastSequence() == last) {
                        return new Result(Errors.NONE, cached.baseOffset());
                    }
                }
            }
            if (first != state.lastSequence() + 1 && !(forgetDuplicates && first <= state.lastSequence())) {
                return new Result(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
            }
        }
        List<Entry> log = logs.get(partition);
        long baseOffset = log.size();
        int sequence = first;
        for (Record record : batch) {
            log.add(new Entry(log.size(), batch.producerId(), batch.producerEpoch(), sequence++, recordId(record)));
        }
        state.batches.addLast(new BatchMetadata(first, last, baseOffset));
        if (state.batches.size() > CACHED_BATCHES) {
            state.batches.removeFirst();
        }
        return new Result(Errors.NONE, baseOffset);
    }

    static int recordId(Record record) {
        ByteBuffer value = record.value();
        return value.getInt(value.position());
    }
}
