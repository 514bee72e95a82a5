package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;

class MetadataTest {
    @EveryVersionOf(ApiKey.METADATA)
    void kafkaDecodesOurRequest(short version) {
        UUID id = UUID.randomUUID();
        Metadata.Request request = new Metadata.Request(
                List.of(new Metadata.RequestTopic(id, "orders"), new Metadata.RequestTopic(null, "payments")),
                false,
                true);

        MetadataRequestData kafka = decodedByKafka(request, version, MetadataRequestData::new);

        assertThat(kafka.topics())
                .extracting(MetadataRequestData.MetadataRequestTopic::name)
                .containsExactly("orders", "payments");
        if (version >= 10) {
            assertThat(kafka.topics().get(0).topicId()).isEqualTo(KafkaOracle.kafka(id));
            assertThat(kafka.topics().get(1).topicId()).isEqualTo(Uuid.ZERO_UUID);
        }
        assertThat(kafka.allowAutoTopicCreation()).isFalse();
        assertThat(kafka.includeTopicAuthorizedOperations()).isTrue();
    }

    @EveryVersionOf(ApiKey.METADATA)
    void kafkaDecodesOurAllTopicsAndEmptyRequests(short version) {
        assertThat(decodedByKafka(new Metadata.Request(null, true, false), version, MetadataRequestData::new)
                        .topics())
                .isNull();
        assertThat(decodedByKafka(new Metadata.Request(List.of(), true, false), version, MetadataRequestData::new)
                        .topics())
                .isEmpty();
    }

    @EveryVersionOf(ApiKey.METADATA)
    void weDecodeKafkasResponse(short version) {
        // given
        MetadataResponseData data = new MetadataResponseData()
                .setThrottleTimeMs(3)
                .setClusterId("c-1")
                .setControllerId(1);
        data.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(1)
                        .setHost("h1")
                        .setPort(9092)
                        .setRack("r"));
        data.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(2)
                        .setHost("h2")
                        .setPort(9093)
                        .setRack(null));
        Uuid topicId = Uuid.randomUuid();
        MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                .setErrorCode((short) 0)
                .setName("orders")
                .setTopicId(topicId)
                .setIsInternal(false)
                .setTopicAuthorizedOperations(8);
        topic.partitions()
                .add(new MetadataResponseData.MetadataResponsePartition()
                        .setErrorCode((short) 0)
                        .setPartitionIndex(0)
                        .setLeaderId(1)
                        .setLeaderEpoch(4)
                        .setReplicaNodes(List.of(1, 2))
                        .setIsrNodes(List.of(1))
                        .setOfflineReplicas(List.of(2)));
        data.topics().add(topic);
        data.topics()
                .add(new MetadataResponseData.MetadataResponseTopic()
                        .setErrorCode((short) 3)
                        .setName("missing")
                        .setIsInternal(true));
        if (version >= 13) {
            data.setErrorCode((short) 0);
        }

        // when
        Metadata.Response response = Metadata.Response.read(encodeKafka(data, version, true), version);

        // then
        assertThat(response.throttleTimeMs()).isEqualTo(3);
        assertThat(response.brokers())
                .containsExactly(new NodeEndpoint(1, "h1", 9092, "r"), new NodeEndpoint(2, "h2", 9093, null));
        assertThat(response.clusterId()).isEqualTo("c-1");
        assertThat(response.controllerId()).isEqualTo(1);
        Metadata.TopicMetadata orders = response.topics().get(0);
        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.topicId()).isEqualTo(version >= 10 ? KafkaOracle.ours(topicId) : null);
        assertThat(orders.topicAuthorizedOperations()).isEqualTo(8);
        assertThat(orders.partitions())
                .containsExactly(
                        new Metadata.PartitionMetadata((short) 0, 0, 1, 4, List.of(1, 2), List.of(1), List.of(2)));
        Metadata.TopicMetadata missing = response.topics().get(1);
        assertThat(missing.errorCode()).isEqualTo((short) 3);
        assertThat(missing.isInternal()).isTrue();
        assertThat(missing.partitions()).isEmpty();
        assertThat(response.errorCode()).isZero();
    }
}
