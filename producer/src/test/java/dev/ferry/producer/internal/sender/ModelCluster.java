package dev.ferry.producer.internal.sender;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.record.SequenceNumbers;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
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
 * <p>Leaders, followers and the ISR, and what a leader change cuts: {@link ModelReplication}.
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
 * <li>after Integer.MAX_VALUE the sequence goes on at 0, between batches and within one; a batch
 * across the wrap sent again is a duplicate, a sequence from before the wrap is out of order;</li>
 * <li>a batch refused by validation (INVALID_RECORD) leaves the sequence where it was;</li>
 * <li>a batch larger than the topic's max.message.bytes is MESSAGE_TOO_LARGE, before any sequence
 * check, and leaves the sequence where it was;</li>
 * <li>InitProducerId without a transactional id gives a new producer id at epoch 0, also to a
 * producer that names its id and epoch (the model bumped the epoch until this test);</li>
 * <li>a broker killed with SIGKILL refuses connections until it starts again; as the only replica
 * of a partition without a producer-state snapshot it comes back with the records but no producer
 * state, so a batch sent again is appended a second time at any sequence, and the sequence is
 * checked from there;</li>
 * <li>a partition added to a topic (CreatePartitions) starts empty at offset 0, with producer state
 * of its own; the old partitions go on where they were.</li>
 * </ul>
 * The transaction coordinator ({@link ModelCoordinator}) and the markers in the logs are held
 * against Kafka 4.4 at transaction.version 1 and 2 by {@link ModelTransactionConformanceIT} (same
 * requests, same error codes, epochs and base offsets, and kafka-clients' read_committed consumer
 * reads what {@link #readCommitted} computes):
 * <ul>
 * <li>a commit marker takes an offset; the next transaction follows at the new epoch from sequence 0
 * (version 2) or at the same epoch where the sequence was (version 1);</li>
 * <li>EndTxn with nothing open: INVALID_TXN_STATE on version 1; on version 2 an abort ends it with a
 * new epoch, a commit is INVALID_TXN_STATE; EndTxn repeated gets the same answer and epoch, the other
 * end INVALID_TXN_STATE, an older epoch PRODUCER_FENCED;</li>
 * <li>InitProducerId while a transaction is open: CONCURRENT_TRANSACTIONS, the transaction aborted,
 * then two epochs on; the old epoch's Produce is INVALID_PRODUCER_EPOCH, its EndTxn and
 * InitProducerId PRODUCER_FENCED;</li>
 * <li>InitProducerId with the current epoch bumps it, repeated gives the same, a wrong epoch is
 * PRODUCER_FENCED; EndTxn at the epoch before that bump is PRODUCER_FENCED (version 2 takes an
 * EndTxn at the epoch before for a repeat only when EndTxn made the bump); after a new instance's
 * InitProducerId, the old instance's bump from the epoch before is PRODUCER_FENCED, not a repeat;</li>
 * <li>a transactional batch to a partition not added: TRANSACTION_ABORTABLE on version 1 (verified),
 * added implicitly on version 2; a batch of an ended transaction arriving late: TRANSACTION_ABORTABLE
 * (version 1), INVALID_PRODUCER_EPOCH (version 2);</li>
 * <li>offsets in transactions ({@link ModelGroupCoordinator}; kafka-clients' Admin reads the group's
 * offsets): AddOffsetsToTxn (version 1) then TxnOffsetCommit at the version Ferry sends (v5 on
 * version 1, v6 on version 2) are accepted; the offsets are not the group's until the commit, and an
 * aborted transaction's never are; TxnOffsetCommit v5+ without AddOffsetsToTxn adds the offsets to
 * the transaction on either version, v4 on version 1 is TRANSACTION_ABORTABLE; after another
 * instance's InitProducerId the old epoch's AddOffsetsToTxn is PRODUCER_FENCED and its
 * TxnOffsetCommit INVALID_PRODUCER_EPOCH.</li>
 * </ul>
 * {@link ModelTransactionTimingConformanceIT} holds the coordinator's timing against Kafka 4.4 at
 * both versions:
 * <ul>
 * <li>markers in flight (the partition's leader killed before EndTxn, the coordinator elsewhere):
 * EndTxn is answered at once; until the marker is written InitProducerId (the current epoch's, and a
 * new instance's), AddPartitionsToTxn and AddOffsetsToTxn (version 1), the next transaction's first
 * Produce v12 (version 2) and EndTxn, the same end or the other, at the old epoch or (version 2) the
 * new one, are CONCURRENT_TRANSACTIONS; the read_committed view stays before the transaction; once
 * the marker is written the repeated EndTxn is answered as the first, and kafka-clients'
 * read_committed consumer reads the records;</li>
 * <li>a transaction open past its transaction.timeout.ms is aborted by the coordinator: the old
 * epoch's Produce is INVALID_PRODUCER_EPOCH; on version 1 its AddPartitionsToTxn, EndTxn and
 * InitProducerId are PRODUCER_FENCED; on version 2 its EndTxn(commit) is INVALID_TXN_STATE, its
 * EndTxn(abort) is answered with the new epoch, as a repeat of the coordinator's abort, and so is its
 * InitProducerId; a new instance's InitProducerId gets the epoch after; nothing of it is read.</li>
 * </ul>
 * min.insync.replicas is held against three Kafka 4.4 brokers by {@link ModelReplicationConformanceIT}
 * (one cannot show it: Kafka counts min.insync.replicas up to the replica count), a follower stopped:
 * <ul>
 * <li>with fewer in-sync replicas than min.insync.replicas, an acks=all batch is NOT_ENOUGH_REPLICAS
 * before any sequence check (a gap too) and leaves the sequence where it was; an acks=1 batch is
 * written;</li>
 * <li>with the follower back in the ISR, acks=all is written again, and a batch first written with
 * acks=1 is a duplicate answered with its original offset.</li>
 * </ul>
 * Leadership is held against three Kafka 4.4 brokers in child JVMs by
 * {@link ModelLeadershipConformanceIT} (a crash is SIGKILL; a follower falling behind is stopped with
 * SIGSTOP until SIGCONT):
 * <ul>
 * <li>after a leader move (a new preferred replica, then a preferred election) the old leader
 * answers Produce NOT_LEADER_OR_FOLLOWER; the new leader has the producer state: a batch sent again
 * is answered with its original offset, a gap is out of order, the next sequence is appended;</li>
 * <li>the leader killed: the next in-sync replica of the assignment leads with the producer state (a
 * duplicate recognised, the next sequence appended); the old leader, started again, rejoins the ISR
 * as a follower and answers NOT_LEADER_OR_FOLLOWER;</li>
 * <li>a follower that stops fetching leaves the ISR (acks=all is still written with two in sync at
 * min.insync.replicas=2) and rejoins it once it fetches again; the leader killed with that follower
 * out, the in-sync replica is elected, not the follower the assignment names first (on Kafka it is
 * fenced by then too); with one in sync acks=all is NOT_ENOUGH_REPLICAS, and a duplicate sent with
 * acks=1 is answered with its original offset;</li>
 * <li>an acks=1 record the follower has not fetched is cut when the leader dies: the new leader gives
 * the next record its offset, and the old leader, back and leading again, holds it no more
 * (kafka-clients' consumer reads what the model's log holds).</li>
 * </ul>
 * Producer expiry is held against Kafka 4.4 by {@link ModelProducerExpiryConformanceIT}: a producer
 * whose last batch's records are stamped producer.id.expiration.ms or more before the brokers' clock
 * is forgotten at the next check (one stamping now is kept); Kafka 4.4 answers no
 * UNKNOWN_PRODUCER_ID to Produce: the forgotten producer may start at any sequence, and its batch
 * sent again is appended a second time.
 * Coordinator moves are held against three Kafka 4.4 brokers at both versions by
 * {@link ModelCoordinatorConformanceIT} (kafka-clients' Admin moves the leadership of the
 * __transaction_state and __consumer_offsets partitions while a transaction is open; the model is
 * asked through {@link ModelAnswers}):
 * <ul>
 * <li>the old coordinator answers NOT_COORDINATOR to AddPartitionsToTxn and AddOffsetsToTxn (version
 * 1), TxnOffsetCommit and EndTxn; FindCoordinator names the new one, for the transactional id and for
 * the group (which the model moves with the transaction coordinator; the test keeps both partitions'
 * leaders on one broker);</li>
 * <li>the new coordinator knows the open transaction, its epoch, partitions and pending offsets: it
 * commits it (after one move) or aborts it (after a second), and the markers reach the partition and
 * the group's offsets.</li>
 * </ul>
 * The shape of the simulation's throttled answers is held against Kafka 4.4 by ThrottleWindowIT: over
 * a producer_byte_rate quota Kafka answers Produce at once with throttle_time_ms, at versions where
 * kafka-clients waits (KIP-219: the broker mutes the connection that long, not observed here, as
 * Ferry sends nothing inside the window), so a Produce to that broker inside the window is the
 * client's fault, as the simulation counts it.
 * Not covered, because not modelled: group membership and generations (the simulated user's group
 * has none), TxnOffsetCommit while markers are in flight (CONCURRENT_TRANSACTIONS, from Kafka's source), a
 * verifying Produce below v12 then (NOT_ENOUGH_REPLICAS, from Kafka's source), records deleted by retention (and the
 * producer state with them; expiry is modelled, above), and quotas themselves: the simulation draws
 * its throttle times, on Produce answers and from World.THROTTLING_ALL on answers of every kind
 * (their shape is held to Kafka, above).
 * The brokers' Metadata views that learn of a change late ({@link LaggingMetadata}) are held against
 * three Kafka 4.4 brokers by ModelLeadershipConformanceIT, one of them cut off from the controller
 * (a black hole on its link): after a leader move it still names the old leader in the older leader
 * epoch and not a partition the topic gained, while the new leader names itself in a greater epoch
 * and both partitions; the old leader it names answers Produce NOT_LEADER_OR_FOLLOWER; once it
 * hears the controller again it names the new leader in the new epoch and the new partition. The
 * simulation's own: epochs growing by exactly one, a lag of at most 1.5 s, and the new leader
 * knowing at once (on Kafka it too learns from the metadata log; until then it refuses the
 * partition's Produce as NOT_LEADER_OR_FOLLOWER, which the simulation answers its old leader already).
 * Of replication the model's
 * own (beyond the cases above): the followers' lag (a follower holds a prefix and fetches the whole
 * log at once), nothing cut under acks=all, a crashed broker leaving every ISR at once (Kafka's
 * controller takes it out after broker.session.timeout.ms), the election order beyond the
 * assignment order the tests use (the model takes the next broker index), and a partition with no
 * live in-sync replica: the simulation impairs one broker at a time, and the model would let a
 * restarted broker rejoin an ISR whose leader is down, where on Kafka only a leader adds a replica
 * to the ISR. The producer state a new leader has is replicated whole in the model; Kafka's
 * followers rebuild it from the replicated log, with the same answers in the cases above. The model writes under acks=all to every in-sync replica at
 * once, so it never cuts a write the leader took but had not yet replicated (Kafka may, unacknowledged,
 * and rebuilds the producer state from the cut log; the model has no such rebuild and refuses to cut
 * an entry of an idempotent producer); it never answers NOT_ENOUGH_REPLICAS_AFTER_APPEND, and writes
 * the coordinator's markers whatever the ISR. Timestamps are not modelled: the model takes any, where Kafka refuses one more than
 * log.message.timestamp.after.max.ms (1 h) ahead of its clock with INVALID_TIMESTAMP, so the
 * simulation's wall clock never gets that far ahead.
 */
final class ModelCluster {
    /** Kafka keeps the metadata of the last five batches per producer for duplicate detection. */
    private static final int CACHED_BATCHES = 5;

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    static final long FIRST_PRODUCER_ID = 1_000;

    /** What an entry of a log is: a record, or a transaction marker (a control record, one offset of its own). */
    enum Kind {
        RECORD,
        COMMIT,
        ABORT
    }

    /** One record or marker as a partition's log holds it; a marker's record id is -1. */
    record Entry(
            long offset, long producerId, short epoch, int sequence, int recordId, boolean transactional, Kind kind) {
        boolean isRecord() {
            return kind == Kind.RECORD;
        }
    }

    private record BatchMetadata(int firstSequence, int lastSequence, long baseOffset) {}

    private static final class ProducerState {
        short epoch;
        /** Whether a transaction of this producer is open on the partition (Kafka's currentTxnFirstOffset). */
        boolean inTransaction;
        /** The largest timestamp of its last batch (the records' own), or of its last marker (the broker's clock). */
        long lastTimestamp;

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
    private final int brokers;
    private final String topic;
    private final boolean forgetDuplicates;
    private final IntPredicate refuses;
    private long nextProducerId = FIRST_PRODUCER_ID;
    /** The topic's max.message.bytes: a larger batch is refused whole. */
    private int maxMessageBytes = Integer.MAX_VALUE;
    /** The topic's min.insync.replicas: an acks=all write to a partition with fewer in-sync replicas is refused. */
    private int minInsyncReplicas = 1;

    private final ModelCoordinator coordinator;
    private final ModelReplication replication;
    private LongSupplier brokerClock = System::currentTimeMillis;

    /**
     * @param forgetDuplicates an injected broker bug: a retried batch is appended again instead of
     *                         answered with its original offset (proves the exactly-once check can fail)
     * @param refuses          record ids the brokers' validation refuses: a batch holding one is answered
     *                         INVALID_RECORD and nothing of it is written, before any sequence check, as in Kafka
     */
    ModelCluster(String topic, int partitions, int brokers, boolean forgetDuplicates, IntPredicate refuses) {
        this.forgetDuplicates = forgetDuplicates;
        this.refuses = refuses;
        this.brokers = brokers;
        this.topic = topic;
        this.replication = new ModelReplication(brokers, logs);
        addPartitions(partitions);
        this.coordinator = new ModelCoordinator(brokers > 1 ? 1 : 0, this::writeMarker, () -> nextProducerId++);
    }

    /**
     * The topic grows to {@code partitions} (CreatePartitions): each new partition starts empty,
     * led round-robin by a live broker, every live broker in its ISR (a crashed one joins when it restarts).
     */
    void addPartitions(int partitions) {
        for (int p = logs.size(); p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            logs.put(tp, new ArrayList<>());
            producers.put(tp, new HashMap<>());
            replication.addPartition(tp);
        }
    }

    int partitionCount() {
        return logs.size();
    }

    ModelCoordinator coordinator() {
        return coordinator;
    }

    ModelReplication replication() {
        return replication;
    }

    /**
     * The broker is back ({@link ModelReplication#restart}). A partition it still leads (it was the
     * only in-sync replica) comes back without producer state: Kafka 4.4 rebuilds none after a
     * SIGKILL when the partition had no snapshot yet.
     */
    void restart(int node) {
        for (TopicPartition partition : replication.restart(node)) {
            producers.get(partition).clear();
        }
    }

    List<Entry> log(TopicPartition partition) {
        return logs.get(partition);
    }

    /** Sets the topic's max.message.bytes, as a topic config would. */
    void maxMessageBytes(int bytes) {
        maxMessageBytes = bytes;
    }

    /** Sets the topic's min.insync.replicas, as a topic config would. */
    void minInsyncReplicas(int replicas) {
        minInsyncReplicas = replicas;
    }

    /**
     * A new producer id at epoch 0, even for a producer that names its id and epoch: without a
     * transactional id Kafka hands out a fresh id every time (an idempotent producer bumps its
     * epoch itself). The model has no transaction coordinator.
     */
    InitProducerIdResponseData initProducerId(InitProducerIdRequestData request) {
        if (request.transactionalId() != null && !request.transactionalId().isEmpty()) {
            ModelCoordinator.Init init = coordinator.initProducerId(
                    request.transactionalId(),
                    request.producerId(),
                    request.producerEpoch(),
                    request.transactionTimeoutMs());
            return new InitProducerIdResponseData()
                    .setErrorCode(init.error().code())
                    .setProducerId(init.producerId())
                    .setProducerEpoch(init.epoch());
        }
        return new InitProducerIdResponseData().setProducerId(nextProducerId++).setProducerEpoch((short) 0);
    }

    /** What the broker {@code node} answers to a Produce request whose batches are {@code batches}, appending what it accepts. */
    ProduceResponseData produce(
            int node, ProduceRequestData request, short version, Map<TopicPartition, RecordBatch> batches) {
        ProduceResponseData response = new ProduceResponseData();
        var partitions = batches.entrySet().iterator();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topic.name())
                    .setTopicId(topic.topicId());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                var entry = partitions.next();
                Result result = replication.leader(entry.getKey()) == node
                        ? append(entry.getKey(), entry.getValue(), request.transactionalId(), version, request.acks())
                        : new Result(Errors.NOT_LEADER_OR_FOLLOWER, -1);
                if (request.acks() == -1 && result.error() == Errors.NONE) {
                    replication.replicateToIsr(entry.getKey());
                }
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

    /** Applies an idempotent (not transactional) batch with acks=all; see {@link #append(TopicPartition, RecordBatch, String, short, short)}. */
    Result append(TopicPartition partition, RecordBatch batch) {
        return append(partition, batch, (short) -1);
    }

    /** Applies an idempotent (not transactional) batch with these acks. */
    Result append(TopicPartition partition, RecordBatch batch, short acks) {
        return append(partition, batch, null, (short) 12, acks);
    }

    /**
     * Applies a batch to the leader's log under the producer-state rules, whether or not anyone hears
     * the answer. A transactional batch that opens its producer's transaction on the partition is
     * first admitted by the coordinator (added implicitly with Produce v12+, verified below that).
     * With acks=all, a partition with fewer in-sync replicas than min.insync.replicas (at most its
     * replica count, as Kafka's effectiveMinIsr) refuses the batch with NOT_ENOUGH_REPLICAS before
     * anything else is checked, as Kafka's Partition.appendRecordsToLeader does.
     */
    Result append(
            TopicPartition partition, RecordBatch batch, String transactionalId, short produceVersion, short acks) {
        if (acks == -1 && replication.isr(partition).size() < Math.min(minInsyncReplicas, brokers)) {
            return new Result(Errors.NOT_ENOUGH_REPLICAS, -1);
        }
        Map<Long, ProducerState> states = producers.get(partition);
        ProducerState state = states.get(batch.producerId());
        int first = batch.baseSequence();
        int last = batch.lastSequence();
        if (batch.sizeInBytes() > maxMessageBytes) {
            return new Result(Errors.MESSAGE_TOO_LARGE, -1);
        }
        for (Record record : batch) {
            if (refuses.test(recordId(record))) {
                return new Result(Errors.INVALID_RECORD, -1);
            }
        }
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            // not idempotent: no producer state, no sequence check
            return new Result(Errors.NONE, appendRecords(partition, batch));
        }
        if (state != null && batch.producerEpoch() < state.epoch) {
            return new Result(Errors.INVALID_PRODUCER_EPOCH, -1);
        }
        boolean opensTransaction = batch.isTransactional()
                && (state == null || !state.inTransaction || state.epoch != batch.producerEpoch());
        if (opensTransaction) {
            Errors admitted = transactionalId == null
                    ? Errors.TRANSACTIONAL_ID_NOT_FOUND
                    : coordinator.admit(
                            transactionalId,
                            batch.producerId(),
                            batch.producerEpoch(),
                            partition,
                            produceVersion >= 12);
            if (admitted == Errors.CONCURRENT_TRANSACTIONS && produceVersion < 12) {
                // the transaction's markers are in flight: Kafka's ReplicaManager answers a verifying
                // (older) Produce with NOT_ENOUGH_REPLICAS, which those clients retry (from Kafka's
                // source; Produce v12+ gets CONCURRENT_TRANSACTIONS itself, as measured)
                return new Result(Errors.NOT_ENOUGH_REPLICAS, -1);
            }
            if (admitted == Errors.PRODUCER_FENCED) {
                // as Kafka's AddPartitionsToTxnManager tells producers (from Kafka's source)
                return new Result(Errors.INVALID_PRODUCER_EPOCH, -1);
            }
            if (admitted != Errors.NONE) {
                return new Result(admitted, -1);
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
            int expected = SequenceNumbers.wrap(state.lastSequence() + 1L);
            boolean repeat = !SequenceNumbers.precedes(state.lastSequence(), first);
            if (first != expected && !(forgetDuplicates && repeat)) {
                return new Result(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
            }
        }
        long baseOffset = appendRecords(partition, batch);
        state.inTransaction |= batch.isTransactional();
        state.batches.addLast(new BatchMetadata(first, last, baseOffset));
        state.lastTimestamp = batch.maxTimestamp();
        if (state.batches.size() > CACHED_BATCHES) {
            state.batches.removeFirst();
        }
        return new Result(Errors.NONE, baseOffset);
    }

    private long appendRecords(TopicPartition partition, RecordBatch batch) {
        List<Entry> log = logs.get(partition);
        long baseOffset = log.size();
        long sequence = batch.baseSequence();
        for (Record record : batch) {
            log.add(new Entry(
                    log.size(),
                    batch.producerId(),
                    batch.producerEpoch(),
                    SequenceNumbers.wrap(sequence++),
                    recordId(record),
                    batch.isTransactional(),
                    Kind.RECORD));
        }
        return baseOffset;
    }

    /**
     * A commit or abort marker from the coordinator: one control record at the next offset. A marker
     * at a newer epoch (transaction.version 2, or a fencing abort) moves the partition's producer
     * state to it with no sequences, so the next transaction starts at sequence 0.
     */
    private void writeMarker(TopicPartition partition, long producerId, short epoch, boolean commit) {
        List<Entry> log = logs.get(partition);
        log.add(new Entry(log.size(), producerId, epoch, -1, -1, true, commit ? Kind.COMMIT : Kind.ABORT));
        replication.replicateToIsr(partition);
        ProducerState state = producers.get(partition).computeIfAbsent(producerId, id -> new ProducerState(epoch));
        if (state.epoch != epoch) {
            state.epoch = epoch;
            state.batches.clear();
        }
        state.inTransaction = false;
        state.lastTimestamp = brokerClock.getAsLong();
    }

    /**
     * The brokers' periodic check (producer.id.expiration.check.interval.ms): each partition forgets
     * a producer with no transaction open whose last timestamp is {@code expirationMs} or more before
     * {@code nowMs}, as Kafka's ProducerStateManager.removeExpiredProducers does. That timestamp is
     * the records' own (CreateTime), not when the broker wrote them: records stamped long ago are
     * forgotten at the next check. A forgotten producer may then start at any sequence, so a batch
     * written before is appended again. Returns what it forgot, each as partition and producer id.
     */
    List<String> expireProducers(long nowMs, long expirationMs) {
        List<String> forgotten = new ArrayList<>();
        for (TopicPartition partition :
                producers.keySet().stream().sorted(PARTITION_ORDER).toList()) {
            var states = producers.get(partition).entrySet().iterator();
            while (states.hasNext()) {
                var state = states.next();
                if (!state.getValue().inTransaction && nowMs - state.getValue().lastTimestamp >= expirationMs) {
                    forgotten.add(partition + " pid " + state.getKey());
                    states.remove();
                }
            }
        }
        return forgotten;
    }

    /** The brokers' wall clock, which stamps the coordinator's markers and times transactions out. */
    void brokerClock(LongSupplier clock) {
        brokerClock = clock;
        coordinator.clock(clock);
    }

    /**
     * What a read_committed consumer reads of the partition: records that are not transactional, and
     * those of committed transactions, in log order; it reads no further than the first transaction
     * still open (the last stable offset).
     */
    List<Entry> readCommitted(TopicPartition partition) {
        List<Entry> log = logs.get(partition);
        Map<Long, List<Entry>> open = new HashMap<>();
        Map<Long, Long> openedAt = new HashMap<>();
        List<Entry> visible = new ArrayList<>();
        List<Entry> pending = new ArrayList<>();
        for (Entry entry : log) {
            if (!entry.transactional()) {
                pending.add(entry);
            } else if (entry.isRecord()) {
                open.computeIfAbsent(entry.producerId(), id -> new ArrayList<>())
                        .add(entry);
                openedAt.putIfAbsent(entry.producerId(), entry.offset());
            } else {
                List<Entry> ended = open.remove(entry.producerId());
                openedAt.remove(entry.producerId());
                if (ended != null && entry.kind() == Kind.COMMIT) {
                    pending.addAll(ended);
                }
            }
        }
        long stable = openedAt.values().stream().min(Long::compare).orElse(Long.MAX_VALUE);
        pending.sort(Comparator.comparingLong(Entry::offset));
        for (Entry entry : pending) {
            if (entry.offset() < stable) {
                visible.add(entry);
            }
        }
        return visible;
    }

    static int recordId(Record record) {
        ByteBuffer value = record.value();
        return value.getInt(value.position());
    }
}
