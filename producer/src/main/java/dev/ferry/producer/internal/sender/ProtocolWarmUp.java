package dev.ferry.producer.internal.sender;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import dev.ferry.producer.internal.protocol.RequestCodec;
import dev.ferry.producer.internal.protocol.RequestHeader;
import dev.ferry.producer.internal.protocol.message.ApiVersions;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import dev.ferry.producer.internal.protocol.message.InitProducerId;
import dev.ferry.producer.internal.protocol.message.Metadata;
import dev.ferry.producer.internal.protocol.message.Produce;
import dev.ferry.producer.internal.record.RecordBatchLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One pass through the encoders and decoders of the exchanges every producer starts with
 * (ApiVersions, Metadata, InitProducerId, Produce), made once per JVM while the first producer is
 * created. Otherwise the I/O thread loads, links and first interprets that code between the first
 * {@code send()} and the first acknowledgement, 20-40 ms on a fresh JVM, and every record sent in the
 * meantime waits it out: at a steady 10,000 records/s that start was most of the p99 latency
 * (benchmarks/PROFILE.md). The answers read here are built field by field as a broker writes them,
 * at the versions a current broker negotiates, and nothing read is kept.
 */
public final class ProtocolWarmUp {
    /** The versions the answers below are written in: what a current broker (Kafka 4.x) negotiates. */
    static final short API_VERSIONS_VERSION = BrokerDirectory.API_VERSIONS_FIRST_TRY;

    static final short METADATA_VERSION = 13;
    static final short INIT_PRODUCER_ID_VERSION = 5;
    static final short PRODUCE_VERSION = 13;
    static final UUID TOPIC_ID = new UUID(0x5eed, 0x5eed);
    static final String TOPIC = "warm-up";

    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ProtocolWarmUp() {}

    /** Runs the pass unless this JVM has already made it. */
    public static void ensureDone() {
        if (DONE.compareAndSet(false, true)) {
            run();
        }
    }

    static void run() {
        BrokerVersions.from(exchange(
                new ApiVersions.Request("ferry", "warm-up", null, -1),
                API_VERSIONS_VERSION,
                ProtocolWarmUp::apiVersionsAnswer));
        exchange(
                new Metadata.Request(List.of(new Metadata.RequestTopic(null, TOPIC)), true, false),
                METADATA_VERSION,
                ProtocolWarmUp::metadataAnswer);
        exchange(
                new InitProducerId.Request(null, Integer.MAX_VALUE, -1L, (short) -1),
                INIT_PRODUCER_ID_VERSION,
                ProtocolWarmUp::initProducerIdAnswer);
        exchange(
                new Produce.Request(
                        null,
                        (short) -1,
                        30_000,
                        List.of(new Produce.TopicData(
                                TOPIC,
                                TOPIC_ID,
                                List.of(new Produce.PartitionData(
                                        0, ByteBuffer.allocate(RecordBatchLayout.HEADER_SIZE)))))),
                PRODUCE_VERSION,
                ProtocolWarmUp::produceAnswer);
    }

    /** Encodes {@code request} and decodes the answer {@code body} writes, with correlation id 1. */
    static <R> R exchange(ApiRequest<R> request, short version, Consumer<ProtocolWriter> body) {
        RequestCodec.encode(new ProtocolWriter(), new RequestHeader(request.apiKey(), version, 1, "warm-up"), request);
        return RequestCodec.decodeResponse(answer(request.apiKey(), version, body), request, version, 1);
    }

    /** A response payload (without its size prefix): header with correlation id 1, then {@code body}. */
    static ByteBuffer answer(ApiKey key, short version, Consumer<ProtocolWriter> body) {
        ProtocolWriter writer = new ProtocolWriter();
        writer.writeInt32(1);
        if (key.responseHeaderVersion(version) >= 1) {
            writer.writeEmptyTaggedFields();
        }
        body.accept(writer);
        return writer.toPayload();
    }

    /** ApiVersions v3: no error, the four APIs above at Ferry's ranges, no throttle, no tagged fields. */
    static void apiVersionsAnswer(ProtocolWriter w) {
        w.writeInt16((short) 0);
        List<ApiKey> keys = List.of(ApiKey.PRODUCE, ApiKey.METADATA, ApiKey.API_VERSIONS, ApiKey.INIT_PRODUCER_ID);
        w.writeArray(keys, true, (e, key) -> e.writeInt16(key.id())
                .writeInt16(key.minVersion())
                .writeInt16(key.maxVersion())
                .writeEmptyTaggedFields());
        w.writeInt32(0).writeEmptyTaggedFields();
    }

    /** Metadata v13: one broker, the topic with one partition it leads. */
    static void metadataAnswer(ProtocolWriter w) {
        w.writeInt32(0);
        w.writeArrayLength(1, true)
                .writeInt32(1)
                .writeString("host", "localhost", true)
                .writeInt32(9092)
                .writeNullableString("rack", null, true)
                .writeEmptyTaggedFields();
        w.writeNullableString("clusterId", "warm-up", true).writeInt32(1);
        w.writeArrayLength(1, true)
                .writeInt16((short) 0)
                .writeNullableString("name", TOPIC, true)
                .writeUuid(TOPIC_ID)
                .writeBoolean(false);
        w.writeArrayLength(1, true)
                .writeInt16((short) 0)
                .writeInt32(0)
                .writeInt32(1)
                .writeInt32(0);
        for (int list = 0; list < 2; list++) {
            w.writeArrayLength(1, true).writeInt32(1);
        }
        w.writeArrayLength(0, true).writeEmptyTaggedFields();
        w.writeInt32(Integer.MIN_VALUE).writeEmptyTaggedFields();
        w.writeInt16((short) 0).writeEmptyTaggedFields();
    }

    /** InitProducerId v5: producer id 0, epoch 0. */
    static void initProducerIdAnswer(ProtocolWriter w) {
        w.writeInt32(0)
                .writeInt16((short) 0)
                .writeInt64(0L)
                .writeInt16((short) 0)
                .writeEmptyTaggedFields();
    }

    /** Produce v13: the partition accepted at offset 0, no record errors, no leader hint. */
    static void produceAnswer(ProtocolWriter w) {
        w.writeArrayLength(1, true).writeUuid(TOPIC_ID);
        w.writeArrayLength(1, true)
                .writeInt32(0)
                .writeInt16((short) 0)
                .writeInt64(0L)
                .writeInt64(-1L)
                .writeInt64(0L)
                .writeArrayLength(0, true)
                .writeNullableString("errorMessage", null, true)
                .writeEmptyTaggedFields();
        w.writeEmptyTaggedFields();
        w.writeInt32(0).writeEmptyTaggedFields();
    }
}
