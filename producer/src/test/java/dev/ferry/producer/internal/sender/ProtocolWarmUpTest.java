package dev.ferry.producer.internal.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's answers are what a broker sends: kafka-clients parses each at its version, to the
 * last byte, into the values the warm-up wrote, so the decoders it runs take the paths real answers take.
 */
class ProtocolWarmUpTest {
    private static final Uuid TOPIC_ID = new Uuid(
            ProtocolWarmUp.TOPIC_ID.getMostSignificantBits(), ProtocolWarmUp.TOPIC_ID.getLeastSignificantBits());

    @Test
    void theApiVersionsAnswerListsTheProducersApisAtFerrysRanges() {
        ApiVersionsResponseData data = ((ApiVersionsResponse) kafkaParses(
                        ApiKey.API_VERSIONS, ProtocolWarmUp.API_VERSIONS_VERSION, ProtocolWarmUp::apiVersionsAnswer))
                .data();

        assertThat(data.errorCode()).isZero();
        assertThat(data.apiKeys()).hasSize(4);
        ApiVersionsResponseData.ApiVersion produce = data.apiKeys().find(ApiKeys.PRODUCE.id);
        assertThat(produce.minVersion()).isEqualTo(ApiKey.PRODUCE.minVersion());
        assertThat(produce.maxVersion()).isEqualTo(ProtocolWarmUp.PRODUCE_VERSION);
        assertThat(data.apiKeys().find(ApiKeys.INIT_PRODUCER_ID.id)).isNotNull();
    }

    @Test
    void theMetadataAnswerNamesOneBrokerLeadingTheTopicsPartition() {
        MetadataResponseData data = ((MetadataResponse)
                        kafkaParses(ApiKey.METADATA, ProtocolWarmUp.METADATA_VERSION, ProtocolWarmUp::metadataAnswer))
                .data();

        assertThat(data.brokers()).singleElement().satisfies(broker -> {
            assertThat(broker.nodeId()).isEqualTo(1);
            assertThat(broker.host()).isEqualTo("localhost");
            assertThat(broker.port()).isEqualTo(9092);
        });
        assertThat(data.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo(ProtocolWarmUp.TOPIC);
            assertThat(topic.topicId()).isEqualTo(TOPIC_ID);
            assertThat(topic.partitions()).singleElement().satisfies(partition -> {
                assertThat(partition.leaderId()).isEqualTo(1);
                assertThat(partition.replicaNodes()).containsExactly(1);
                assertThat(partition.isrNodes()).containsExactly(1);
            });
        });
        assertThat(data.errorCode()).isZero();
    }

    @Test
    void theInitProducerIdAnswerGrantsAProducerId() {
        InitProducerIdResponseData data = ((InitProducerIdResponse) kafkaParses(
                        ApiKey.INIT_PRODUCER_ID,
                        ProtocolWarmUp.INIT_PRODUCER_ID_VERSION,
                        ProtocolWarmUp::initProducerIdAnswer))
                .data();

        assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(data.producerId()).isZero();
    }

    @Test
    void theProduceAnswerAcceptsThePartition() {
        ProduceResponseData data = ((ProduceResponse)
                        kafkaParses(ApiKey.PRODUCE, ProtocolWarmUp.PRODUCE_VERSION, ProtocolWarmUp::produceAnswer))
                .data();

        assertThat(data.responses()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(TOPIC_ID);
            assertThat(topic.partitionResponses()).singleElement().satisfies(partition -> {
                assertThat(partition.index()).isZero();
                assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(partition.baseOffset()).isZero();
                assertThat(partition.recordErrors()).isEmpty();
            });
        });
    }

    @Test
    void theAnswersAreWrittenInTheVersionsFerryNegotiatesWithACurrentBroker() {
        // a wider range in ApiKey needs the answers rewritten for it, or the pass warms up old paths
        assertThat(ProtocolWarmUp.METADATA_VERSION).isEqualTo(ApiKey.METADATA.maxVersion());
        assertThat(ProtocolWarmUp.INIT_PRODUCER_ID_VERSION).isEqualTo(ApiKey.INIT_PRODUCER_ID.maxVersion());
        assertThat(ProtocolWarmUp.PRODUCE_VERSION).isEqualTo(ApiKey.PRODUCE.maxVersion());
    }

    @Test
    void ferrysDecodersReadEachAnswer() {
        Metadata.Response metadata = ProtocolWarmUp.exchange(
                new Metadata.Request(List.of(new Metadata.RequestTopic(null, ProtocolWarmUp.TOPIC)), true, false),
                ProtocolWarmUp.METADATA_VERSION,
                ProtocolWarmUp::metadataAnswer);
        Produce.Response produce = ProtocolWarmUp.exchange(
                new Produce.Request(null, (short) -1, 1000, List.of()),
                ProtocolWarmUp.PRODUCE_VERSION,
                ProtocolWarmUp::produceAnswer);

        assertThat(metadata.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(ProtocolWarmUp.TOPIC_ID);
            assertThat(topic.partitions())
                    .singleElement()
                    .extracting(Metadata.PartitionMetadata::leaderId)
                    .isEqualTo(1);
        });
        assertThat(produce.responses()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(ProtocolWarmUp.TOPIC_ID);
            assertThat(topic.partitions())
                    .singleElement()
                    .extracting(Produce.PartitionResponse::baseOffset)
                    .isEqualTo(0L);
        });
        ProtocolWarmUp.run();
    }

    private static AbstractResponse kafkaParses(ApiKey key, short version, Consumer<ProtocolWriter> body) {
        ByteBuffer payload = ProtocolWarmUp.answer(key, version, body);
        ApiKeys kafkaKey = ApiKeys.forId(key.id());
        ResponseHeader header = ResponseHeader.parse(payload, kafkaKey.responseHeaderVersion(version));
        assertThat(header.correlationId()).isEqualTo(1);
        AbstractResponse response = AbstractResponse.parseResponse(kafkaKey, new ByteBufferAccessor(payload), version);
        assertThat(payload.hasRemaining())
                .as("bytes kafka-clients did not read")
                .isFalse();
        return response;
    }
}
