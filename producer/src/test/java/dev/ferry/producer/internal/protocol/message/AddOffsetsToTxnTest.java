package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.assertFullyRead;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeOurs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.util.stream.Stream;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AddOffsetsToTxnTest {
    static Stream<Short> versions() {
        return KafkaOracle.versions(ApiKey.ADD_OFFSETS_TO_TXN);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("versions")
    void kafkaDecodesOurRequestAndWeDecodeItsResponse(short version) {
        AddOffsetsToTxn.Request request = new AddOffsetsToTxn.Request("txn", 8L, (short) 1, "group-1");

        ByteBufferAccessor accessor = encodeOurs(request, version);
        AddOffsetsToTxnRequestData kafka = new AddOffsetsToTxnRequestData(accessor, version);

        assertFullyRead(accessor);
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
