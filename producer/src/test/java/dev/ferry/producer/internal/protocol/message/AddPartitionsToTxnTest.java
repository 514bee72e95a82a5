package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.junit.jupiter.api.Test;

class AddPartitionsToTxnTest {
    private static final short V3 = 3;

    @Test
    void kafkaDecodesOurV3Request() {
        AddPartitionsToTxn.Request request = new AddPartitionsToTxn.Request(
                "txn",
                5L,
                (short) 2,
                List.of(
                        new AddPartitionsToTxn.Topic("orders", List.of(0, 4)),
                        new AddPartitionsToTxn.Topic("empty", List.of())));

        AddPartitionsToTxnRequestData kafka = decodedByKafka(request, V3, AddPartitionsToTxnRequestData::new);

        assertThat(kafka.v3AndBelowTransactionalId()).isEqualTo("txn");
        assertThat(kafka.v3AndBelowProducerId()).isEqualTo(5L);
        assertThat(kafka.v3AndBelowProducerEpoch()).isEqualTo((short) 2);
        assertThat(kafka.v3AndBelowTopics())
                .extracting(AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic::name)
                .containsExactly("orders", "empty");
        assertThat(kafka.v3AndBelowTopics().find("orders").partitions()).containsExactly(0, 4);
        assertThat(kafka.v3AndBelowTopics().find("empty").partitions()).isEmpty();
    }

    @Test
    void weDecodeKafkasV3Response() {
        AddPartitionsToTxnResponseData data = new AddPartitionsToTxnResponseData().setThrottleTimeMs(2);
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName("orders");
        topic.resultsByPartition()
                .add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(0)
                        .setPartitionErrorCode((short) 0));
        topic.resultsByPartition()
                .add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(4)
                        .setPartitionErrorCode((short) 53));
        data.resultsByTopicV3AndBelow().add(topic);

        AddPartitionsToTxn.Response response = new AddPartitionsToTxn.Request("txn", 5L, (short) 2, List.of())
                .readResponse(encodeKafka(data, V3, true), V3);

        assertThat(response)
                .isEqualTo(new AddPartitionsToTxn.Response(
                        2,
                        List.of(new AddPartitionsToTxn.TopicResult(
                                "orders",
                                List.of(
                                        new AddPartitionsToTxn.PartitionResult(0, (short) 0),
                                        new AddPartitionsToTxn.PartitionResult(4, (short) 53))))));
    }
}
