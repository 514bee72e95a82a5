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
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A connection to the leader of partition 0 of one topic, and a model of it: the same batches, byte
 * for byte, to both, and their answers compared. For the conformance suites that need a broker of
 * their own ({@link ModelReplicationConformanceIT}, {@link ModelProducerExpiryConformanceIT}).
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
        RecordBatchWriter writer =
                new RecordBatchWriter(ByteBuffer.allocate(4_096), Compression.of(BatchCodec.NONE), 4_096, 1.0f);
        for (int id : recordIds) {
            writer.tryAppend(
                    timestamp,
                    ("k" + id).getBytes(StandardCharsets.UTF_8),
                    ByteBuffer.allocate(4).putInt(id).array(),
                    NO_HEADERS);
        }
        return writer.close(producerId, (short) 0, firstSequence, false);
    }

    /** The batch to the leader and to the model with these acks: their answers, Kafka's first. */
    Answer[] send(short acks, ByteBuffer batch) throws IOException {
        Produce.Response response = wire.send(
                new Produce.Request(
                        null,
                        acks,
                        30_000,
                        List.of(new Produce.TopicData(
                                topic, null, List.of(new Produce.PartitionData(0, batch.duplicate()))))),
                PRODUCE_V12);
        Produce.PartitionResponse kafkaAnswer =
                response.responses().get(0).partitions().get(0);
        RecordBatch parsed = MemoryRecords.readableRecords(batch.duplicate())
                .batches()
                .iterator()
                .next();
        ModelCluster.Result modelAnswer = model.append(new TopicPartition(topic, 0), parsed, acks);
        return new Answer[] {
            Answer.of(ErrorCode.forCode(kafkaAnswer.errorCode()), kafkaAnswer.baseOffset()),
            Answer.of(ErrorCode.forCode(modelAnswer.error().code()), modelAnswer.baseOffset())
        };
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
}
