package dev.ferry.producer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestCodecTest {

    static Stream<Object[]> everyApiAndVersion() {
        return Stream.of(ApiKey.values())
                .flatMap(key -> java.util.stream.IntStream.rangeClosed(key.minVersion(), key.maxVersion())
                        .mapToObj(v -> new Object[] {key, (short) v}));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyApiAndVersion")
    void kafkaParsesOurRequestHeaderAndAgreesOnItsVersion(ApiKey key, short version) {
        // given
        ProtocolWriter writer = new ProtocolWriter();
        new RequestHeader(key, version, 4711, version % 2 == 0 ? "ferry-app" : null).write(writer);
        ByteBuffer payload = writer.toPayload();

        // when
        org.apache.kafka.common.requests.RequestHeader kafka =
                org.apache.kafka.common.requests.RequestHeader.parse(payload);

        // then
        assertThat(kafka.apiKey().id).isEqualTo(key.id());
        assertThat(kafka.apiVersion()).isEqualTo(version);
        assertThat(kafka.correlationId()).isEqualTo(4711);
        assertThat(kafka.clientId()).isEqualTo(version % 2 == 0 ? "ferry-app" : "");
        assertThat(payload.hasRemaining()).isFalse();
        ApiKeys kafkaKey = ApiKeys.forId(key.id());
        assertThat(key.requestHeaderVersion(version)).isEqualTo(kafkaKey.requestHeaderVersion(version));
        assertThat(key.responseHeaderVersion(version)).isEqualTo(kafkaKey.responseHeaderVersion(version));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyApiAndVersion")
    void theClientWaitsOutAThrottleAtTheVersionsKafkaClientsDoes(ApiKey key, short version) {
        // given an answer of that version as kafka-clients reads it
        ApiKeys kafkaKey = ApiKeys.forId(key.id());
        ByteBuffer encoded = MessageUtil.toByteBufferAccessor(kafkaKey.messageType.newResponse(), version)
                .buffer();
        AbstractResponse kafkaResponse =
                AbstractResponse.parseResponse(kafkaKey, new ByteBufferAccessor(encoded), version);

        // then Ferry holds the broker back at exactly the versions kafka-clients does
        assertThat(key.clientThrottles(version)).isEqualTo(kafkaResponse.shouldClientThrottle(version));
    }

    @Test
    void decodesAResponseWithKafkasV1HeaderAndChecksTheCorrelationId() {
        // given: header v1 with an unknown tagged field, then an InitProducerId v4 body
        short version = 4;
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(99);
        header.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {7}));
        InitProducerIdResponseData body =
                new InitProducerIdResponseData().setProducerId(12L).setProducerEpoch((short) 3);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer payload = ByteBuffer.allocate(header.size(cache, (short) 1) + body.size(cache, version));
        header.write(new ByteBufferAccessor(payload), cache, (short) 1);
        body.write(new ByteBufferAccessor(payload), cache, version);
        payload.flip();
        InitProducerId.Request request = new InitProducerId.Request(null, 1000, -1L, (short) -1);

        // when
        InitProducerId.Response response = RequestCodec.decodeResponse(payload.duplicate(), request, version, 99);

        // then
        assertThat(response.producerId()).isEqualTo(12L);
        assertThat(response.producerEpoch()).isEqualTo((short) 3);
        assertThatThrownBy(() -> RequestCodec.decodeResponse(payload.duplicate(), request, version, 100))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("99")
                .hasMessageContaining("100");
    }

    @Test
    void encodeRefusesAVersionOutsideFerrysRange() {
        assertThatThrownBy(() -> RequestCodec.encode(
                        new ProtocolWriter(),
                        new RequestHeader(ApiKey.METADATA, (short) 8, 1, "c"),
                        new Metadata.Request(List.of(), true, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("METADATA")
                .hasMessageContaining("8");
    }
}
