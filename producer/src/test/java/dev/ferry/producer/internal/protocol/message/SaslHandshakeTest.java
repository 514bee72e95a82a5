package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.List;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;

class SaslHandshakeTest {
    @EveryVersionOf(ApiKey.SASL_HANDSHAKE)
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        SaslHandshake.Request request = new SaslHandshake.Request("SCRAM-SHA-512");

        assertThat(decodedByKafka(request, version, SaslHandshakeRequestData::new)
                        .mechanism())
                .isEqualTo("SCRAM-SHA-512");

        SaslHandshakeResponseData data = new SaslHandshakeResponseData()
                .setErrorCode((short) 33)
                .setMechanisms(List.of("PLAIN", "SCRAM-SHA-256"));
        assertThat(request.readResponse(encodeKafka(data, version, false), version))
                .isEqualTo(new SaslHandshake.Response((short) 33, List.of("PLAIN", "SCRAM-SHA-256")));
    }
}
