package dev.ferry.producer.internal.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolException;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random, truncated and bit-flipped responses: every decoder fails only with ProtocolException, fast. */
class ResponseFuzzTest {
    /** Short by default; the README's fuzz command raises it to millions. */
    private static final int ROUNDS = Integer.getInteger("ferry.fuzz.rounds", 3000);

    static Stream<ApiRequest<?>> requests() {
        return Stream.of(
                new ApiVersions.Request("f", "1", null, -1),
                new Metadata.Request(null, true, false),
                new Produce.Request(null, (short) 1, 1, List.of()),
                new FindCoordinator.Request((byte) 1, List.of("k")),
                new InitProducerId.Request(null, 1, -1L, (short) -1),
                new AddPartitionsToTxn.Request("t", 1L, (short) 1, List.of()),
                new AddOffsetsToTxn.Request("t", 1L, (short) 1, "g"),
                new EndTxn.Request("t", 1L, (short) 1, true),
                new TxnOffsetCommit.Request("t", "g", 1L, (short) 1, -1, "", null, List.of()),
                new SaslHandshake.Request("PLAIN"),
                new SaslAuthenticate.Request(new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void garbageNeverEscapesAsAnythingButProtocolException(ApiRequest<?> request) {
        Random random = new Random(request.apiKey().id());
        ApiKey key = request.apiKey();
        for (int round = 0; round < ROUNDS; round++) {
            short version = (short) (key.minVersion() + random.nextInt(key.maxVersion() - key.minVersion() + 1));
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                // Small lengths make the decoders go deeper than pure noise would.
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (bytes[i] & 0x03);
                }
            }
            assertOnlyProtocolException(request, version, bytes);
        }
    }

    @EveryVersionOf(ApiKey.PRODUCE)
    void truncationsOfARealProduceResponseFailCleanly(short version) {
        ProduceResponseData data = new ProduceResponseData();
        ProduceResponseData.TopicProduceResponse topic = KafkaOracle.ordersResponse();
        topic.partitionResponses()
                .add(new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(1)
                        .setErrorMessage("x"));
        data.responses().add(topic);
        ProtocolReader full = KafkaOracle.encodeKafka(data, version, true);
        byte[] bytes = new byte[full.remaining()];
        full.buffer().get(bytes);
        Produce.Request request = new Produce.Request(null, (short) 1, 1, List.of());
        for (int length = 0; length < bytes.length; length++) {
            assertOnlyProtocolException(request, version, java.util.Arrays.copyOf(bytes, length));
        }
        assertThat(Produce.Response.read(new ProtocolReader(ByteBuffer.wrap(bytes)), version)
                        .responses())
                .hasSize(1);
        MetadataResponseData metadata = new MetadataResponseData();
        assertThat(Metadata.Response.read(KafkaOracle.encodeKafka(metadata, (short) 12, true), (short) 12)
                        .topics())
                .isEmpty();
    }

    private static void assertOnlyProtocolException(ApiRequest<?> request, short version, byte[] bytes) {
        Throwable thrown =
                catchThrowable(() -> request.readResponse(new ProtocolReader(ByteBuffer.wrap(bytes)), version));
        if (thrown != null) {
            assertThat(thrown)
                    .as("%s v%d on %d bytes", request.apiKey(), version, bytes.length)
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
