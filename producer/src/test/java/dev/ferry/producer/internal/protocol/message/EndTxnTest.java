package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;

class EndTxnTest {
    @EveryVersionOf(ApiKey.END_TXN)
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        EndTxn.Request request = new EndTxn.Request("txn", 8L, (short) 1, true);

        EndTxnRequestData kafka = decodedByKafka(request, version, EndTxnRequestData::new);

        assertThat(kafka.transactionalId()).isEqualTo("txn");
        assertThat(kafka.producerId()).isEqualTo(8L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 1);
        assertThat(kafka.committed()).isTrue();
        EndTxnResponseData data = new EndTxnResponseData().setThrottleTimeMs(4).setErrorCode((short) 0);
        if (version >= 5) {
            data.setProducerId(8L).setProducerEpoch((short) 2);
        }
        assertThat(request.readResponse(encodeKafka(data, version, true), version))
                .isEqualTo(
                        version >= 5
                                ? new EndTxn.Response(4, (short) 0, 8L, (short) 2)
                                : new EndTxn.Response(4, (short) 0, -1L, (short) -1));
    }
}
