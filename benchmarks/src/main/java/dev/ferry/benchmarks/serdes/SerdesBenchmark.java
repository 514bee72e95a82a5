package dev.ferry.benchmarks.serdes;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.internal.OutputBuffer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ferry's serializers and deserializers, on a flat seven-field record and on the example schemas'
 * OrderEvent (nested records, an array, an enum, a decimal, a timestamp; Protobuf with imports), with a warm cache (the {@code mock://} registry, asked only
 * during set-up) against the floor: the raw Avro or Protobuf encoder writing the same record, after
 * the frame header, into the reused buffer the serializers write to (unsynchronized), plus the copy into the output array every serializer must
 * return; and the raw decoder reading the payload of the same frame into the same kind of object.
 * Each {@code *Ferry} row has its {@code *Floor} row; compare time and {@code gc.alloc.rate.norm}.
 *
 * <pre>{@code flock /tmp/ferry-mvn.lock benchmarks/bin/run-jmh SerdesBenchmark -f 3 -wi 5 -i 5 -prof gc}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.ferry")
public class SerdesBenchmark {

    private static final String TOPIC = "orders";
    private static final String PROTOBUF_TOPIC = "orders-protobuf";
    private static final String ORDER_TOPIC = "order-events";
    private static final String PROTOBUF_ORDER_TOPIC = "order-events-protobuf";
    private static final String SCOPE = "serdes-benchmark";
    private static final String PROTO = """
            syntax = "proto3";
            package bench;
            message OrderEvent {
              string order_id = 1;
              string customer_id = 2;
              int64 amount_cents = 3;
              string currency = 4;
              int64 created_at = 5;
              int32 items = 6;
              bool express = 7;
            }
            """;

    private final Headers headers = new Headers();
    private OrderEventRecord specific;
    private GenericRecord generic;
    private DynamicMessage dynamic;
    private Descriptor protoType;

    private AvroSerializer<GenericRecord> avroGenericSerializer;
    private AvroSerializer<OrderEventRecord> avroSpecificSerializer;
    private AvroDeserializer<GenericRecord> avroGenericDeserializer;
    private AvroDeserializer<OrderEventRecord> avroSpecificDeserializer;
    private ProtobufSerializer<Message> protobufSerializer;
    private ProtobufDeserializer<DynamicMessage> protobufDeserializer;
    private byte[] avroFrame;
    private byte[] protobufFrame;
    private byte[] protobufHeader;

    private OrderEvent order;
    private dev.ferry.schemas.proto.OrderEvent protoOrder;
    private AvroSerializer<OrderEvent> orderSerializer;
    private AvroDeserializer<OrderEvent> orderDeserializer;
    private ProtobufSerializer<dev.ferry.schemas.proto.OrderEvent> protoOrderSerializer;
    private ProtobufDeserializer<dev.ferry.schemas.proto.OrderEvent> protoOrderDeserializer;
    private byte[] orderFrame;
    private byte[] protoOrderFrame;
    private byte[] protoOrderHeader;
    private SpecificDatumWriter<OrderEvent> orderWriter;
    private SpecificDatumReader<OrderEvent> orderReader;

    private final OutputBuffer buffer = new OutputBuffer();
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private GenericDatumWriter<GenericRecord> genericWriter;
    private SpecificDatumWriter<OrderEventRecord> specificWriter;
    private GenericDatumReader<GenericRecord> genericReader;
    private SpecificDatumReader<OrderEventRecord> specificReader;

    @Setup
    public void setUp() {
        SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://" + SCOPE));
        specific = new OrderEventRecord("o-12345678", "c-98765", 129_900, "EUR", 1_700_000_000_000L, 3, true);
        generic = new GenericData.Record(OrderEventRecord.SCHEMA$);
        for (int i = 0; i < 7; i++) {
            generic.put(i, specific.get(i));
        }
        protoType = ProtobufFormat.fileDescriptor(new ProtobufFormat().parse(Schema.protobuf(PROTO), Map.of()))
                .findMessageTypeByName("OrderEvent");
        dynamic = DynamicMessage.newBuilder(protoType)
                .setField(protoType.findFieldByName("order_id"), "o-12345678")
                .setField(protoType.findFieldByName("customer_id"), "c-98765")
                .setField(protoType.findFieldByName("amount_cents"), 129_900L)
                .setField(protoType.findFieldByName("currency"), "EUR")
                .setField(protoType.findFieldByName("created_at"), 1_700_000_000_000L)
                .setField(protoType.findFieldByName("items"), 3)
                .setField(protoType.findFieldByName("express"), true)
                .build();

        avroGenericSerializer = AvroSerializer.<GenericRecord>builder(registry).build();
        avroSpecificSerializer =
                AvroSerializer.<OrderEventRecord>builder(registry).build();
        avroGenericDeserializer =
                AvroDeserializer.<GenericRecord>builder(registry).build();
        avroSpecificDeserializer = AvroDeserializer.<OrderEventRecord>builder(registry)
                .config(SerdeConfig.builder().specificAvroReader(true).build())
                .build();
        protobufSerializer = ProtobufSerializer.builder(registry).build();
        protobufDeserializer =
                ProtobufDeserializer.<DynamicMessage>builder(registry).build();
        avroFrame = avroSpecificSerializer.serialize(TOPIC, headers, specific);
        requireSame(
                avroGenericSerializer.serialize(TOPIC, headers, generic),
                avroFrame,
                "Avro generic and specific frames");
        avroGenericDeserializer.deserialize(TOPIC, headers, avroFrame);
        avroSpecificDeserializer.deserialize(TOPIC, headers, avroFrame);
        protobufFrame = protobufSerializer.serialize(PROTOBUF_TOPIC, headers, dynamic);
        protobufHeader = Arrays.copyOf(protobufFrame, protobufFrame.length - dynamic.getSerializedSize());
        protobufDeserializer.deserialize(PROTOBUF_TOPIC, headers, protobufFrame);

        order = SampleOrderEvents.avro();
        protoOrder = SampleOrderEvents.protobuf();
        orderSerializer = AvroSerializer.<OrderEvent>builder(registry).build();
        orderDeserializer = AvroDeserializer.<OrderEvent>builder(registry)
                .config(SerdeConfig.builder().specificAvroReader(true).build())
                .build();
        protoOrderSerializer = ProtobufSerializer.<dev.ferry.schemas.proto.OrderEvent>builder(registry)
                .build();
        protoOrderDeserializer = ProtobufDeserializer.<dev.ferry.schemas.proto.OrderEvent>builder(registry)
                .config(SerdeConfig.builder()
                        .specificProtobufValueType(dev.ferry.schemas.proto.OrderEvent.class)
                        .build())
                .build();
        orderFrame = orderSerializer.serialize(ORDER_TOPIC, headers, order);
        requireEqual(
                orderDeserializer.deserialize(ORDER_TOPIC, headers, orderFrame),
                order,
                "the Avro OrderEvent read back");
        protoOrderFrame = protoOrderSerializer.serialize(PROTOBUF_ORDER_TOPIC, headers, protoOrder);
        protoOrderHeader = Arrays.copyOf(protoOrderFrame, protoOrderFrame.length - protoOrder.getSerializedSize());
        requireEqual(
                protoOrderDeserializer.deserialize(PROTOBUF_ORDER_TOPIC, headers, protoOrderFrame),
                protoOrder,
                "the Protobuf OrderEvent read back");
        orderWriter = new SpecificDatumWriter<>(OrderEvent.class);
        orderReader = new SpecificDatumReader<>(OrderEvent.class);

        encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
        genericWriter = new GenericDatumWriter<>(OrderEventRecord.SCHEMA$);
        specificWriter = new SpecificDatumWriter<>(OrderEventRecord.SCHEMA$);
        genericReader = new GenericDatumReader<>(OrderEventRecord.SCHEMA$);
        specificReader = new SpecificDatumReader<>(OrderEventRecord.class);
        try {
            requireSame(avroSpecificSerializeFloor(), avroFrame, "the Avro floor's frame and Ferry's");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        requireSame(protobufDynamicSerializeFloor(), protobufFrame, "the Protobuf floor's frame and Ferry's");
        try {
            requireSame(orderAvroSerializeFloor(), orderFrame, "the Avro OrderEvent floor's frame and Ferry's");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        requireSame(
                orderProtobufSerializeFloor(), protoOrderFrame, "the Protobuf OrderEvent floor's frame and Ferry's");
    }

    private static void requireEqual(Object actual, Object expected, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " differs from what was written: " + actual);
        }
    }

    private static void requireSame(byte[] actual, byte[] expected, String what) {
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalStateException(what + " differ: the benchmark would compare different work");
        }
    }

    @TearDown
    public void tearDown() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    @Benchmark
    public byte[] avroGenericSerializeFerry() {
        return avroGenericSerializer.serialize(TOPIC, headers, generic);
    }

    @Benchmark
    public byte[] avroGenericSerializeFloor() throws IOException {
        return avroFloor(avroFrame, genericWriter, generic);
    }

    @Benchmark
    public byte[] avroSpecificSerializeFerry() {
        return avroSpecificSerializer.serialize(TOPIC, headers, specific);
    }

    @Benchmark
    public byte[] avroSpecificSerializeFloor() throws IOException {
        return avroFloor(avroFrame, specificWriter, specific);
    }

    @Benchmark
    public byte[] protobufDynamicSerializeFerry() {
        return protobufSerializer.serialize(PROTOBUF_TOPIC, headers, dynamic);
    }

    @Benchmark
    public byte[] protobufDynamicSerializeFloor() {
        return protobufFloor(protobufHeader, dynamic);
    }

    @Benchmark
    public GenericRecord avroGenericDeserializeFerry() {
        return avroGenericDeserializer.deserialize(TOPIC, headers, avroFrame);
    }

    @Benchmark
    public GenericRecord avroGenericDeserializeFloor() throws IOException {
        return avroReadFloor(avroFrame, genericReader);
    }

    @Benchmark
    public OrderEventRecord avroSpecificDeserializeFerry() {
        return avroSpecificDeserializer.deserialize(TOPIC, headers, avroFrame);
    }

    @Benchmark
    public OrderEventRecord avroSpecificDeserializeFloor() throws IOException {
        return avroReadFloor(avroFrame, specificReader);
    }

    @Benchmark
    public DynamicMessage protobufDynamicDeserializeFerry() {
        return protobufDeserializer.deserialize(PROTOBUF_TOPIC, headers, protobufFrame);
    }

    @Benchmark
    public DynamicMessage protobufDynamicDeserializeFloor() throws IOException {
        int offset = protobufHeader.length;
        return DynamicMessage.parseFrom(
                protoType, CodedInputStream.newInstance(protobufFrame, offset, protobufFrame.length - offset));
    }

    @Benchmark
    public byte[] orderAvroSerializeFerry() {
        return orderSerializer.serialize(ORDER_TOPIC, headers, order);
    }

    @Benchmark
    public byte[] orderAvroSerializeFloor() throws IOException {
        return avroFloor(orderFrame, orderWriter, order);
    }

    @Benchmark
    public OrderEvent orderAvroDeserializeFerry() {
        return orderDeserializer.deserialize(ORDER_TOPIC, headers, orderFrame);
    }

    @Benchmark
    public OrderEvent orderAvroDeserializeFloor() throws IOException {
        return avroReadFloor(orderFrame, orderReader);
    }

    @Benchmark
    public byte[] orderProtobufSerializeFerry() {
        return protoOrderSerializer.serialize(PROTOBUF_ORDER_TOPIC, headers, protoOrder);
    }

    @Benchmark
    public byte[] orderProtobufSerializeFloor() {
        return protobufFloor(protoOrderHeader, protoOrder);
    }

    @Benchmark
    public dev.ferry.schemas.proto.OrderEvent orderProtobufDeserializeFerry() {
        return protoOrderDeserializer.deserialize(PROTOBUF_ORDER_TOPIC, headers, protoOrderFrame);
    }

    @Benchmark
    public dev.ferry.schemas.proto.OrderEvent orderProtobufDeserializeFloor() throws IOException {
        int offset = protoOrderHeader.length;
        return dev.ferry.schemas.proto.OrderEvent.parseFrom(
                CodedInputStream.newInstance(protoOrderFrame, offset, protoOrderFrame.length - offset));
    }

    /** The floor of an Avro serializer: the frame's header, the raw encoder, the copy out. */
    private <T> byte[] avroFloor(byte[] frame, DatumWriter<T> writer, T datum) throws IOException {
        buffer.reset();
        buffer.write(frame, 0, 5);
        writer.write(datum, encoder);
        return buffer.toByteArray();
    }

    /** The floor of an Avro deserializer: the raw decoder on the frame's payload. */
    private <T> T avroReadFloor(byte[] frame, DatumReader<T> reader) throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(frame, 5, frame.length - 5, decoder);
        return reader.read(null, decoder);
    }

    /** The floor of a Protobuf serializer: the header and the message written into one exact array. */
    private static byte[] protobufFloor(byte[] header, Message message) {
        try {
            int size = message.getSerializedSize();
            byte[] frame = new byte[header.length + size];
            System.arraycopy(header, 0, frame, 0, header.length);
            CodedOutputStream output = CodedOutputStream.newInstance(frame, header.length, size);
            message.writeTo(output);
            output.checkNoSpaceLeft();
            return frame;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
