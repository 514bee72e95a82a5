package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.record.Compression;
import dev.ferry.producer.internal.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class ProduceTest {
    @EveryVersionOf(ApiKey.PRODUCE)
    void kafkaDecodesOurRequestWithEveryFieldAndTheBatchesIntact(short version) {
        // given
        UUID ordersId = UUID.randomUUID();
        ByteBuffer batch = batch("v-" + version);
        Produce.Request request = new Produce.Request(
                version % 2 == 0 ? null : "txn-1",
                (short) -1,
                30_000,
                List.of(
                        new Produce.TopicData(
                                "orders",
                                ordersId,
                                List.of(new Produce.PartitionData(0, batch), new Produce.PartitionData(3, null))),
                        new Produce.TopicData("empty", UUID.randomUUID(), List.of())));

        // when
        ProduceRequestData kafka = decodedByKafka(request, version, ProduceRequestData::new);

        // then
        assertThat(kafka.transactionalId()).isEqualTo(request.transactionalId());
        assertThat(kafka.acks()).isEqualTo((short) -1);
        assertThat(kafka.timeoutMs()).isEqualTo(30_000);
        List<ProduceRequestData.TopicProduceData> topics = new ArrayList<>(kafka.topicData());
        assertThat(topics).hasSize(2);
        if (version <= 12) {
            assertThat(topics.get(0).name()).isEqualTo("orders");
            assertThat(topics.get(1).name()).isEqualTo("empty");
        } else {
            assertThat(KafkaOracle.ours(topics.get(0).topicId())).isEqualTo(ordersId);
        }
        assertThat(topics.get(1).partitionData()).isEmpty();
        List<ProduceRequestData.PartitionProduceData> partitions = topics.get(0).partitionData();
        assertThat(partitions)
                .extracting(ProduceRequestData.PartitionProduceData::index)
                .containsExactly(0, 3);
        assertThat(partitions.get(1).records()).isNull();
        MemoryRecords records = (MemoryRecords) partitions.get(0).records();
        RecordBatch kafkaBatch = records.batches().iterator().next();
        kafkaBatch.ensureValid();
        Record record = kafkaBatch.iterator().next();
        assertThat(StandardCharsets.UTF_8.decode(record.value()).toString()).isEqualTo("v-" + version);
    }

    @Test
    void batchesGoIntoTheFrameWithoutBeingCopied() {
        ByteBuffer first = batch("a");
        ByteBuffer second = batch("b");
        Produce.Request request = new Produce.Request(
                null,
                (short) 1,
                1000,
                List.of(new Produce.TopicData(
                        "t",
                        null,
                        List.of(new Produce.PartitionData(0, first), new Produce.PartitionData(1, second)))));
        ProtocolWriter writer = new ProtocolWriter();
        request.write(writer, (short) 12);
        ByteBuffer[] frame = writer.toFrame();
        assertThat(frame).extracting(ByteBuffer::array).contains(first.array(), second.array());
    }

    @Test
    void v13WithoutATopicIdNamesTheTopic() {
        Produce.Request request =
                new Produce.Request(null, (short) 1, 1000, List.of(new Produce.TopicData("orders", null, List.of())));
        assertThatThrownBy(() -> request.write(new ProtocolWriter(), (short) 13))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders");
    }

    @EveryVersionOf(ApiKey.PRODUCE)
    void weDecodeKafkasResponseWithEveryField(short version) {
        // given
        ProduceResponseData data = new ProduceResponseData().setThrottleTimeMs(17);
        ProduceResponseData.TopicProduceResponse topic = KafkaOracle.ordersResponse();
        topic.partitionResponses()
                .add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(2)
                        .setErrorCode((short) 0)
                        .setBaseOffset(1234L)
                        .setLogAppendTimeMs(-1L)
                        .setLogStartOffset(7L));
        ProduceResponseData.PartitionProduceResponse failed = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(5)
                .setErrorCode((short) 6)
                .setBaseOffset(-1L)
                .setLogAppendTimeMs(99L)
                .setLogStartOffset(-1L)
                .setErrorMessage("not leader");
        if (version >= 10) {
            failed.setCurrentLeader(
                    new ProduceResponseData.LeaderIdAndEpoch().setLeaderId(3).setLeaderEpoch(12));
            data.nodeEndpoints()
                    .add(new ProduceResponseData.NodeEndpoint()
                            .setNodeId(3)
                            .setHost("b3")
                            .setPort(9092)
                            .setRack(null));
            data.nodeEndpoints()
                    .add(new ProduceResponseData.NodeEndpoint()
                            .setNodeId(4)
                            .setHost("b4")
                            .setPort(9093)
                            .setRack("r1"));
        }
        failed.recordErrors()
                .add(new ProduceResponseData.BatchIndexAndErrorMessage()
                        .setBatchIndex(4)
                        .setBatchIndexErrorMessage(null));
        failed.recordErrors()
                .add(new ProduceResponseData.BatchIndexAndErrorMessage()
                        .setBatchIndex(8)
                        .setBatchIndexErrorMessage("bad"));
        topic.partitionResponses().add(failed);
        data.responses().add(topic);

        // when
        Produce.Response response = Produce.Response.read(encodeKafka(data, version, true), version);

        // then
        assertThat(response.throttleTimeMs()).isEqualTo(17);
        Produce.TopicResponse ours = response.responses().get(0);
        if (version <= 12) {
            assertThat(ours.name()).isEqualTo("orders");
        } else {
            assertThat(ours.topicId()).isEqualTo(KafkaOracle.ours(topic.topicId()));
        }
        assertThat(ours.partitions().get(0))
                .isEqualTo(new Produce.PartitionResponse(2, (short) 0, 1234L, -1L, 7L, List.of(), null, null));
        Produce.PartitionResponse second = ours.partitions().get(1);
        assertThat(second.index()).isEqualTo(5);
        assertThat(second.errorCode()).isEqualTo((short) 6);
        assertThat(second.logAppendTimeMs()).isEqualTo(99L);
        assertThat(second.errorMessage()).isEqualTo("not leader");
        assertThat(second.recordErrors())
                .containsExactly(new Produce.RecordError(4, null), new Produce.RecordError(8, "bad"));
        if (version >= 10) {
            assertThat(second.currentLeader()).isEqualTo(new Produce.LeaderIdAndEpoch(3, 12));
            assertThat(response.nodeEndpoints())
                    .containsExactly(new NodeEndpoint(3, "b3", 9092, null), new NodeEndpoint(4, "b4", 9093, "r1"));
        } else {
            assertThat(second.currentLeader()).isNull();
            assertThat(response.nodeEndpoints()).isEmpty();
        }
    }

    @EveryVersionOf(ApiKey.PRODUCE)
    void anEmptyResponseDecodes(short version) {
        Produce.Response response =
                Produce.Response.read(encodeKafka(new ProduceResponseData(), version, false), version);
        assertThat(response.responses()).isEmpty();
        assertThat(response.nodeEndpoints()).isEmpty();
    }

    private static ByteBuffer batch(String value) {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(256), Compression.NONE, 256, 1.0f);
        writer.tryAppend(1L, null, value.getBytes(StandardCharsets.UTF_8), null);
        return writer.close(-1L, (short) -1, -1, false);
    }
}
