package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.TopicPartition;
import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ErrorCode;
import dev.ferry.producer.internal.protocol.WireConnection;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import dev.ferry.producer.internal.record.RecordHeader;
import dev.ferry.producer.internal.sender.ModelConformanceIT.Answer;
import dev.ferry.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A connection to a broker holding partition 0 of one topic (mostly its leader), and a model of it: the same batches, byte
 * for byte, to both, and their answers compared. For the conformance suites that need a broker of
 * their own ({@link ModelReplicationConformanceIT}, {@link ModelProducerExpiryConformanceIT},
 * {@link ModelLeadershipConformanceIT}).
 */
final class ConformanceSides implements AutoCloseable {
    static final short ACKS_ALL = -1;
    static final short ACKS_LEADER = 1;
    private static final short PRODUCE_V12 = 12;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final WireConnection wire;
    private final short initProducerIdVersion;
    private final String topic;
    private final ModelCluster model;

    ConformanceSides(KafkaCluster kafka, int leader, String topic, ModelCluster model) throws IOException {
        String address = kafka.brokerAddress(leader);
        this.wire = new WireConnection(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        this.initProducerIdVersion = BrokerVersions.from(
                        wire.send(new ApiVersions.Request("ferry", "0.1.0", null, -1), (short) 4))
                .highestCommonVersion(ApiKey.INIT_PRODUCER_ID);
        this.topic = topic;
        this.model = model;
    }

    /** A producer id from the broker; the model takes any id, so both sides use this one. */
    long newProducerId() {
        InitProducerId.Response response = wire.sendUntil(
                new InitProducerId.Request(null, 60_000, -1, (short) -1),
                initProducerIdVersion,
                answer -> WireConnection.notRetriable(answer.errorCode()));
        assertThat(response.errorCode())
                .as("InitProducerId: %s", ErrorCode.forCode(response.errorCode()))
                .isZero();
        return response.producerId();
    }

    /** A batch at epoch 0 of records stamped {@code timestamp}, whose values are their ids, as {@link ModelCluster} reads them. */
    static ByteBuffer batch(long producerId, long timestamp, int firstSequence, int... recordIds) {
        return writer(timestamp, recordIds).close(producerId, (short) 0, firstSequence, false);
    }

    /** A batch of no producer (not idempotent), as the simulation's acks=1 writes are: a leader change may cut it. */
    static ByteBuffer plainBatch(long timestamp, int... recordIds) {
        return writer(timestamp, recordIds)
                .close(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false);
    }

    private static RecordBatchWriter writer(long timestamp, int... recordIds) {
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4_096), Compression.of(BatchCodec.NONE), 4_096, 1.0f);
        for (int id : recordIds) {
            writer.tryAppend(
                    timestamp,
                    ("k" + id).getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(4).putInt(id).array(),
                    NO_HEADERS);
        }
        return writer;
    }

    /** The batch to the leader and to the model with these acks: their answers, Kafka's first. */
    Answer[] send(short acks, ByteBuffer batch) throws IOException {
        Produce.PartitionResponse kafkaAnswer = kafkaAnswer(acks, batch);
        ModelCluster.Result modelAnswer = model.append(new TopicPartition(topic, 0), parsed(batch), acks);
        return new Answer[] {
            Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
            Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.baseOffset())
        };
    }

    /**
     * The batch to this connection's broker, and as a Produce request to the model's broker {@code
     * node}, which answers NOT_LEADER_OR_FOLLOWER unless it leads partition 0 and copies an acks=all
     * write to the in-sync replicas, as in the simulation: their answers, Kafka's first.
     */
    Answer[] sendTo(int node, short acks, ByteBuffer batch) throws IOException {
        Produce.PartitionResponse kafkaAnswer = kafkaAnswer(acks, batch);
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0));
        request.topicData().add(topicData);
        ProduceResponseData.PartitionProduceResponse modelAnswer = model.produce(
                        node, request, PRODUCE_V12, Map.of(new TopicPartition(topic, 0), parsed(batch)))
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .get(0);
        return new Answer[] {
            Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
            Answer.of(ErrorCode.forCode(modelAnswer.errorCode()), modelAnswer.baseOffset())
        };
    }

    private Produce.PartitionResponse kafkaAnswer(short acks, ByteBuffer batch) throws IOException {
        return onlyPartition(wire.send(produceRequest(null, acks, topic, 0, batch), PRODUCE_V12));
    }

    /** A Produce request of one batch to one partition, as the conformance suites send them. */
    static Produce.Request produceRequest(
            String transactionalId, short acks, String topic, int partition, ByteBuffer batch) {
        return new Produce.Request(
                transactionalId,
                acks,
                30_000,
                List.of(new Produce.TopicData(
                        topic, null, List.of(new Produce.PartitionData(partition, batch.duplicate())))));
    }

    /** Produce's version for a transaction.version: v12 on 2, where the partition joins the transaction implicitly. */
    static short transactionalProduceVersion(int transactionVersion) {
        return (short) (transactionVersion == 2 ? 12 : 11);
    }

    /**
     * A transactional batch to partition 0 with acks=all, sent again while the coordinator is still
     * ending the previous transaction (CONCURRENT_TRANSACTIONS): the broker's answer.
     */
    static Produce.PartitionResponse sendTransactional(
            WireConnection wire, String transactionalId, String topic, ByteBuffer batch, short produceVersion) {
        return onlyPartition(wire.sendUntil(
                produceRequest(transactionalId, ACKS_ALL, topic, 0, batch),
                produceVersion,
                r -> onlyPartition(r).errorCode() != ErrorCode.CONCURRENT_TRANSACTIONS.code()));
    }

    /** The answer for the one partition of a {@link #produceRequest}. */
    static Produce.PartitionResponse onlyPartition(Produce.Response response) {
        return response.responses().get(0).partitions().get(0);
    }

    /** The topic's id at Kafka, for the requests that name topics by id. */
    static UUID kafkaTopicId(KafkaCluster kafka, String topic) throws ExecutionException, InterruptedException {
        Uuid id = kafka.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .topicId();
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The batch as kafka-clients parses it, for the model's side. */
    static RecordBatch parsed(ByteBuffer batch) {
        return MemoryRecords.readableRecords(batch.duplicate())
                .batches()
                .iterator()
                .next();
    }

    static void expect(Answer[] answers, Answer expected) {
        assertThat(answers[1])
                .as("the model's answer, Kafka 4.4 answered %s", answers[0])
                .isEqualTo(answers[0]);
        assertThat(answers[0]).as("Kafka 4.4's answer").isEqualTo(expected);
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }

    /**
     * kafka-clients' read_committed consumer of partition 0 of {@code topic}, to the log end: what
     * the broker's markers make visible, as the ids the conformance batches carry.
     */
    static List<Integer> kafkaReadCommitted(KafkaCluster kafka, String topic) {
        List<Integer> ids = new ArrayList<>();
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers", kafka.bootstrapServers(),
                        "isolation.level", "read_committed",
                        "enable.auto.commit", "false"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(ByteBuffer.wrap(record.value()).getInt());
                }
            }
        }
        return ids;
    }
}
