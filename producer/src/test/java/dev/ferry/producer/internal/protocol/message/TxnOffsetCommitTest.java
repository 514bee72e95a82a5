package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;

class TxnOffsetCommitTest {
    @EveryVersionOf(ApiKey.TXN_OFFSET_COMMIT)
    void kafkaDecodesOurRequest(short version) {
        UUID topicId = UUID.randomUUID();
        TxnOffsetCommit.Request request = new TxnOffsetCommit.Request(
                "txn",
                "group",
                8L,
                (short) 1,
                12,
                "member-1",
                version % 2 == 0 ? null : "instance-1",
                List.of(new TxnOffsetCommit.Topic(
                        "orders",
                        topicId,
                        List.of(
                                new TxnOffsetCommit.Partition(0, 100L, 3, null),
                                new TxnOffsetCommit.Partition(1, 200L, -1, "meta")))));

        TxnOffsetCommitRequestData kafka = decodedByKafka(request, version, TxnOffsetCommitRequestData::new);

        assertThat(kafka.transactionalId()).isEqualTo("txn");
        assertThat(kafka.groupId()).isEqualTo("group");
        assertThat(kafka.producerId()).isEqualTo(8L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 1);
        assertThat(kafka.generationIdOrMemberEpoch()).isEqualTo(12);
        assertThat(kafka.memberId()).isEqualTo("member-1");
        assertThat(kafka.groupInstanceId()).isEqualTo(request.groupInstanceId());
        TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic =
                kafka.topics().get(0);
        if (version <= 5) {
            assertThat(topic.name()).isEqualTo("orders");
        } else {
            assertThat(KafkaOracle.ours(topic.topicId())).isEqualTo(topicId);
        }
        assertThat(topic.partitions()).hasSize(2);
        TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition first =
                topic.partitions().get(0);
        assertThat(first.partitionIndex()).isZero();
        assertThat(first.committedOffset()).isEqualTo(100L);
        assertThat(first.committedLeaderEpoch()).isEqualTo(3);
        assertThat(first.committedMetadata()).isNull();
        assertThat(topic.partitions().get(1).committedMetadata()).isEqualTo("meta");
    }

    @EveryVersionOf(ApiKey.TXN_OFFSET_COMMIT)
    void weDecodeKafkasResponse(short version) {
        TxnOffsetCommitResponseData data = new TxnOffsetCommitResponseData().setThrottleTimeMs(6);
        TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic topic =
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic()
                        .setName("orders")
                        .setTopicId(org.apache.kafka.common.Uuid.randomUuid());
        topic.partitions()
                .add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(1)
                        .setErrorCode((short) 0));
        data.topics().add(topic);

        TxnOffsetCommit.Response response = new TxnOffsetCommit.Request(
                        "t", "g", 1L, (short) 0, -1, "", null, List.of())
                .readResponse(encodeKafka(data, version, true), version);

        assertThat(response.throttleTimeMs()).isEqualTo(6);
        TxnOffsetCommit.TopicResult ours = response.topics().get(0);
        assertThat(ours.name()).isEqualTo(version <= 5 ? "orders" : null);
        assertThat(ours.topicId()).isEqualTo(version >= 6 ? KafkaOracle.ours(topic.topicId()) : null);
        assertThat(ours.partitions()).containsExactly(new TxnOffsetCommit.PartitionResult(1, (short) 0));
    }
}
