package dev.ferry.examples.evolution;

import dev.ferry.common.Deserializer;
import dev.ferry.common.Headers;
import dev.ferry.examples.evolution.SchemaEvolution.Check;
import dev.ferry.examples.internal.ExampleEnvironment;
import dev.ferry.examples.internal.SampleOrders;
import dev.ferry.registry.CompatibilityLevel;
import dev.ferry.registry.RegisteredSchema;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.TopicPartition;

/**
 * Avro: v1 and v2 of OrderEvent under one subject. The registry accepts v2 as a FULL-compatible
 * new version (channel has a default), and Avro's schema resolution lets each read the other's
 * records: v2 fills in the default, v1 skips the field it does not know.
 */
final class AvroEvolution {
    static final String TOPIC = "ferry-evolution-avro";
    private static final String SUBJECT = TOPIC + "-value";

    private AvroEvolution() {}

    static List<Check> run(ExampleEnvironment env, PrintStream out) {
        SchemaRegistryClient registry = env.registry();
        Map<TopicPartition, Long> start = EvolutionTopic.create(env, TOPIC);
        registry.setCompatibility(SUBJECT, CompatibilityLevel.FULL);

        OrderEvent v1 = SampleOrders.avro(1);
        dev.ferry.schemas.avro.v2.OrderEvent v2 = v2(SampleOrders.avro(2), "app");
        EvolutionTopic.Written written = EvolutionTopic.writeBoth(
                env,
                TOPIC,
                start,
                new EvolutionTopic.Version<>(
                        AvroSerializer.<OrderEvent>builder(registry).build(), v1.getOrderId(), v1),
                new EvolutionTopic.Version<>(
                        AvroSerializer.<dev.ferry.schemas.avro.v2.OrderEvent>builder(registry)
                                .build(),
                        v2.getOrderId(),
                        v2));
        byte[] writtenWithV1 = written.withV1();
        byte[] writtenWithV2 = written.withV2();
        RegisteredSchema v1Registered =
                registry.lookup(SUBJECT, Schema.avro(OrderEvent.getClassSchema().toString()));
        RegisteredSchema v2Registered = registry.lookup(
                SUBJECT,
                Schema.avro(
                        dev.ferry.schemas.avro.v2.OrderEvent.getClassSchema().toString()));

        out.printf(
                "Avro: topic %s, subject %s, compatibility %s%n",
                TOPIC,
                SUBJECT,
                registry.compatibility(SUBJECT, true).map(Enum::name).orElse("unknown"));
        out.printf(
                "  %s written with v1: schema id %d, version %d of the subject%n",
                v1.getOrderId(), EvolutionTopic.schemaId(writtenWithV1), v1Registered.version());
        out.printf(
                "  %s written with v2 (channel \"app\"): schema id %d, version %d, accepted by the registry as compatible%n",
                v2.getOrderId(), EvolutionTopic.schemaId(writtenWithV2), v2Registered.version());

        Deserializer<GenericRecord> readWithV1 = AvroDeserializer.<GenericRecord>builder(registry)
                .readerSchema(OrderEvent.getClassSchema())
                .build();
        Deserializer<GenericRecord> readWithV2 = AvroDeserializer.<GenericRecord>builder(registry)
                .readerSchema(dev.ferry.schemas.avro.v2.OrderEvent.getClassSchema())
                .build();
        GenericRecord v2ReadsV1 = readWithV2.deserialize(TOPIC, new Headers(), writtenWithV1);
        GenericRecord v2ReadsV2 = readWithV2.deserialize(TOPIC, new Headers(), writtenWithV2);
        GenericRecord v1ReadsV2 = readWithV1.deserialize(TOPIC, new Headers(), writtenWithV2);
        GenericRecord v1ReadsV1 = readWithV1.deserialize(TOPIC, new Headers(), writtenWithV1);

        List<Check> checks = List.of(
                new Check(
                        "v2 reads the v1 record: channel = \"" + v2ReadsV1.get("channel")
                                + "\", v2's default, filled in by Avro's schema resolution; every other field as written",
                        "web".equals(String.valueOf(v2ReadsV1.get("channel"))) && sameBinary(v2ReadsV1, v2(v1, "web"))),
                new Check(
                        "v2 reads the v2 record: channel = \"" + v2ReadsV2.get("channel") + "\", as written",
                        sameBinary(v2ReadsV2, v2)),
                new Check(
                        "v1 reads the v2 record: channel skipped, as v1 does not know it; every v1 field as written",
                        v1ReadsV2.getSchema().getField("channel") == null
                                && sameBinary(v1ReadsV2, SampleOrders.avro(2))),
                new Check("v1 reads the v1 record: as written", sameBinary(v1ReadsV1, v1)));
        checks.forEach(check -> check.print(out));
        return checks;
    }

    /** Order {@code v1} as v2 would have written it, with {@code channel}. */
    static dev.ferry.schemas.avro.v2.OrderEvent v2(OrderEvent v1, String channel) {
        return dev.ferry.schemas.avro.v2.OrderEvent.newBuilder()
                .setOrderId(v1.getOrderId())
                .setCustomer(v1.getCustomer())
                .setStatus(v1.getStatus())
                .setLines(v1.getLines())
                .setTotal(v1.getTotal())
                .setPlacedAt(v1.getPlacedAt())
                .setChannel(channel)
                .build();
    }

    /** Whether a record read as generic data encodes to the same Avro binary as the generated object. */
    private static boolean sameBinary(GenericRecord read, SpecificRecordBase expected) {
        if (!read.getSchema().equals(expected.getSchema())) {
            return false;
        }
        return Arrays.equals(
                binary(new GenericDatumWriter<>(read.getSchema(), GenericData.get()), read),
                binary(new SpecificDatumWriter<>(expected.getSchema(), expected.getSpecificData()), expected));
    }

    private static <T> byte[] binary(GenericDatumWriter<T> writer, T datum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
