package dev.ferry.producer.internal.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolReader;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;

/** Moves messages between Ferry's codecs and kafka-clients' generated message classes. */
final class KafkaOracle {
    private KafkaOracle() {}

    static Stream<Short> versions(ApiKey key) {
        return IntStream.rangeClosed(key.minVersion(), key.maxVersion()).mapToObj(v -> (short) v);
    }

    private static ByteBufferAccessor encodeOurs(ApiRequest<?> request, short version) {
        ProtocolWriter writer = new ProtocolWriter(16);
        request.write(writer, version);
        return new ByteBufferAccessor(writer.toPayload());
    }

    /** One of kafka-clients' generated constructors, {@code XRequestData(Readable, short)}. */
    interface KafkaDecoder<T> {
        T decode(Readable readable, short version);
    }

    /**
     * Our request body as Kafka's own decoder reads it, asserting that decoder consumed exactly the
     * bytes we wrote.
     */
    static <T> T decodedByKafka(ApiRequest<?> request, short version, KafkaDecoder<T> decoder) {
        ByteBufferAccessor accessor = encodeOurs(request, version);
        T decoded = decoder.decode(accessor, version);
        assertThat(accessor.remaining()).as("bytes left after Kafka's decoder").isZero();
        return decoded;
    }

    /** Kafka's encoding of a response body, with an unknown tagged field added where the version is flexible. */
    static ProtocolReader encodeKafka(ApiMessage data, short version, boolean flexible) {
        if (flexible) {
            data.unknownTaggedFields().add(new RawTaggedField(97, new byte[] {1, 2, 3, 4}));
        }
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = data.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        data.write(new ByteBufferAccessor(buffer), cache, version);
        buffer.flip();
        return new ProtocolReader(buffer);
    }

    /** Kafka's answer for topic {@code orders} (with a random topic id), for the test to add partitions to. */
    static ProduceResponseData.TopicProduceResponse ordersResponse() {
        return new ProduceResponseData.TopicProduceResponse().setName("orders").setTopicId(Uuid.randomUuid());
    }

    static Uuid kafka(UUID uuid) {
        return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    static UUID ours(Uuid uuid) {
        return new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }
}
