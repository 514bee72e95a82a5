package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;

class InitProducerIdTest {
    @EveryVersionOf(ApiKey.INIT_PRODUCER_ID)
    void kafkaDecodesOurRequest(short version) {
        InitProducerId.Request request =
                new InitProducerId.Request(version % 2 == 0 ? null : "txn", 60_000, 17L, (short) 4);

        InitProducerIdRequestData kafka = decodedByKafka(request, version, InitProducerIdRequestData::new);

        assertThat(kafka.transactionalId()).isEqualTo(request.transactionalId());
        assertThat(kafka.transactionTimeoutMs()).isEqualTo(60_000);
        assertThat(kafka.producerId()).isEqualTo(version >= 3 ? 17L : -1L);
        assertThat(kafka.producerEpoch()).isEqualTo(version >= 3 ? (short) 4 : (short) -1);
    }

    @EveryVersionOf(ApiKey.INIT_PRODUCER_ID)
    void weDecodeKafkasResponse(short version) {
        InitProducerIdResponseData data = new InitProducerIdResponseData()
                .setThrottleTimeMs(1)
                .setErrorCode((short) 0)
                .setProducerId(123_456_789L)
                .setProducerEpoch((short) 9);
        InitProducerId.Response response = new InitProducerId.Request(null, 0, -1L, (short) -1)
                .readResponse(encodeKafka(data, version, true), version);
        assertThat(response).isEqualTo(new InitProducerId.Response(1, (short) 0, 123_456_789L, (short) 9));
    }
}
