package dev.ferry.benchmarks.serdes;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.ferry.producer.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufFormat;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ferry's serializers and deserializers with a warm cache against the floor: the raw Avro or
 * Protobuf encoder writing the same record into a reused buffer (plus the 5-byte header and the
 * copy into the output array every serializer must return), and the raw decoder reading it.
 * Run with {@code benchmarks/bin/run-jmh Serdes -f 1 -wi 3 -i 5 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.ferry")
public class SerdesBenchmark {

    private static final String TOPIC = "orders";
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

    private AvroSerializer<Object> avroSerializer;
    private AvroDeserializer<GenericRecord> avroDeserializer;
    private ProtobufSerializer<Message> protobufSerializer;
    private ProtobufDeserializer<DynamicMessage> protobufDeserializer;
    private byte[] avroFrame;
    private byte[] protobufFrame;

    private final ReusableBuffer buffer = new ReusableBuffer();
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private GenericDatumWriter<GenericRecord> genericWriter;
    private SpecificDatumWriter<OrderEventRecord> specificWriter;
    private GenericDatumReader<GenericRecord> genericReader;

    @Setup
    public void setUp() {
        SchemaRegistryClient registry = FixedRegistry.create();
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

        avroSerializer = AvroSerializer.builder(registry).build();
        avroDeserializer = AvroDeserializer.<GenericRecord>builder(registry).build();
        protobufSerializer = ProtobufSerializer.builder(registry).build();
        protobufDeserializer = ProtobufDeserializer.<DynamicMessage>builder(registry).build();
        avroFrame = avroSerializer.serialize(TOPIC, headers, generic);
        avroSerializer.serialize(TOPIC, headers, specific);
        avroDeserializer.deserialize(TOPIC, headers, avroFrame);
        protobufFrame = protobufSerializer.serialize(TOPIC, headers, dynamic);
        protobufDeserializer.deserialize(TOPIC, headers, protobufFrame);

        encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
        genericWriter = new GenericDatumWriter<>(OrderEventRecord.SCHEMA$);
        specificWriter = new SpecificDatumWriter<>(OrderEventRecord.SCHEMA$);
        genericReader = new GenericDatumReader<>(OrderEventRecord.SCHEMA$);
    }

    @Benchmark
    public byte[] avroGenericSerializeFerry() {
        return avroSerializer.serialize(TOPIC, headers, generic);
    }

    @Benchmark
    public byte[] avroGenericSerializeFloor() throws IOException {
        buffer.reset();
        buffer.write(avroFrame, 0, 5);
        genericWriter.write(generic, encoder);
        return buffer.toByteArray();
    }

    @Benchmark
    public byte[] avroSpecificSerializeFerry() {
        return avroSerializer.serialize(TOPIC, headers, specific);
    }

    @Benchmark
    public byte[] avroSpecificSerializeFloor() throws IOException {
        buffer.reset();
        buffer.write(avroFrame, 0, 5);
        specificWriter.write(specific, encoder);
        return buffer.toByteArray();
    }

    @Benchmark
    public byte[] protobufDynamicSerializeFerry() {
        return protobufSerializer.serialize(TOPIC, headers, dynamic);
    }

    @Benchmark
    public byte[] protobufDynamicSerializeFloor() {
        return dynamic.toByteArray();
    }

    @Benchmark
    public GenericRecord avroGenericDeserializeFerry() {
        return avroDeserializer.deserialize(TOPIC, headers, avroFrame);
    }

    @Benchmark
    public GenericRecord avroGenericDeserializeFloor() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(avroFrame, 5, avroFrame.length - 5, decoder);
        return genericReader.read(null, decoder);
    }

    @Benchmark
    public DynamicMessage protobufDynamicDeserializeFerry() {
        return protobufDeserializer.deserialize(TOPIC, headers, protobufFrame);
    }

    @Benchmark
    public DynamicMessage protobufDynamicDeserializeFloor() throws IOException {
        return DynamicMessage.parseFrom(protoType, CodedInputStream.newInstance(protobufFrame, 6, protobufFrame.length - 6));
    }
}
