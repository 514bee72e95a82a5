package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.assertFullyRead;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeOurs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SaslHandshakeTest {
    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.SASL_HANDSHAKE);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("versions")
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        SaslHandshake.Request request = new SaslHandshake.Request("SCRAM-SHA-512");

        ByteBufferAccessor accessor = encodeOurs(request, version);
        assertThat(new SaslHandshakeRequestData(accessor, version).mechanism()).isEqualTo("SCRAM-SHA-512");
        assertFullyRead(accessor);

        SaslHandshakeResponseData data = new SaslHandshakeResponseData()
                .setErrorCode((short) 33)
                .setMechanisms(List.of("PLAIN", "SCRAM-SHA-256"));
        assertThat(request.readResponse(encodeKafka(data, version, false), version))
                .isEqualTo(new SaslHandshake.Response((short) 33, List.of("PLAIN", "SCRAM-SHA-256")));
    }
}
