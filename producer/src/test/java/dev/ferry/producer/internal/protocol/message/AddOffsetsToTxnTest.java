package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;

class AddOffsetsToTxnTest {
    @EveryVersionOf(ApiKey.ADD_OFFSETS_TO_TXN)
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        AddOffsetsToTxn.Request request = new AddOffsetsToTxn.Request("txn", 8L, (short) 1, "group-1");

        AddOffsetsToTxnRequestData kafka = decodedByKafka(request, version, AddOffsetsToTxnRequestData::new);

        assertThat(kafka.transactionalId()).isEqualTo("txn");
        assertThat(kafka.producerId()).isEqualTo(8L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 1);
        assertThat(kafka.groupId()).isEqualTo("group-1");
        AddOffsetsToTxnResponseData data =
                new AddOffsetsToTxnResponseData().setThrottleTimeMs(4).setErrorCode((short) 51);
        assertThat(request.readResponse(encodeKafka(data, version, true), version))
                .isEqualTo(new AddOffsetsToTxn.Response(4, (short) 51));
    }
}
